import ECRClient
import Foundation

/// Turns the IAM query answers of `GetAccountAuthorizationDetails` (and `GetPolicy`/`GetPolicyVersion`)
/// into the JSON the AWS CLI prints for `aws iam get-account-authorization-details`, so one mapping
/// reads both a GAAD file and a live account:
/// - `<X><member>…</member></X>` lists become arrays (known list names stay arrays when empty);
/// - policy documents are RFC 3986 URL-encoded on the wire and decoded into JSON objects, as the AWS
///   CLI does; a document that already starts with `{` (moto's trust policies) is read as it is; a
///   document that is not JSON stays a string (the mapping reports it);
/// - `IsTruncated`, `IsDefaultVersion`, `IsAttachable` are booleans, the counts integers.
/// Pages are merged list by list in page order.
enum AuthorizationDetailsXML {
    static let listNames: Set<String> = [
        "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies", "UserPolicyList", "GroupList", "AttachedManagedPolicies",
        "Tags", "GroupPolicyList", "RolePolicyList", "InstanceProfileList", "Roles", "PolicyVersionList",
    ]
    /// Structures that stay objects when empty (`<RoleLastUsed/>` is `{}` to botocore).
    static let structureNames: Set<String> = ["RoleLastUsed", "PermissionsBoundary"]
    static let documentNames: Set<String> = ["PolicyDocument", "AssumeRolePolicyDocument", "Document"]
    static let booleanNames: Set<String> = ["IsTruncated", "IsDefaultVersion", "IsAttachable"]
    static let integerNames: Set<String> = ["AttachmentCount", "PermissionsBoundaryUsageCount"]
    static let resultLists = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"]

    struct Unreadable: Error, CustomStringConvertible { var description: String }

    /// The merged answer of all GAAD pages.
    static func merge(pages: [Data]) throws(Unreadable) -> JSONValue {
        var lists: [String: [JSONValue]] = [:]
        for (index, page) in pages.enumerated() {
            guard let result = XMLTree(page)?.root?.descendant("GetAccountAuthorizationDetailsResult") else {
                throw Unreadable(description: "page \(index + 1) is not a GetAccountAuthorizationDetails answer")
            }
            for name in resultLists {
                lists[name, default: []] += result.child(name).map { convert($0).arrayValue ?? [] } ?? []
            }
        }
        return .object(resultLists.map { ($0, .array(lists[$0] ?? [])) })
    }

    /// A `Policies` entry built from `GetPolicy` and `GetPolicyVersion` answers.
    static func managedPolicy(getPolicy: Data, getPolicyVersion: Data) throws(Unreadable) -> JSONValue {
        guard let policy = XMLTree(getPolicy)?.root?.descendant("Policy"), let version = XMLTree(getPolicyVersion)?.root?.descendant("PolicyVersion") else {
            throw Unreadable(description: "not a GetPolicy/GetPolicyVersion answer")
        }
        guard case .object(var members) = convert(policy) else { throw Unreadable(description: "empty GetPolicy answer") }
        var versionJSON = convert(version)
        if case .object(var versionMembers) = versionJSON, !versionMembers.contains(where: { $0.0 == "IsDefaultVersion" }) {
            versionMembers.append(("IsDefaultVersion", .bool(true)))
            versionJSON = .object(versionMembers)
        }
        members.removeAll { $0.0 == "PolicyVersionList" }
        members.append(("PolicyVersionList", .array([versionJSON])))
        return .object(members)
    }

    static func convert(_ element: XMLTree.Element) -> JSONValue {
        if listNames.contains(element.name) || (!element.children.isEmpty && element.children.allSatisfy { $0.name == "member" }) {
            return .array(element.members.map { member in member.children.isEmpty ? .string(member.text) : convert(member) })
        }
        if element.children.isEmpty {
            if structureNames.contains(element.name) { return .object([]) }
            if documentNames.contains(element.name) { return document(element.text) }
            if booleanNames.contains(element.name) { return .bool(element.text == "true") }
            if integerNames.contains(element.name), let value = Int(element.text) { return .int(value) }
            return .string(element.text)
        }
        return .object(element.children.map { ($0.name, convert($0)) })
    }

    /// URL-decodes (unless it is already JSON) and parses a policy document.
    static func document(_ text: String) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let decoded = trimmed.hasPrefix("{") ? trimmed : (trimmed.removingPercentEncoding ?? trimmed)
        if let value = try? JSONValue.parse(decoded), case .object = value { return value }
        return .string(decoded)
    }

    /// Every managed policy ARN the principals of a merged answer attach or use as a boundary.
    static func referencedPolicyARNs(_ details: JSONValue) -> Set<String> {
        var arns: Set<String> = []
        for list in ["UserDetailList", "GroupDetailList", "RoleDetailList"] {
            for entry in details[list]?.arrayValue ?? [] {
                for attached in entry["AttachedManagedPolicies"]?.arrayValue ?? [] {
                    if let arn = attached["PolicyArn"]?.stringValue { arns.insert(arn) }
                }
                if let boundary = entry["PermissionsBoundary"]?["PermissionsBoundaryArn"]?.stringValue { arns.insert(boundary) }
            }
        }
        return arns
    }

    static func appendPolicies(_ details: JSONValue, _ extra: [JSONValue]) -> JSONValue {
        guard case .object(var members) = details, !extra.isEmpty else { return details }
        if let index = members.firstIndex(where: { $0.0 == "Policies" }) {
            members[index].1 = .array((members[index].1.arrayValue ?? []) + extra)
        }
        return .object(members)
    }
}
