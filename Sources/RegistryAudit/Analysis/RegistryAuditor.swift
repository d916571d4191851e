import PolicyChecks
import PolicyCore

/// Where a policy is attached, for checks whose verdict depends on it (whose account is external,
/// which registry policy scope applies).
public struct PolicyAttachment: Sendable, Hashable {
    public var kind: PolicyKind
    public var account: String?
    public var region: String?
    public var organizationID: String?
    public var registryPolicyScope: RegistryPolicyScope?
    public var repositoryName: String?

    public init(kind: PolicyKind, account: String? = nil, region: String? = nil, organizationID: String? = nil,
                registryPolicyScope: RegistryPolicyScope? = nil, repositoryName: String? = nil) {
        self.kind = kind
        self.account = account
        self.region = region
        self.organizationID = organizationID
        self.registryPolicyScope = registryPolicyScope
        self.repositoryName = repositoryName
    }
}

/// A policy file as the audit parsed and compiled it, once per file (`PolicyLibrary`): what the checks
/// read, so that they and the access matrix judge the same policy and no text is parsed twice.
public struct ParsedPolicyFile: Sendable {
    public var file: PolicyFile
    /// `PolicyParser.parse` of the file's text: the document (nil when it is not a policy), the
    /// policy core's findings for this file, and the JSON tree.
    public var parsed: PolicyParseResult
    /// The document compiled for evaluation, named after the file; nil when there is no document.
    public var compiled: CompiledPolicy?

    public init(file: PolicyFile, parsed: PolicyParseResult, compiled: CompiledPolicy?) {
        self.file = file
        self.parsed = parsed
        self.compiled = compiled
    }
}

/// Runs every check on one policy file. The default is the policy core's parser and validator.
public typealias PolicyCheck = @Sendable (_ policy: ParsedPolicyFile, _ attachment: PolicyAttachment) -> [Finding]

extension PolicyAttachment {
    /// What the checks are told of where the policy is attached.
    public var checkContext: CheckContext {
        CheckContext(accountID: account, organizationID: organizationID, registryPolicyScope: registryPolicyScope,
                     repositoryName: repositoryName, region: region)
    }
}

/// The checks an audit runs on every policy file: every rule of the catalog, told where the policy is
/// attached, reading the audit's own parse and compilation of the file (`ParsedPolicyFile`).
public enum AuditPolicyChecks {
    static let checker = PolicyChecker()

    public static let all: PolicyCheck = { policy, attachment in
        checker.check(policy.parsed, compiled: policy.compiled, kind: policy.file.kind, file: policy.file.path,
                      context: attachment.checkContext)
    }
}

/// Everything an audit of a `policies/` input found.
public struct RegistryAuditResult: Sendable {
    public var model: RegistryModel
    /// Policy findings (every check) and registry findings (replication, repository settings), in
    /// file and position order.
    public var findings: [Finding]
    /// Input the audit could not use (a policy that is not JSON, a principal it cannot simulate):
    /// the run is a failure with exit 2, never a pass.
    public var inputErrors: [ManifestError]
    public var matrix: AccessMatrix
    public var replication: [ReplicationRoute]
    public var expectations: [ExpectationOutcome]
    /// Every principal against every pull-through cache rule.
    public var pullThroughCache: [PullThroughCacheAccess]

    public var failedExpectations: [ExpectationOutcome] { expectations.filter { !$0.passed } }
}

/// The audit: checks, access matrix, replication and expectations over one registry input. Pure.
public struct RegistryAuditor: Sendable {
    /// The checks run on every policy file; nil: the policy core's parser and validator findings
    /// (taken from the parse the audit does anyway).
    public var check: PolicyCheck?
    public var capabilities: [Capability]
    /// How many threads parse, compile and check the policy files (1: one after another on the
    /// calling thread). The result is the same whatever the number; the caller decides it.
    public var workers: Int

    public init(capabilities: [Capability] = Capability.matrix, check: PolicyCheck? = nil, workers: Int = 1) {
        self.capabilities = capabilities
        self.check = check
        self.workers = workers
    }

    /// The policy core's findings (errors AWS would reject, core warnings).
    public static let parserFindings: PolicyCheck = { policy, _ in policy.parsed.findings }

