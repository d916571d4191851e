import ArgumentParser
import ECRClient
import Foundation
import PolicyCore
import Registry
import RegistryAudit

/// Checking the policies before an image push or pull, and explaining a refusal by the registry.
struct PreflightOptions: ParsableArguments {
    @Option(help: "The caller's principal ARN: evaluate the push/pull capability before transferring (exit 1 when denied), and explain a 401/403.")
    var preflightAs: String?

    @Option(help: "An identity policy file of the caller (repeatable; none: assumed to allow ecr:*).")
    var identityPolicy: [String] = []

    @Option(help: "The repository policy file.")
    var repositoryPolicy: String?

    @Option(help: "The registry permission policy file.")
    var registryPolicy: String?

    @Option(help: "The repository's ARN, when the registry host is not an ECR host (a mirror, a test registry).")
    var repositoryARN: String?

    @Flag(help: "Read the repository policy and the registry policy from ECR (GetRepositoryPolicy, GetRegistryPolicy) instead of files.")
    var live = false

    @Option(help: "A policies/ directory (or its manifest file): the repository's policies, and the caller's own when it is a manifest principal.")
    var policies: String?

    func validate() throws {
        if let preflightAs, PrincipalIdentity(preflightAs) == nil { throw ValidationError("--preflight-as: '\(preflightAs)' is not a principal ARN") }
        if let repositoryARN, ARN(repositoryARN) == nil { throw ValidationError("--repository-arn: '\(repositoryARN)' is not an ARN") }
        if policies != nil && (live || repositoryPolicy != nil || registryPolicy != nil || !identityPolicy.isEmpty) {
            throw ValidationError("--policies reads every policy from the manifest: give no policy files and no --live with it")
        }
        if live && (repositoryPolicy != nil || registryPolicy != nil) {
            throw ValidationError("--live reads the repository and registry policies from ECR: give no policy files for them")
        }
        if preflightAs == nil && (!identityPolicy.isEmpty || repositoryPolicy != nil || registryPolicy != nil || live || policies != nil) {
            throw ValidationError("policy files are read for the preflight: give --preflight-as PRINCIPAL_ARN")
        }
    }

    /// The repository ARN of an image reference: given, or built from an ECR host.
    func repositoryARN(for reference: ImageReference) throws -> String {
        if let repositoryARN { return repositoryARN }
        guard let host = ECRRegistryHost(reference.registry), host.kind == .private, let account = host.registryId else {
            throw CLIFailure.usage("\(reference.registry) is not an ECR host: give --repository-arn for the preflight")
        }
        let partition = reference.registry.hasSuffix(".cn") ? "aws-cn" : reference.registry.contains("-gov-") ? "aws-us-gov" : "aws"
        return "arn:\(partition):ecr:\(host.region):\(account):repository/\(reference.repository)"
    }

    /// The capability decision explained, or nil when allowed or no preflight was asked for.
    func explanation(_ capability: Capability, on reference: ImageReference, session: RegistrySession) throws -> String? {
        guard let preflightAs, let principal = PrincipalIdentity(preflightAs) else { return nil }
        let arn = try repositoryARN(for: reference)
        if let policies {
            let (decision, assumed) = try Self.decideFromManifest(capability, principal: principal, repositoryARN: arn, directory: policies)
            return Self.render(decision, principal: principal, repositoryARN: arn, assumption: assumed)
        }
        var set = PolicySet()
        set.identity = identityPolicy.isEmpty ? [WhoCan.unknownIdentity] : try identityPolicy.map { try PolicyFileLoader.load($0, kind: .identity) }
        if live {
            let policies = try Self.readLive(arn, session: session, host: ECRRegistryHost(reference.registry))
            set.resource = policies.repository
            set.registry = policies.registry
        } else {
            set.resource = try repositoryPolicy.map { try PolicyFileLoader.load($0, kind: .repository) }
            set.registry = try registryPolicy.map { try PolicyFileLoader.load($0, kind: .registry) }
        }
        var context = RequestContext(["aws:SecureTransport": .single("true")])
        if let region = ARN(arn)?.region { context["aws:RequestedRegion"] = .single(region) }
        let decision = Evaluator().evaluate(capability, principal: principal, repository: arn, context: context, policies: set)
        let assumption = identityPolicy.isEmpty && principal.kind != .root ? "the identity policies of \(principal.arn) allow ecr:* (none given)" : nil
        return Self.render(decision, principal: principal, repositoryARN: arn, assumption: assumption)
    }

