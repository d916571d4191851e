import Foundation
import PolicyChecks
import PolicyCore
import RegistryAudit
import Reports

/// Maps what `RegistryAuditor` found into the report model every writer renders, and decides the
/// verdict (which is the exit code) in one place.
struct AuditReportBuilder {
    var inputs: [String]
    var threshold: Severity
    var generatedAt: Date
    /// Suppression entries (a committed file); suppressed findings are reported as such and never fail.
    var suppressions: Suppressions?
    /// The day suppression expiry is judged against (UTC).
    var today = CalendarDate(Date())
    /// The repository root (absolute) SARIF URIs and fingerprints are relative to; nil: none found.
    var repositoryRoot: String?
    /// The command the report is named after (JUnit suites, SARIF category).
    var command = "audit"
    /// Above this many principal × repository pairs, the matrix lists only allowed cells (at most
    /// `maximumMatrixEntries`), so reports of large registries stay readable and bounded.
    var fullMatrixPairLimit = 2_000
    var maximumMatrixEntries = 5_000
    /// Above this many replication routes, the reports list every route that fails or is unknown and
    /// the first arriving ones up to this number (the terminal says how many were left out).
    var maximumReplicationEntries = 2_000
    /// Above this many policy files, only those with findings are embedded as report sources.
    var maximumSourceFiles = 500
    /// Up to this many repositories, the matrix also lists who-can's representative others for
    /// each (another principal of the account, another account, the organization, anonymous).
    var maximumRepresentativeRepositories = 500

    /// Whether a finding fails the gate: at or above the threshold, or an error AWS would reject.
    func failsGate(_ finding: Finding) -> Bool {
        GatePolicy(failOn: threshold).fails(finding)
    }

    /// A report for input that could not be loaded: each error as a finding, verdict `error`.
    func report(errors: [ManifestError], sources: [String: String]) -> AuditReport {
        let findings = errors.map { ReportedFinding(Self.finding(for: $0), failsGate: true) }
        return AuditReport(metadata: metadata(.error), findings: findings, rules: [Self.inputErrorRule], sources: sources)
    }

    func report(_ result: RegistryAuditResult) -> (report: AuditReport, matrixNote: String?) {
        let input = result.model.input
        // Repository policy files belong to their repositories, for `repository:` suppression entries.
        var repositoryOf: [String: String] = [:]
        for registry in input.manifest.registries {
            for repository in registry.repositories {
                if let policy = repository.policy { repositoryOf[input.path(of: policy)] = repository.name }
            }
        }
        let gate = Gate(policy: GatePolicy(failOn: threshold), suppressions: suppressions)
        let gated = gate.evaluate(result.findings, checkedFiles: Set(input.policies.values.map(\.path)), today: today,
                                  repositoryOf: { repositoryOf[$0] })
        var findings = gated.findings.map { ReportedFinding($0, suppressionFile: gated.suppressionFile) }
        // An unreadable policy already carries the parser's error finding; add one only where none is.
        let filesWithErrors = Set(result.findings.filter { $0.category == .error }.map(\.file))
        findings += result.inputErrors.filter { !filesWithErrors.contains($0.location.file) }
            .map { ReportedFinding(Self.finding(for: $0), failsGate: true) }
        let verdict: Verdict = !result.inputErrors.isEmpty ? .error
            : (findings.contains(where: \.failsGate) || !result.failedExpectations.isEmpty ? .fail : .pass)
        // Sources give excerpts, and each source file becomes a JUnit suite with a case per rule. For a
        // large registry, only the files with findings are included, so JUnit stays proportional to
        // what was found rather than to files × rules.
        var sources: [String: String] = [input.manifest.file: input.manifestText]
        let withFindings = Set(result.findings.map(\.file))
        for file in input.policies.values where input.policies.count <= maximumSourceFiles || withFindings.contains(file.path) {
            sources[file.path] = file.text
        }
        let (matrix, matrixNote) = accessMatrix(result)
        var note = matrixNote
        let (replication, replicationNote) = replicationEntries(result.replication)
        if let replicationNote { note = note.map { $0 + "\n" + replicationNote } ?? replicationNote }
        // Validation and import codes are described when they occur (one definition each, from the catalog).
        let reported = Set(findings.map(\.finding.code))
        let validationRules = (RuleDescriptor.validationCodes + ImportDescriptors.all).filter { reported.contains($0.code) }
        let report = AuditReport(metadata: metadata(verdict), findings: findings,
                                 rules: AuditChecks.ruleDescriptors + AuditChecks.gateDescriptors + Self.registryRules + validationRules
                                     + (result.inputErrors.isEmpty ? [] : [Self.inputErrorRule]),
                                 accessMatrix: matrix, replication: replication,
                                 expectations: result.expectations.map(Self.expectation), sources: sources)
        return (report, note)
    }

