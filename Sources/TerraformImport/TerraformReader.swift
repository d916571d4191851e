import PolicyCore
import RegistryAudit

/// The options `import terraform` and `audit --terraform-plan` pass to the reader.
public struct TerraformReadOptions: Sendable, Hashable {
    /// `--account`: the account of every resource (else `data.aws_caller_identity`, else `registry_id`).
    public var account: String?
    /// `--region`: the Region of resources whose own and provider Region the plan does not give.
    public var region: String?
    /// `--organization`: the organization id (`o-...`) of every account in the plan.
    public var organization: String?

    public init(account: String? = nil, region: String? = nil, organization: String? = nil) {
        self.account = account
        self.region = region
        self.organization = organization
    }
}

/// One thing the reader could not read, resolve or represent, at the resource's position.
struct TerraformGap: Hashable {
    var code: String
    var location: ManifestLocation
    var subject: String
    var message: String
}

/// The walk over a document that builds the manifest: each `read…` method reads one resource type.
struct TerraformReader {
    let document: TerraformDocument
    let options: TerraformReadOptions

    /// Registries by `account/region`.
    var registries: [Placement: RegistryManifest] = [:]
    var principals: [String: PrincipalManifest] = [:]
    /// Policy texts by path relative to the policies directory, with `<address>.<attribute>`.
    var policies: [String: (text: String, origin: String)] = [:]
    var gaps: [TerraformGap] = []
    /// IAM state while reading: principals by address and by `account/kind/name`, group policies and
    /// members, managed policy files by address and ARN.
    var iam = IAMIndex()
    /// Each registry's repositories by name: their index in `repositories`.
    var repositoryIndex: [Placement: [String: Int]] = [:]
    /// What the plan manages (a base's settings stay for what it does not; see `layered(_:over:)`).
    var declared: Set<Declared> = []
    /// Resources of each type, in document order.
    let byType: [String: [TerraformResource]]

    init(document: TerraformDocument, options: TerraformReadOptions) {
        self.document = document
        self.options = options
        var byType: [String: [TerraformResource]] = [:]
        for resource in document.resources + document.dataSources {
            byType[(resource.address.isData ? "data." : "") + resource.type, default: []].append(resource)
        }
        self.byType = byType
    }

    func resources(_ type: String) -> [TerraformResource] { byType[type] ?? [] }

    func location(_ resource: TerraformResource) -> ManifestLocation {
        ManifestLocation(file: document.file, line: resource.position.line, column: resource.position.column)
    }

    mutating func gap(_ code: String, _ resource: TerraformResource, subject: String, _ message: String) {
        gaps.append(TerraformGap(code: code, location: location(resource), subject: subject, message: message))
    }

    /// `IAC_VALUE_UNKNOWN` for an attribute known only after apply, naming what it depends on.
    mutating func unknown(_ resource: TerraformResource, _ attribute: String, display: String? = nil) {
        let subject = resource.addressText + "." + (display ?? attribute)
        let dependencies = document.dependencies(of: resource, attribute: attribute)
        let why = attribute == "name" && resource.isConfigured("name_prefix") && dependencies.isEmpty
            ? " (Terraform generates it from name_prefix)" : TerraformDocument.dependsOn(dependencies)
        gap("IAC_VALUE_UNKNOWN", resource, subject: subject, "\(subject) is known only after apply" + why)
    }

    /// A string attribute; an unknown one is a gap (named `display`, default the attribute).
    mutating func string(_ resource: TerraformResource, _ path: [ValuePath], attribute: String, display: String? = nil) -> String?? {
        switch resource.value(path) {
        case .known(let node):
            guard let text = node.stringValue else {
                gap("IAC_UNSUPPORTED", resource, subject: resource.addressText + "." + (display ?? attribute),
                    "\(resource.addressText).\(display ?? attribute) is \(node.typeDescription), expected a string")
                return nil
            }
            return .some(text.isEmpty ? nil : text)
        case .unknown:
            unknown(resource, attribute, display: display)
            return nil
        case .absent:
            return .some(nil)
        }
    }

    mutating func string(_ resource: TerraformResource, _ attribute: String) -> String?? {
        string(resource, [.key(attribute)], attribute: attribute)
    }

    /// A boolean attribute; unknown is a gap (nil), absent is `.some(nil)`.
    mutating func bool(_ resource: TerraformResource, _ path: [ValuePath], attribute: String, display: String) -> Bool?? {
        switch resource.value(path) {
        case .known(let node):
            if case .bool(let value) = node.kind { return .some(value) }
            return .some(nil)
        case .unknown:
            unknown(resource, attribute, display: display)
            return nil
        case .absent:
            return .some(nil)
        }
    }

