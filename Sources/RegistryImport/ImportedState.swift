import PolicyCore
import RegistryAudit

/// What a reader found: the state in manifest terms, each policy's text, and what it could not read.
///
/// Every reader (live account, `aws iam get-account-authorization-details` file, Terraform plan,
/// CloudFormation template) builds one; `ManifestWriter` writes it as a `policies/` directory and
/// `registryInput(directory:)` audits exactly what would be written.
public struct ImportedState: Sendable {
    public var manifest: Manifest
    /// Keyed by the path the manifest's PolicyReference names, relative to the policies directory.
    public var policies: [String: ImportedPolicy]
    /// Everything that could not be read, resolved or represented. Never silently dropped.
    public var gaps: [ImportGap]
    /// Provenance for import-report.json: source, calls made, principals left out and why.
    public var provenance: ImportProvenance

    public init(manifest: Manifest, policies: [String: ImportedPolicy] = [:], gaps: [ImportGap] = [],
                provenance: ImportProvenance) {
        self.manifest = manifest
        self.policies = policies
        self.gaps = gaps
        self.provenance = provenance
    }

    /// A `policies/` input already read (a hand-written manifest, or the base an import is layered
    /// over), as a state: every policy it names keyed by the path the manifest writes.
    public init(_ input: RegistryInput, provenance: ImportProvenance) {
        var policies: [String: ImportedPolicy] = [:]
        for (reference, kind) in RegistryLoader.references(in: input.manifest) where policies[reference.path] == nil {
            if let file = input.policy(reference, kind: kind) {
                policies[reference.path] = ImportedPolicy(text: file.text, origin: file.path)
            }
        }
        self.init(manifest: input.manifest, policies: policies, gaps: [], provenance: provenance)
    }
}

/// One policy document as a reader found it.
public struct ImportedPolicy: Sendable, Hashable {
    /// The policy JSON (the writer pretty-prints it; text that is not JSON is written unchanged, and
    /// the audit reports it where it is).
    public var text: String
    /// Where it came from: `arn:aws:iam::123456789012:policy/ci-push v3`, `PLAN.json:12:5`.
    public var origin: String

    public init(text: String, origin: String) {
        self.text = text
        self.origin = origin
    }
}

/// Something a reader could not read, resolve or represent. Each becomes a `high` finding in the
/// audit (the default gate fails), at `location`.
public struct ImportGap: Sendable, Hashable, Codable {
    /// One of `ImportDescriptors` (PolicyCore): `IMPORT_ACCESS_DENIED`, `IMPORT_CALL_FAILED`, ...
    public var code: String
    /// file:line:column of the source, or `live:ACCOUNT/REGION` line 1 column 1.
    public var location: ManifestLocation
    /// What is missing: `module.ecr.aws_ecr_repository_policy.this[0].policy`,
    /// `ecr:GetRepositoryPolicy 123456789012/us-east-1/api`.
    public var subject: String
    /// Readable; names what it depends on, or the error code AWS returned.
    public var message: String

    public init(code: String, location: ManifestLocation, subject: String, message: String) {
        self.code = code
        self.location = location
        self.subject = subject
        self.message = message
    }

    /// The order import reports list gaps in: by location, then code, subject and message.
    static func < (a: ImportGap, b: ImportGap) -> Bool {
        (a.location.file, a.location.line, a.location.column, a.code, a.subject, a.message)
            < (b.location.file, b.location.line, b.location.column, b.code, b.subject, b.message)
    }
}

/// Where an import's state came from, for `import-report.json`. Holds no clock reading, so a second
/// import of an unchanged source writes the same bytes.
public struct ImportProvenance: Sendable, Hashable, Codable {
    /// What was read: `aws iam get-account-authorization-details file gaad.json`, `live`,
    /// `terraform plan plan.json`.
    public var source: String
    /// Accounts and Regions the state covers.
    public var accounts: [String]
    public var regions: [String]
    /// API calls made (`iam:GetAccountAuthorizationDetails`) and how many times each.
    public var calls: [String: Int]
    /// How many principals the manifest describes.
    public var principalsIncluded: Int
    /// Principals found but not written, each with the reason.
    public var principalsLeftOut: [LeftOutPrincipal]
    /// Anything else a reader wants the user to know (one sentence each).
    public var notes: [String]

    public init(source: String, accounts: [String] = [], regions: [String] = [], calls: [String: Int] = [:],
                principalsIncluded: Int = 0, principalsLeftOut: [LeftOutPrincipal] = [], notes: [String] = []) {
        self.source = source
        self.accounts = accounts
        self.regions = regions
        self.calls = calls
        self.principalsIncluded = principalsIncluded
        self.principalsLeftOut = principalsLeftOut
        self.notes = notes
    }

    /// How many principals were left out, by reason.
    public var leftOutCounts: [String: Int] {
        principalsLeftOut.reduce(into: [:]) { $0[$1.reason, default: 0] += 1 }
    }
}

/// A principal an import found and did not write into the manifest.
public struct LeftOutPrincipal: Sendable, Hashable, Codable {
    public var arn: String
    /// `service-linked role`, `no policy can grant an ecr: action`.
    public var reason: String

    public init(arn: String, reason: String) {
        self.arn = arn
        self.reason = reason
    }

    public static let serviceLinkedRole = "service-linked role"
    public static let cannotGrantECR = "no identity policy can allow an ecr: action and no repository or registry policy names it"
}
