import ArgumentParser
import Foundation
import PolicyChecks
import PolicyCore
import Reports

/// `ecrguard check FILE...`: validates policy files and runs every check rule, then applies the
/// gate (threshold, suppressions, baseline) and exits with its verdict. The library does the work;
/// this command reads files, prints the report and maps the verdict to the exit code.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check policy files: AWS validation errors, public, external and overbroad access, and policy hygiene.",
        discussion: """
        Prints file:line:column: severity CODE message for each finding (or JSON, SARIF, JUnit).
        The gate fails on any ERROR finding (a policy AWS would reject), any finding at or above --fail-on, \
        and any code given with --fail-on-code. Suppressed findings (a committed suppression file; by default \
        .ecrguard-suppressions.yaml in the current directory when it exists) and findings in the --baseline do not fail it.
        Exit codes: 0 pass; 1 the gate failed; 2 a file cannot be read or is not JSON; 64 usage error.
        """)

    @Argument(help: "Policy files (JSON).")
    var files: [String] = []

    @Option(name: Options.kind.name, help: "What the policies are: repository, registry, identity, scp, rcp, session, endpoint or boundary.")
    var kind: String = Options.kind.defaultValue

    @Option(name: Options.format.name, help: "Output format: text, json, sarif or junit (with --list-rules: text, json or markdown).")
    var format: String = Options.format.defaultValue

    @Option(name: Options.failOn.name, help: "Lowest severity that fails the gate: critical, high, medium, low or info.")
    var failOn: String = Options.failOn.defaultValue

    @Option(name: Options.failOnCodes.name,
            help: ArgumentHelp("A finding code that fails the gate whatever its severity (repeatable; --list-rules lists the codes).", valueName: "code"),
            transform: FindingCodeArgument.parse)
    var failOnCodes: [String] = Options.failOnCodes.defaultValue

    @Flag(name: Options.listRules.name, help: "Print every finding code ecrguard can report and exit (--format text, json or markdown).")
    var listRules: Bool = Options.listRules.defaultValue

    @Option(name: Options.suppressions.name, help: "Suppression file (YAML or JSON); default .ecrguard-suppressions.yaml when it exists.")
    var suppressions: String?

    @Option(name: Options.baseline.name, help: "Only findings not in this baseline file fail the gate.")
    var baseline: String?

    @Option(name: Options.writeBaseline.name, help: "Write the current findings to this baseline file.")
    var writeBaseline: String?

    @Option(name: Options.account.name, help: "The account that owns the repositories or registry (tells other accounts apart).")
    var account: String?

    @Option(name: Options.organization.name, help: "The owner's AWS Organizations id (o-...).")
    var organization: String?

    @Option(name: Options.registryScope.name, help: "Registry policy scope for registry policies: V1 or V2 (default V2).")
    var registryScope: String?

    @Option(name: Options.region.name, help: "The registry's region.")
    var region: String?

    @Option(name: Options.today.name, help: ArgumentHelp("The day suppression expiry is judged against (YYYY-MM-DD, UTC); default today.", visibility: .hidden))
    var today: String?

    @Option(name: Options.repositoryRoot.name, help: "The repository root SARIF URIs are relative to (default: the nearest directory holding .git).")
    var repositoryRoot: String?

    func validate() throws {
        if listRules {
            guard ["text", "json", "markdown"].contains(format) else {
                throw ValidationError("--list-rules prints text, json or markdown (got --format '\(format)')")
            }
            return
        }
        guard PolicyKind(rawValue: kind) != nil else {
            throw ValidationError("--kind must be one of \(PolicyKind.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(kind)')")
        }
        guard CheckOutput.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be text, json, sarif or junit (got '\(format)')")
        }
        guard Severity(rawValue: failOn.lowercased()) != nil else {
            throw ValidationError("--fail-on must be one of critical, high, medium, low, info (got '\(failOn)')")
        }
        if let account, !ARN.isAccountID(account) {
            throw ValidationError("--account must be a 12-digit AWS account id (got '\(account)')")
        }
        if let registryScope, RegistryPolicyScope(rawValue: registryScope.uppercased()) == nil {
            throw ValidationError("--registry-scope must be V1 or V2 (got '\(registryScope)')")
        }
        if let today, CalendarDate(today) == nil {
            throw ValidationError("--today must be a date written YYYY-MM-DD (got '\(today)')")
        }
        if files.isEmpty { throw ValidationError("name at least one policy file") }
    }

    func run() throws {
        if listRules {
            let listing = format == "json" ? try RuleCatalogListing.json()
                : format == "markdown" ? RuleCatalogListing.markdown() : RuleCatalogListing.text()
            FileHandle.standardOutput.write(Data(listing.utf8))
            return
        }
        let kind = PolicyKind(rawValue: kind)!
        let gatePolicy = GatePolicy(failOn: Severity(rawValue: failOn.lowercased())!, failOnCodes: Set(failOnCodes))
        let day = today.flatMap(CalendarDate.init) ?? CalendarDate(Date())

        // A file that cannot be read is an INPUT_ERROR finding in the report (exit 2), and the others are still checked.
        var sources: [(file: String, bytes: Data)] = []
        var inputErrors: [String: Finding] = [:]
        for file in files {
            switch UnreadableInput.read(file) {
            case .success(let data): sources.append((file, data))
            case .failure(let unreadable):
                FileHandle.standardError.write(Data("ecrguard: \(unreadable)\n".utf8))
                inputErrors[file] = unreadable.finding
            }
        }
        let suppressionFile = try loadSuppressions()
        let baselineData = try baseline.map { path -> Baseline in
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure.runtime("\(path): cannot read the baseline file") }
            do { return try Baseline.parse(data, file: path) } catch let error as Baseline.FormatError { throw CLIFailure.runtime(error.description) }
        }

        let checker = PolicyChecker()
        var findings: [Finding] = Array(inputErrors.values)
        var unreadable = !inputErrors.isEmpty
        for (file, bytes) in sources {
            let context = CheckContext(accountID: account, organizationID: organization,
                                       registryPolicyScope: registryScope.flatMap { RegistryPolicyScope(rawValue: $0.uppercased()) },
                                       repositoryName: CheckOutput.repositoryName(of: file), region: region)
            let found = checker.check(bytes: bytes, kind: kind, file: file, context: context)
            unreadable = unreadable || PolicyChecker.isUnreadable(found)
            findings += found
        }

        var gate = Gate(policy: gatePolicy, suppressions: suppressionFile, baseline: baselineData)
        if let writeBaseline {
            guard !unreadable else { throw CLIFailure.runtime("not writing \(writeBaseline): some input cannot be read or is not valid JSON (see above)") }
            let unsuppressed: [Finding] = gate.evaluate(findings, checkedFiles: Set(files), today: day, repositoryOf: CheckOutput.repositoryName)
                .findings.filter { (g: GatedFinding) -> Bool in if case .suppressed = g.state { false } else { true } }.map { $0.finding }
            let active = unsuppressed.filter { !$0.code.hasPrefix("SUPPRESSION_") && $0.category != FindingCategory.error }
            let newBaseline = Baseline(findings: active)
            do {
                try newBaseline.render().write(to: URL(fileURLWithPath: writeBaseline), options: .atomic)
            } catch {
                throw CLIFailure.runtime("\(writeBaseline): cannot write the baseline: \(error.localizedDescription)")
            }
            FileHandle.standardError.write(Data("ecrguard: wrote \(newBaseline.entries.count) finding(s) to the baseline \(writeBaseline)\n".utf8))
            gate.baseline = newBaseline
        }
        let result = gate.evaluate(findings, checkedFiles: Set(files), today: day, repositoryOf: CheckOutput.repositoryName)
        let verdict: Verdict = unreadable ? .error : (result.failed ? .fail : .pass)
        var output = CheckOutput(result: result, verdict: verdict, policy: gatePolicy, inputs: files,
                                 sources: Dictionary(sources.map { ($0.file, String(decoding: $0.bytes, as: UTF8.self)) }, uniquingKeysWith: { a, _ in a }))
        output.repositoryRoot = RepositoryRoot.find(explicit: repositoryRoot, near: files.first ?? ".")
        let text = try output.render(CheckOutput.Format(rawValue: format)!)
        FileHandle.standardOutput.write(Data(text.utf8))
        if verdict.exitCode != 0 { throw CLIFailure(exitCode: verdict.exitCode, message: "") }
    }

    private func loadSuppressions() throws -> Suppressions? {
        let path: String
        if let suppressions {
            path = suppressions
        } else if FileManager.default.fileExists(atPath: CheckOutput.defaultSuppressionFile) {
            path = CheckOutput.defaultSuppressionFile
        } else {
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure.runtime("\(path): cannot read the suppression file")
        }
        do {
            return try Suppressions.parse(String(decoding: data, as: UTF8.self), file: path)
        } catch {
            throw CLIFailure.runtime(error.description)
        }
    }
}

