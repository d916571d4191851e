import ECRClient
import Foundation

/// Turns the IAM query answers of `GetAccountAuthorizationDetails` (and `GetPolicy`/`GetPolicyVersion`)
/// into the JSON the AWS CLI prints for `aws iam get-account-authorization-details`, so one mapping
/// reads both a GAAD file and a live account. The answers are decoded by the generated IAM shapes
/// (`Sources/ECRClient/Generated/IAM`) and printed with their `jsonValue()`, as the AWS CLI prints them:
/// policy documents URL-decoded and parsed (`AWSPolicyDocument`), lists as arrays, booleans and counts
/// typed. Pages are merged list by list in page order.
enum AuthorizationDetailsXML {
    static let resultLists = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"]

    struct Unreadable: Error, CustomStringConvertible { var description: String }

    /// The merged answer of all GAAD pages.
    static func merge(pages: [Data]) throws(Unreadable) -> JSONValue {
        var lists: [String: [JSONValue]] = [:]
        for (index, page) in pages.enumerated() {
            let answer: IAM.GetAccountAuthorizationDetailsResponse
            do { answer = try result(page, "GetAccountAuthorizationDetailsResult") } catch {
                throw Unreadable(description: "page \(index + 1) is not a GetAccountAuthorizationDetails answer (\(error))")
            }
            let printed = answer.jsonValue()
            for name in resultLists { lists[name, default: []] += printed[name]?.arrayValue ?? [] }
        }
        return .object(resultLists.map { ($0, .array(lists[$0] ?? [])) })
    }

    /// A `Policies` entry built from `GetPolicy` and `GetPolicyVersion` answers.
    static func managedPolicy(getPolicy: Data, getPolicyVersion: Data) throws(Unreadable) -> JSONValue {
        let policy: IAM.GetPolicyResponse, version: IAM.GetPolicyVersionResponse
        do {
            policy = try result(getPolicy, "GetPolicyResult")
            version = try result(getPolicyVersion, "GetPolicyVersionResult")
        } catch { throw Unreadable(description: "not a GetPolicy/GetPolicyVersion answer (\(error))") }
        guard case .object(var members)? = policy.policy?.jsonValue(), var versionJSON = version.policyVersion?.jsonValue() else {
            throw Unreadable(description: "empty GetPolicy or GetPolicyVersion answer")
        }
        if case .object(var versionMembers) = versionJSON, !versionMembers.contains(where: { $0.0 == "IsDefaultVersion" }) {
            versionMembers.append(("IsDefaultVersion", .bool(true)))
            versionJSON = .object(versionMembers)
        }
        members.removeAll { $0.0 == "PolicyVersionList" }
        members.append(("PolicyVersionList", .array([versionJSON])))
        return .object(members)
    }

    /// The default version id a `GetPolicy` answer names.
    static func defaultVersion(getPolicy: Data) -> String? {
        (try? result(getPolicy, "GetPolicyResult") as IAM.GetPolicyResponse)?.policy?.defaultVersionId
    }

    /// `sts:GetCallerIdentity`'s account and ARN; nil when the answer lacks them, an error when it
    /// cannot be read (not XML, or libxml2 could not be loaded).
    static func callerIdentity(_ data: Data) throws(AWSDecodingError) -> (account: String, arn: String)? {
        let answer: STS.GetCallerIdentityResponse = try result(data, "GetCallerIdentityResult")
        guard let account = answer.account, let arn = answer.arn else { return nil }
        return (account, arn)
    }

    /// The query protocol's paging marker: `Marker` when `IsTruncated` is true.
    static func nextMarker(_ data: Data) -> String? {
        guard let root = try? AWSXMLElement.parse(data) else { return nil }
        let result = root.children.first { $0.name.hasSuffix("Result") } ?? root
        guard result.child("IsTruncated")?.text == "true" else { return nil }
        return result.child("Marker")?.text
    }

    /// The `<…Result>` element of a query answer, decoded into the generated output shape.
    private static func result<Output: XMLShapeDecodable>(_ data: Data, _ wrapper: String) throws(AWSDecodingError) -> Output {
        let root = try AWSXMLElement.parse(data)
        guard let result = root.child(wrapper) else { throw AWSDecodingError("no <\(wrapper)> in <\(root.name)>") }
        return try Output(xml: result)
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
