import ArgumentParser
import CloudFormationImport
import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport
import Reports

/// `audit [DIR] --cloudformation TEMPLATE...`: the templates' state audited alone, or laid over the
/// manifest in DIR (which then supplies the expectations), with findings pointed at the templates.
struct CloudFormationAuditOptions: ParsableArguments {
    @Option(name: .customLong("cloudformation"), help: ArgumentHelp(
        "Audit a CloudFormation template (JSON or YAML; repeatable) deployed in --account and --region (AWS::AccountId, AWS::Region; default the one registry of DIR): alone, or laid over DIR when DIR is given (its registries, repositories and principals with the same identity are replaced, its expectations judge the result).",
        valueName: "TEMPLATE"))
    var templates: [String] = []

    @OptionGroup(title: "CloudFormation stack")
    var stack: CloudFormationStackOptions

    var isRequested: Bool { !templates.isEmpty }

    /// What the audit of the templates needs: the audited input, the audit result with every gap
    /// and every finding at its template line, and the template texts for report excerpts.
    struct Audited {
        var input: RegistryInput
        var result: RegistryAuditResult
        var templateSources: [String: String]
        /// Files the audit read from memory only (findings in them point at the templates instead).
        var renderedFiles: Set<String>
    }

    /// Where the stack is deployed, from the options `audit` shares between its inputs.
    struct Location {
        var account: String?
        var region: String?
        var organization: String?

        /// The `--account`, `--region` and `--organization` that `audit` and `diff` share between their inputs.
        init(_ options: IaCLocationOptions) {
            account = options.account?.id
            region = options.region?.name
            organization = options.organization?.id
        }
    }

    /// `base` is DIR's manifest and directory when DIR was given.
    func audit(base: (manifest: String, directory: String)?, location: Location, workers: Int = 1) throws -> Audited {
        let sources = try CloudFormationStackOptions.sources(templates)
        var baseInput: RegistryInput?
        if let base {
            baseInput = try AuditCommand.readInput(manifest: base.manifest, directory: base.directory)
        }
        var options = try stack.readerOptions(account: location.account, region: location.region, fallback: baseInput.flatMap(Self.onlyRegistry))
        options.organization = location.organization
        let imported: CloudFormationImport
        do {
            imported = try CloudFormationReader.readWithSources(templates: sources, options: options)
        } catch {
            throw ManifestErrors([ManifestError(error.message, at: error.location)])
        }
        let state = baseInput.map(imported.state(over:)) ?? imported.state
        // Rendered where DIR is, or beside the first template: what `import` would write there.
        let directory = base?.directory ?? ((templates[0] as NSString).deletingLastPathComponent.isEmpty ? "." : (templates[0] as NSString).deletingLastPathComponent)
        let input = try state.registryInput(directory: directory)
        var result = RegistryAuditor(check: AuditChecks.all, workers: workers).audit(input)
        let locator = imported.locator(for: input, original: state.manifest)
        result.findings = result.findings.map(locator.locate)
        result.inputErrors = result.inputErrors.map(locator.locate)
        result.add(state.gaps)
        // An imported DIR that could not read everything keeps failing when templates are laid over it.
        if let base, let report = try ImportReportFile.gaps(in: base.directory) { result.add(report.gaps) }
        var rendered = Set(imported.policies.keys.map { RegistryLoader.join(directory, $0) })
        if base == nil { rendered.insert(RegistryLoader.join(directory, RegistryLoader.manifestName)) }
        return Audited(input: input, result: result, templateSources: Dictionary(sources.map { ($0.file, $0.text) }, uniquingKeysWith: { a, _ in a }),
                       renderedFiles: rendered)
    }

    /// The audit's report, with the templates as report sources (excerpts, JUnit suites).
    func report(base: (manifest: String, directory: String)?, location: Location, workers: Int = 1,
                builder: inout AuditReportBuilder) throws -> (AuditReport, String?) {
        let audited = try audit(base: base, location: location, workers: workers)
        builder.inputs = templates + (base.map { [$0.manifest] } ?? [])
        var (report, note) = builder.report(audited.result)
        // Excerpts and JUnit suites come from the files the findings name: the templates, and DIR's own
        // manifest (its entries' findings point at its lines), never text that exists only in memory.
        for path in audited.renderedFiles { report.sources.removeValue(forKey: path) }
        if let base { report.sources[base.manifest] = try AuditCommand.readText(base.manifest) }
        report.sources.merge(audited.templateSources) { current, _ in current }
        return (report, note)
    }

    /// The account and Region of a manifest with exactly one registry (the default for a stack laid over it).
    static func onlyRegistry(_ input: RegistryInput) -> (account: String, region: String)? {
        guard input.manifest.registries.count == 1, let registry = input.manifest.registries.first else { return nil }
        return (registry.account, registry.region)
    }
}