    private func metadata(_ verdict: Verdict) -> ReportMetadata {
        ReportMetadata(toolVersion: ecrguardVersion, inputs: inputs, generatedAt: generatedAt, threshold: threshold, verdict: verdict,
                       command: command, repositoryRoot: repositoryRoot, workingDirectory: FileManager.default.currentDirectoryPath)
    }

    // MARK: access matrix

    private func accessMatrix(_ result: RegistryAuditResult) -> ([AccessMatrixEntry], String?) {
        let matrix = result.matrix, model = result.model
        let pairs = matrix.principals.count * matrix.repositoryCount
        var cells: [(Int, Int, Capability)] = []
        var note: String?
        if pairs <= fullMatrixPairLimit {
            for p in matrix.principals.indices {
                for r in 0..<matrix.repositoryCount {
                    for c in matrix.capabilities { cells.append((p, r, c)) }
                }
            }
        } else {
            cells = matrix.allowedCells(limit: maximumMatrixEntries).map { ($0.principal, $0.repository, $0.capability) }
            note = "access matrix: \(matrix.principals.count) principals × \(matrix.repositoryCount) repositories is too large to list; "
                + "the reports list \(cells.count) of \(matrix.allowedCount) allowed cells (of \(matrix.cellCount)); use 'ecrguard who-can' for any other"
        }
        let entries = cells.map { p, r, capability -> AccessMatrixEntry in
            let decision = model.explain(principal: p, repository: r, capability: capability)
            let explanation = CapabilityExplanation(decision)
            let principal = model.input.manifest.principals.first { $0.name == matrix.principals[p] }
            return AccessMatrixEntry(principal: matrix.principals[p], principalARN: principal?.identity,
                                     repository: model.repositories[r].label, capability: capability.rawValue,
                                     decision: AccessDecision(rawValue: decision.outcome.rawValue) ?? .implicitDeny,
                                     decidingStatements: explanation.decidingStatements.map(Self.statement),
                                     conditions: decision.missingContextKeys.map(\.requirement),
                                     blockedBy: decision.blockedBy.map(\.rawValue),
                                     missingContextKeys: Array(Set(decision.missingContextKeys.map(\.key))).sorted(),
                                     note: decision.isAllowed ? nil : explanation.summary,
                                     evaluatedDenies: decision.isAllowed
                                         ? model.unappliedDenies(principal: p, repository: r, capability: capability).map(Self.evaluatedDeny) : nil)
        }
        // Pull-through cache rules: who can pull (and import) through each, as rows of the matrix.
        let cache = result.pullThroughCache.map { access -> AccessMatrixEntry in
            let explanation = CapabilityExplanation(access.decision)
            return AccessMatrixEntry(principal: matrix.principals[access.principal],
                                     principalARN: model.input.manifest.principal(named: matrix.principals[access.principal])?.identity,
                                     repository: access.repositoryPattern, capability: Capability.pullThroughCacheImport.rawValue,
                                     decision: AccessDecision(rawValue: access.decision.outcome.rawValue) ?? .implicitDeny,
                                     decidingStatements: explanation.decidingStatements.map(Self.statement),
                                     blockedBy: access.decision.blockedBy.map(\.rawValue),
                                     missingContextKeys: Array(Set(access.decision.missingContextKeys.map(\.key))).sorted(),
                                     note: "pull-through cache of \(access.rule.upstreamRegistryUrl)" + (access.decision.isAllowed ? "" : "; " + explanation.summary))
        }
        var representatives: [AccessMatrixEntry] = []
        if model.repositories.count <= maximumRepresentativeRepositories {
            for r in model.repositories.indices {
                let rows = representativeEntries(model, repository: r, capabilities: matrix.capabilities)
                // Beyond the full listing, only what they can do (as for the manifest's principals).
                representatives += pairs <= fullMatrixPairLimit ? rows : rows.filter(\.decision.isAllowed)
            }
        } else {
            let text = "access matrix: the representative others (another principal of the account, another account, the organization, anonymous) are listed for registries of up to \(maximumRepresentativeRepositories) repositories; use 'ecrguard who-can' for this one"
            note = note.map { $0 + "\n" + text } ?? text
        }
        return (entries + representatives + cache, note)
    }