    /// Account and Region of a regional resource; a gap when either cannot be resolved.
    mutating func placement(_ resource: TerraformResource, repository: String? = nil) -> Placement? {
        guard let account = account(resource) else { return nil }
        let resolved = document.region(of: resource, fallback: options.region)
        // A state holds no configuration: a repository policy without a Region of its own is in the
        // Region of the one repository of that name the document places in its account.
        if case .unresolved = resolved, let repository {
            let regions = repositoryIndex.keys.filter { $0.account == account && repositoryIndex[$0]?[repository] != nil }
            if regions.count == 1 { return regions[0] }
        }
        switch resolved {
        case .resolved(let region):
            guard Self.isRegion(region) else {
                gap("IAC_UNSUPPORTED", resource, subject: resource.addressText + ".region", "\(resource.addressText): '\(region)' is not an AWS Region name such as us-east-1")
                return nil
            }
            return Placement(account: account, region: region)
        case .unresolved(let why):
            gap("IAC_VALUE_UNKNOWN", resource, subject: resource.addressText + ".region", "\(resource.addressText): \(why)")
            return nil
        }
    }

    /// The account of a (global or regional) resource; a gap when it cannot be resolved.
    mutating func account(_ resource: TerraformResource) -> String? {
        switch document.account(of: resource, fallback: options.account) {
        case .resolved(let account):
            guard ARN.isAccountID(account) else {
                gap("IAC_UNSUPPORTED", resource, subject: resource.addressText, "\(resource.addressText): '\(account)' is not a 12-digit account id")
                return nil
            }
            return account
        case .unresolved(let why):
            gap("IAC_VALUE_UNKNOWN", resource, subject: resource.addressText, "\(resource.addressText): \(why)")
            return nil
        }
    }

    /// The registry of an account in a Region, made on first use at the first resource that names it.
    mutating func withRegistry(_ placement: Placement, at resource: TerraformResource, _ body: (inout RegistryManifest) -> Void) {
        if registries[placement] == nil {
            let organization = options.organization.map { OrganizationMembership(id: $0) }
            registries[placement] = RegistryManifest(name: "\(placement.account)/\(placement.region)", account: placement.account,
                                                     region: placement.region, partition: Self.partition(of: placement.region),
                                                     organization: organization, location: location(resource))
        }
        body(&registries[placement]!)
    }

    /// `us-east-1`, `eu-central-2`, `us-gov-west-1` (the manifest's rule).
    static func isRegion(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, !last.isEmpty, last.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }

    static func partition(of region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        if region.hasPrefix("us-iso-") { return "aws-iso" }
        if region.hasPrefix("us-isob-") { return "aws-iso-b" }
        return "aws"
    }

    /// A policy document held in `path` of a resource, recorded under `file`; nil (and a gap) when
    /// unknown, nil when absent or empty.
    mutating func policy(_ resource: TerraformResource, _ path: [ValuePath], attribute: String, display: String? = nil,
                         file: String) -> PolicyReference? {
        guard let text = string(resource, path, attribute: attribute, display: display), let text else { return nil }
        policies[file] = (text, resource.addressText + "." + (display ?? attribute))
        return PolicyReference(path: file, location: location(resource))
    }

    /// Runs every resource reader and returns what they built.
    static func read(_ document: TerraformDocument, options: TerraformReadOptions) -> TerraformReader {
        var reader = TerraformReader(document: document, options: options)
        if !document.isComplete {
            reader.gaps.append(TerraformGap(code: ImportDescriptors.iacUnsupported.code, location: ManifestLocation(file: document.file, line: 1, column: 1),
                                            subject: document.file,
                                            message: "the plan is incomplete ('complete': false): Terraform deferred some changes, so resources may be missing"))
        }
        reader.readECR()
        reader.readIAM()
        reader.readOrganizations()
        reader.reportUnsupported()
        return reader
    }

    /// Resource types that can grant access to ECR but that this reader does not represent.
    static let unsupportedTypes: [String: String] = [
        "aws_ecr_repository_creation_template": "its repository policy applies to repositories ECR creates later (replication, pull-through cache, create-on-push), which the plan does not list",
        "aws_ssoadmin_permission_set_inline_policy": "IAM Identity Center permission sets grant access through roles the plan does not declare",
        "aws_ssoadmin_managed_policy_attachment": "IAM Identity Center permission sets grant access through roles the plan does not declare",
        "aws_ssoadmin_customer_managed_policy_attachment": "IAM Identity Center permission sets grant access through roles the plan does not declare",
        "aws_ssoadmin_permissions_boundary_attachment": "IAM Identity Center permission sets grant access through roles the plan does not declare",
        "aws_ecrpublic_repository_policy": "ECR Public repositories are not private registries; ecrguard audits private ECR",
    ]

    mutating func reportUnsupported() {
        for (type, why) in Self.unsupportedTypes.sorted(by: { $0.key < $1.key }) {
            for resource in resources(type) {
                gap("IAC_UNSUPPORTED", resource, subject: resource.addressText, "\(resource.addressText) is not read: \(why)")
            }
        }
    }
}