    public func audit(_ input: RegistryInput) -> RegistryAuditResult {
        var library = PolicyLibrary(input, workers: workers)
        var inputErrors = library.unreadable
        for principal in input.manifest.principals where PrincipalIdentity(principal.identity) == nil {
            inputErrors.append(ManifestError("cannot simulate principal '\(principal.identity)'", at: principal.location))
        }
        // The checks (on the workers) and the registry's model, replication, matrix and expectations
        // (one serial stretch, here) read the library and nothing of each other: with a second thread
        // they run at once. The model keeps the library without its trees, which are let go once the
        // checks are done (with one thread, before the model is built, as nothing gains by keeping them).
        let treeless = library.withoutTrees()
        let checkFindings: [Finding]
        let analysis: RegistryAnalysis
        if workers > 1 {
            (checkFindings, analysis) = ParallelWork.both(workers: workers, { [library] in self.policyFindings(input, library: library) }) {
                registryAnalysis(input, library: treeless)
            }
            library.dropTrees()
        } else {
            checkFindings = policyFindings(input, library: library)
            library.dropTrees()
            analysis = registryAnalysis(input, library: treeless)
        }
        let (model, routes, matrix, expectations) = (analysis.model, analysis.routes, analysis.matrix, analysis.expectations)
        var findings = checkFindings + analysis.registryFindings
        findings.sort { ($0.file, $0.span.start.offset, $0.code) < ($1.file, $1.span.start.offset, $1.code) }
        return RegistryAuditResult(model: model, findings: findings, inputErrors: inputErrors, matrix: matrix,
                                   replication: routes, expectations: expectations, pullThroughCache: model.pullThroughCacheAccess())
    }

    /// The registry's model and what is derived from it: replication routes and their findings, the
    /// access matrix and the expectations' outcomes.
    private struct RegistryAnalysis {
        var model: RegistryModel
        var routes: [ReplicationRoute]
        var registryFindings: [Finding]
        var matrix: AccessMatrix
        var expectations: [ExpectationOutcome]
    }

    private func registryAnalysis(_ input: RegistryInput, library: PolicyLibrary) -> RegistryAnalysis {
        let model = RegistryModel(input: input, library: library)
        let replicationAnalysis = ReplicationAnalysis(model: model)
        let routes = replicationAnalysis.routes()
        let registryFindings = RegistryFindings(input: input).findings(routes: routes, issues: replicationAnalysis.issues())
        let matrix = AccessMatrix(model: model, capabilities: capabilities)
        let expectations = ExpectationEvaluation(model: model, routes: routes).outcomes()
        return RegistryAnalysis(model: model, routes: routes, registryFindings: registryFindings, matrix: matrix, expectations: expectations)
    }

    /// The checks' findings on every policy file, each file read from the library's parse.
    private func policyFindings(_ input: RegistryInput, library: PolicyLibrary) -> [Finding] {
        let attached = attachments(input)
        guard let check else {
            return attached.flatMap { file, _ in library.parses[PolicyKey(path: file.path, kind: file.kind)]?.findings ?? [] }
        }
        // Each file's parse looked up on the worker threads, with the number of its text (files with
        // the same text share one), which the cache plans with instead of hashing the texts again.
        let policies = ParallelWork.map(attached, workers: workers) { file, attachment in
            let (parsed, textNumber) = library.parsedFileAndText(file)
            return CheckCache.Policy(policy: parsed, attachment: attachment, textNumber: textNumber)
        }
        return CheckCache.findings(policies, check: check, workers: workers)
    }

    /// Each policy file once, with the first place it is attached. Every place is listed first; each
    /// reference is resolved to its file (a path joined and looked up) on the worker threads.
    func attachments(_ input: RegistryInput) -> [(PolicyFile, PolicyAttachment)] {
        var places: [(reference: PolicyReference, attachment: PolicyAttachment)] = []
        func add(_ reference: PolicyReference?, _ attachment: PolicyAttachment) {
            if let reference { places.append((reference, attachment)) }
        }
        for registry in input.manifest.registries {
            add(registry.registryPolicy, PolicyAttachment(kind: .registry, account: registry.account, region: registry.region,
                                                          organizationID: registry.organization?.id, registryPolicyScope: registry.policyScope))
            for reference in registry.resourceControlPolicies.joined() {
                add(reference, PolicyAttachment(kind: .rcp, account: registry.account, organizationID: registry.organization?.id))
            }
            for repository in registry.repositories {
                add(repository.policy, PolicyAttachment(kind: .repository, account: registry.account, region: registry.region,
                                                        organizationID: registry.organization?.id, registryPolicyScope: registry.policyScope,
                                                        repositoryName: repository.name))
            }
        }
        for principal in input.manifest.principals {
            let account = principal.account
            let org = principal.organization?.id ?? input.manifest.registries.first { $0.account == account }?.organization?.id
            for reference in principal.identityPolicies { add(reference, PolicyAttachment(kind: .identity, account: account, organizationID: org)) }
            add(principal.permissionBoundary, PolicyAttachment(kind: .boundary, account: account, organizationID: org))
            add(principal.sessionPolicy, PolicyAttachment(kind: .session, account: account, organizationID: org))
            for reference in principal.serviceControlPolicies.joined() { add(reference, PolicyAttachment(kind: .scp, account: account, organizationID: org)) }
        }
        let files = ParallelWork.map(places, workers: workers) { place in input.policy(place.reference, kind: place.attachment.kind) }
        var seen: Set<PolicyKey> = []
        var result: [(PolicyFile, PolicyAttachment)] = []
        for (file, place) in zip(files, places) {
            guard let file, seen.insert(PolicyKey(path: file.path, kind: file.kind)).inserted else { continue }
            result.append((file, place.attachment))
        }
        return result
    }
}
