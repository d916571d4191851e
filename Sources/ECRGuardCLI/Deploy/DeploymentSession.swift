import ECRClient
import Foundation
import PolicyCore
import RegistryAudit

/// Shared by `plan` and `apply`: loads the manifest, selects its registries (`--registry`, `--region`),
/// and for each one makes a client bound to the registry's own Region (endpoint and SigV4 signing
/// Region), reads the live registry once, and plans it. Registries of other accounts are skipped.
struct DeploymentSession {
    struct Target {
        var desired: DesiredRegistry
        /// Bound to `desired.region`: every read and write of this registry goes through it.
        var service: ECR
        var live: LiveRegistry
        var plan: RegistryPlanner.Plan
        var organizationID: String?
    }

    var input: RegistryInput
    var targets: [Target] = []
    var skipped: [String] = []

    init(_ options: DeploymentOptions, environment: [String: String] = ProcessEnvironment.current()) throws {
        let (manifestPath, policyDirectory) = AuditCommand.locateManifest(options.directory)
        do {
            let text = try AuditCommand.readText(manifestPath)
            input = try RegistryLoader.load(manifestText: text, manifestPath: manifestPath, directory: policyDirectory,
                                            read: { path in try AuditCommand.readText(path) })
        } catch let errors as ManifestErrors {
            throw CLIFailure.runtime(errors.description)
        } catch {
            throw CLIFailure.runtime("\(error)")
        }
        let registries = try RegistrySelection.select(input.manifest.registries, name: options.registry, region: options.region,
                                                      manifestPath: manifestPath)
        for registry in registries {
            let service = try Self.service(for: registry, options.connection, environment: environment)
            let reader = LiveRegistryReader(service: service)
            let description: ECR.DescribeRegistryResponse
            do {
                description = try reader.describeRegistry()
            } catch {
                throw ECRSession.failure(error, operation: "DescribeRegistry")
            }
            guard let account = description.registryId, account == registry.account else {
                skipped.append("registry \(registry.name) (account \(registry.account)) skipped: the credentials belong to account \(description.registryId ?? "?")")
                continue
            }
            let desired = DesiredRegistry(registry, input: input)
            let live: LiveRegistry
            do {
                live = try reader.read(desired, registry: description)
            } catch {
                throw CLIFailure.runtime("reading live state of registry \(registry.name) (\(registry.account), \(registry.region)): \(error)")
            }
            targets.append(Target(desired: desired, service: service, live: live, plan: RegistryPlanner.plan(desired: desired, live: live),
                                  organizationID: registry.organization?.id))
        }
    }

    /// The client for one registry: its Region is the manifest's, whatever AWS_REGION or the profile say.
    private static func service(for registry: RegistryManifest, _ connection: AWSConnectionOptions,
                                environment: [String: String]) throws -> ECR {
        do {
            return try AWSClientConfiguration.resolve(connection.clientOptions(region: registry.region), environment: environment)
                .makeECR(debugLog: connection.debug ? DebugLog.standardError() : nil)
        } catch {
            throw CLIFailure.runtime("registry \(registry.name): \(error)")
        }
    }

    var changeCount: Int { targets.reduce(0) { $0 + $1.plan.changes.count } }
}