extension CheckCommand {
    /// The command that `arguments` (the words after `check`) make, read without ArgumentParser when
    /// every word is plain (`PlainOptions`: files, `--option value` once each, `--list-rules`) and the
    /// result passes `validate()`; nil otherwise, and ArgumentParser reads them, with its messages.
    /// ArgumentParser's reflection over the command (conformance lookups that scan the whole binary)
    /// cost more than checking one policy (docs/benchmarks.md, "Start-up").
    static func plain(_ arguments: [String]) -> CheckCommand? {
        var command = CheckCommand()
        var files: [String] = []
        guard PlainOptions.read(arguments, options: Options.all, into: &command, positional: { files.append($0) }) else { return nil }
        command.files = files
        guard (try? command.validate()) != nil else { return nil }
        return command
    }

    /// Every option of `check`, defined once: the declarations above take their names and defaults
    /// from here, and `plain` reads `all` (a repeatable option once: more than one is left to
    /// ArgumentParser).
    enum Options {
        typealias Definition<Value: Sendable> = OptionDefinition<CheckCommand, Value>

        static let kind = Definition<String>("kind", default: "repository") { $0.kind = $1 }
        static let format = Definition<String>("format", default: "text") { $0.format = $1 }
        static let failOn = Definition<String>("fail-on", default: "high") { $0.failOn = $1 }
        static let failOnCodes = Definition<[String]>("fail-on-code", default: [], value: { code in (try? FindingCodeArgument.parse(code)).map { [$0] } },
                                                      store: { $0.failOnCodes = $1 })
        static let listRules = Definition<Bool>.flag("list-rules") { $0.listRules = $1 }
        static let suppressions = Definition<String?>("suppressions") { $0.suppressions = $1 }
        static let baseline = Definition<String?>("baseline") { $0.baseline = $1 }
        static let writeBaseline = Definition<String?>("write-baseline") { $0.writeBaseline = $1 }
        static let account = Definition<String?>("account") { $0.account = $1 }
        static let organization = Definition<String?>("organization") { $0.organization = $1 }
        static let registryScope = Definition<String?>("registry-scope") { $0.registryScope = $1 }
        static let region = Definition<String?>("region") { $0.region = $1 }
        static let today = Definition<String?>("today") { $0.today = $1 }
        static let repositoryRoot = Definition<String?>("repository-root") { $0.repositoryRoot = $1 }

        static let all = [
            kind.plain, format.plain, failOn.plain, failOnCodes.plain, listRules.plain, suppressions.plain, baseline.plain,
            writeBaseline.plain, account.plain, organization.plain, registryScope.plain, region.plain, today.plain, repositoryRoot.plain,
        ]
    }
}

/// `--fail-on-code CODE`: a code of the catalog (any case). An unknown code is a usage error while
/// parsing (exit 64), with the closest known code as a suggestion.
enum FindingCodeArgument {
    static func parse(_ argument: String) throws -> String {
        let code = argument.uppercased()
        if RuleCatalog.descriptor(for: code) != nil { return code }
        let hint = RuleCatalog.suggestion(for: code).map { "; did you mean \($0)?" } ?? ""
        throw ValidationError("unknown finding code '\(argument)'\(hint) (ecrguard check --list-rules lists every code)")
    }
}