    /// The decision as who-can makes it from a policies/ manifest: the repository's resource side, and the
    /// caller's policies when the manifest describes it (otherwise assumed to allow ecr:*, and said so).
    static func decideFromManifest(_ capability: Capability, principal: PrincipalIdentity, repositoryARN: String,
                                   directory: String) throws -> (CapabilityDecision, String?) {
        let whoCan = try WhoCanCommand.parse([capability.rawValue, repositoryARN, directory])
        let loaded = try whoCan.loadFromManifest(directory)
        var assumption: String?
        let subject = loaded.subjects.first { $0.principal.arn == principal.arn } ?? {
            assumption = "the identity policies of \(principal.arn) allow ecr:* (not a principal of the manifest)"
            var context = RequestContext(["aws:SecureTransport": .single("true")])
            if let region = ARN(repositoryARN)?.region { context["aws:RequestedRegion"] = .single(region) }
            return WhoCan.Subject(principal: principal, source: "--preflight-as", policies: PolicySet(identity: [WhoCan.unknownIdentity]), context: context)
        }()
        guard let row = WhoCan.answer(capability, resource: loaded.resource, subjects: [subject]).first else {
            throw CLIFailure.runtime("preflight: no decision for \(principal.arn)")
        }
        return (row.decision, assumption)
    }

    static func render(_ decision: CapabilityDecision, principal: PrincipalIdentity, repositoryARN arn: String, assumption: String?) -> String? {
        guard !decision.isAllowed else { return nil }
        var lines = ["preflight: \(decision.capability.rawValue) by \(principal.arn) on \(arn): \(DecisionText.outcomeWord(decision.outcome))"]
        if let assumption { lines.append("  assuming \(assumption)") }
        for finding in AccessPreflight.findings(decision, principal: principal, repositoryARN: arn) {
            let why = finding.outcome == .explicitDeny
                ? "denied by " + finding.denyingStatements.map { DecisionText.statement($0) }.joined(separator: "; ")
                : "no Allow in: " + finding.missingAllowIn.map(\.rawValue).joined(separator: ", ")
            lines.append("  \(finding.action) on \(finding.resource): \(why)")
            lines.append("    fix: \(finding.fix)")
        }
        return lines.joined(separator: "\n")
    }

    /// Stops before any transfer when the policies deny the capability (exit 1, the gate).
    func check(_ capability: Capability, on reference: ImageReference, session: RegistrySession) throws {
        if let text = try explanation(capability, on: reference, session: session) {
            throw CLIFailure(exitCode: 1, message: text)
        }
    }

    /// What to add to a 401/403 from the registry: the explanation, or how to get one.
    func explainRefusal(_ capability: Capability, on reference: ImageReference, session: RegistrySession) -> String {
        guard preflightAs != nil else {
            return "\n(give --preflight-as PRINCIPAL_ARN with the policy files to see which statement refuses \(capability.rawValue))"
        }
        do {
            return try explanation(capability, on: reference, session: session).map { "\n" + $0 }
                ?? "\nthe policies given allow \(capability.rawValue): the refusal comes from something they do not show (credentials, another policy)"
        } catch {
            return "\n(preflight could not run: \(error))"
        }
    }

    /// The repository and registry policies as ECR holds them now; none stored is no policy. A policy ECR
    /// holds but ecrguard cannot read fails the preflight (never treated as absent).
    static func readLive(_ repositoryARN: String, session: RegistrySession, host: ECRRegistryHost?) throws -> (repository: CompiledPolicy?, registry: CompiledPolicy?) {
        guard let arn = ARN(repositoryARN), let name = arn.resource.split(separator: "/", maxSplits: 1).last.map(String.init) else {
            throw CLIFailure.usage("\(repositoryARN) is not a repository ARN")
        }
        let service = try session.ecrService(region: arn.region, fips: host?.fips ?? false, dualStack: host?.dualStack ?? false)
        func optional(_ notFound: String, _ body: () throws(AWSClientError) -> String?) throws -> String? {
            do { return try body() } catch where error.code == notFound { return nil } catch {
                throw CLIFailure.runtime("--live: \(error)")
            }
        }
        let repositoryText = try optional("RepositoryPolicyNotFoundException") { () throws(AWSClientError) in
            try service.getRepositoryPolicy(.init(repositoryName: name, registryId: arn.account)).policyText
        }
        let registryText = try optional("RegistryPolicyNotFoundException") { () throws(AWSClientError) in
            try service.getRegistryPolicy().policyText
        }
        func compile(_ text: String?, kind: PolicyKind, name: String) throws -> CompiledPolicy? {
            guard let text else { return nil }
            switch PolicyParser.parse(text, kind: kind, file: name).simulationPolicy(name: name, kind: kind) {
            case .success(let usable): return usable.policy
            case .failure(let refusal): throw CLIFailure.runtime("\(name): \(refusal.finding.message)")
            }
        }
        return (try compile(repositoryText, kind: .repository, name: "GetRepositoryPolicy(\(name))"),
                try compile(registryText, kind: .registry, name: "GetRegistryPolicy"))
    }
}