    /// Who-can's representative others on one repository, as matrix rows named by who they stand for.
    private func representativeEntries(_ model: RegistryModel, repository r: Int, capabilities: [Capability]) -> [AccessMatrixEntry] {
        let repository = model.repositories[r]
        return model.representatives(repository: r, capabilities: capabilities).flatMap { access in
            zip(capabilities, zip(access.decisions, access.unappliedDenies)).map { capability, pair in
                let (decision, denies) = pair
                let explanation = CapabilityExplanation(decision)
                let subject = access.subject
                let outside = subject.principal.kind == .anonymous
                    || (subject.principal.account != repository.registry.account && subject.context["aws:PrincipalOrgID"] == nil)
                return AccessMatrixEntry(principal: subject.source, principalARN: subject.principal.arn,
                                         repository: repository.label, capability: capability.rawValue,
                                         decision: AccessDecision(rawValue: decision.outcome.rawValue) ?? .implicitDeny,
                                         decidingStatements: explanation.decidingStatements.filter { !$0.policyName.hasPrefix("(assumed") }.map(Self.statement),
                                         conditions: decision.missingContextKeys.map(\.requirement),
                                         blockedBy: decision.blockedBy.map(\.rawValue),
                                         missingContextKeys: Array(Set(decision.missingContextKeys.map(\.key))).sorted(),
                                         note: decision.isAllowed ? nil : explanation.summary,
                                         assumption: subject.assumption ?? "no policies of its own (an unauthenticated request)",
                                         evaluatedDenies: decision.isAllowed ? denies.map(Self.evaluatedDeny) : nil,
                                         risk: decision.isAllowed && outside ? "\(subject.source) can \(capability.rawValue) \(repository.label)" : nil)
            }
        }
    }

    static func evaluatedDeny(_ deny: UnappliedDeny) -> EvaluatedDeny {
        EvaluatedDeny(statement: statement(deny.statement), reason: deny.reason)
    }

    static func statement(_ s: PolicyCore.StatementReference) -> ReportedStatement {
        ReportedStatement(policy: s.policyName, file: s.policyName, index: s.index, sid: s.sid,
                                   effect: s.effect.rawValue, line: s.span.start.line)
    }

    // MARK: replication and expectations

    /// The routes' entries: all of them, or above `maximumReplicationEntries` every failing or unknown
    /// route, then the first arriving ones up to that number (with a note saying so). Routes are read
    /// in place (each holds its registry and repository manifests: copying them was most of this).
    private func replicationEntries(_ routes: [ReplicationRoute]) -> ([ReplicationEntry], String?) {
        guard routes.count > maximumReplicationEntries else { return (routes.map(Self.entry), nil) }
        var entries: [ReplicationEntry] = []
        for index in routes.indices where routes[index].status != .arrives { entries.append(Self.entry(routes[index])) }
        let limit = max(entries.count, maximumReplicationEntries)
        for index in routes.indices where entries.count < limit && routes[index].status == .arrives { entries.append(Self.entry(routes[index])) }
        return (entries, "replication: the reports list \(entries.count) of \(routes.count) routes (every failing or unknown one, then arriving ones)")
    }

    static func entry(_ route: ReplicationRoute) -> ReplicationEntry {
        let status: ReplicationStatus = switch route.status {
        case .arrives: .allowed
        case .failsSilently: .failing
        case .unknown: .unknown
        }
        return ReplicationEntry(sourceRepository: route.repository.name, sourceAccount: route.source.account, sourceRegion: route.source.region,
                                destinationAccount: route.destination.registryId, destinationRegion: route.destination.region,
                                ruleIndex: route.rule.index, filters: route.rule.filters.map { "PREFIX_MATCH \($0.prefix)" },
                                status: status, reason: route.reason, notes: route.notes)
    }

    static func expectation(_ outcome: ExpectationOutcome) -> ExpectationResult {
        ExpectationResult(name: outcome.name, principal: outcome.principal, repository: outcome.repository, capability: outcome.capability,
                          expected: outcome.expected, actual: outcome.actual, passed: outcome.passed, explanation: outcome.explanation,
                          decidingStatements: outcome.decidingStatements.map(statement),
                          file: outcome.location.file, line: outcome.location.line)
    }

    // MARK: rules

    static func finding(for error: ManifestError) -> Finding {
        let position = SourcePosition(line: error.location.line, column: error.location.column, offset: 0)
        let rule = AuditDescriptors.inputError
        return Finding(code: rule.code, severity: rule.severity, category: rule.category, file: error.location.file,
                       span: SourceSpan(at: position), path: "", message: error.message,
                       remediation: "Fix the input; ecrguard cannot audit what it cannot read, and never passes it.")
    }

    static let inputErrorRule = AuditDescriptors.inputError

    static let registryRules: [RuleDescriptor] = AuditDescriptors.registry
}
