import ECRClient
import Foundation
import PolicyCore
import RegistryAudit

/// Shared by `plan` and `apply`: loads the manifest, finds the registries the caller's account owns,
/// and plans each against live ECR in its own region.
struct DeploymentSession {
    struct Target {
        var desired: DesiredRegistry
        var service: ECRService
        var plan: RegistryPlanner.Plan
        var organizationID: String?
    }

    var input: RegistryInput
    var targets: [Target] = []
    var skipped: [String] = []

    init(directory: String, aws: AWSGlobalOptions, registryFilter: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let (manifestPath, policyDirectory) = AuditCommand.locateManifest(directory)
        do {
            let text = try AuditCommand.readText(manifestPath)
            input = try RegistryLoader.load(manifestText: text, manifestPath: manifestPath, directory: policyDirectory,
                                            read: { path in try AuditCommand.readText(path) })
        } catch let errors as ManifestErrors {
            throw CLIFailure.runtime(errors.description)
        } catch {
            throw CLIFailure.runtime("\(error)")
        }
        var registries = input.manifest.registries
        if let registryFilter {
            registries = registries.filter { $0.name == registryFilter }
            guard !registries.isEmpty else { throw CLIFailure.usage("no registry named '\(registryFilter)' in \(manifestPath)") }
        }
        var callerAccount: String?
        for registry in registries {
            var options = aws.clientOptions
            options.region = aws.region ?? registry.region
            let service: ECRService
            do {
                service = try AWSClientConfiguration.resolve(options, environment: environment)
                    .makeECRService(debugLog: aws.debug ? DebugLog.standardError() : nil)
                if callerAccount == nil { callerAccount = try service.perform(DescribeRegistry()).registryId }
            } catch {
                throw ECRSession.failure(error, operation: "DescribeRegistry")
            }
            guard registry.account == callerAccount else {
                skipped.append("registry \(registry.name) (account \(registry.account)) skipped: the credentials belong to account \(callerAccount ?? "?")")
                continue
            }
            let desired = DesiredRegistry(registry, input: input)
            do {
                let plan = try RegistryPlanner(service: service).plan(desired)
                targets.append(Target(desired: desired, service: service, plan: plan, organizationID: registry.organization?.id))
            } catch {
                throw CLIFailure.runtime("reading live state of registry \(registry.name): \(error)")
            }
        }
    }

    var changeCount: Int { targets.reduce(0) { $0 + $1.plan.changes.count } }

    /// The plan as text: per registry, each change with its diff, then notes and skipped registries.
    func render() -> String {
        var lines: [String] = []
        for target in targets {
            lines.append("registry \(target.desired.name) (\(target.desired.account), \(target.desired.region)):")
            if target.plan.changes.isEmpty { lines.append("  no changes") }
            for change in target.plan.changes {
                lines.append("  " + change.summary)
                lines += change.diff.map { "  " + $0 }
            }
            lines += target.plan.notes.map { "  note: " + $0 }
        }
        lines += skipped.map { "note: " + $0 }
        lines.append(changeCount == 0 ? "No changes." : "Plan: \(changeCount) change(s).")
        return lines.joined(separator: "\n")
    }
}
