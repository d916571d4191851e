import ArgumentParser
import ECRClient
import Foundation
import PolicyChecks
import PolicyCore

/// `ecrguard apply [DIR]`: validates every policy it would send (refusing on errors or findings at or
/// above --fail-on), saves each live policy it replaces into --backup-dir, applies the plan in order,
/// and if a call fails reports exactly what was changed and what was not.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make live ECR match the manifest, after validating its policies and backing up the live ones.")

    @Argument(help: "The policies directory or its ecrguard.yaml.") var directory: String = "policies"
    @Option(help: "Only this registry of the manifest.") var registry: String?
    @Option(name: .customLong("fail-on"), help: "Lowest severity that refuses the apply.") var failOn: String = "high"
    @Option(name: .customLong("backup-dir"), help: "Where replaced live policies are saved (default .ecrguard/backups/TIMESTAMP).") var backupDir: String?
    @OptionGroup var aws: AWSGlobalOptions

    func validate() throws {
        guard Severity(rawValue: failOn) != nil else { throw ValidationError("--fail-on must be one of info, low, medium, high, critical") }
    }

    func run() throws {
        let session = try DeploymentSession(directory: directory, aws: aws, registryFilter: registry)
        print(session.render())
        try refuseInvalidPolicies(session)
        guard session.changeCount > 0 else { return }
        let backups = PolicyBackup(directory: backupDir ?? ".ecrguard/backups/\(Self.timestamp())")
        var applied: [String] = []
        for target in session.targets {
            for (index, change) in target.plan.changes.enumerated() {
                do {
                    if let saved = try backups.save(change, registry: target.desired) { print("backup: \(saved)") }
                    try Self.execute(change, on: target.service)
                    applied.append("\(target.desired.name): \(change.summary)")
                    print("applied: \(target.desired.name): \(change.summary)")
                } catch {
                    let remaining = target.plan.changes.dropFirst(index + 1).map { "\(target.desired.name): \($0.summary)" }
                        + session.targets.drop { $0.desired.name != target.desired.name }.dropFirst().flatMap { other in other.plan.changes.map { "\(other.desired.name): \($0.summary)" } }
                    var report = ["apply stopped: \(target.desired.name): \(change.summary) failed: \(Self.describe(error))"]
                    report.append("changed before the failure (\(applied.count)):" + (applied.isEmpty ? " nothing" : ""))
                    report += applied.map { "  " + $0 }
                    report.append("not attempted (\(remaining.count)):" + (remaining.isEmpty ? " nothing" : ""))
                    report += remaining.map { "  " + $0 }
                    if backups.written > 0 { report.append("previous policies saved in \(backups.directory)") }
                    throw CLIFailure.runtime(report.joined(separator: "\n"))
                }
            }
        }
        print("Apply complete: \(applied.count) change(s).")
    }

    private func refuseInvalidPolicies(_ session: DeploymentSession) throws {
        let gate = GatePolicy(failOn: Severity(rawValue: failOn)!)
        var blocking = 0
        for target in session.targets {
            for repository in target.desired.repositories {
                guard let policy = repository.policy else { continue }
                let context = CheckContext(accountID: target.desired.account, organizationID: target.organizationID,
                                           repositoryName: repository.name, region: target.desired.region)
                blocking += report(PolicyChecker().check(policy.text, kind: .repository, file: policy.path, context: context), gate)
            }
            if let policy = target.desired.registryPolicy {
                let context = CheckContext(accountID: target.desired.account, organizationID: target.organizationID, region: target.desired.region)
                blocking += report(PolicyChecker().check(policy.text, kind: .registry, file: policy.path, context: context), gate)
            }
        }
        if blocking > 0 {
            FileHandle.standardError.write(Data("ecrguard: refusing to apply: \(blocking) blocking finding(s); nothing was changed\n".utf8))
            throw CLIFailure.gateFailed
        }
    }

    private func report(_ findings: [Finding], _ gate: GatePolicy) -> Int {
        let blocking = findings.filter { gate.fails($0) }
        for finding in blocking {
            FileHandle.standardError.write(Data("\(finding.file):\(finding.span.start.line):\(finding.span.start.column): \(finding.severity.rawValue) \(finding.code): \(finding.message)\n".utf8))
        }
        return blocking.count
    }

    static func execute(_ change: PlannedChange, on service: ECRService) throws {
        switch change {
        case .createRepository(let repository):
            _ = try service.perform(CreateRepository(repositoryName: repository.name, imageTagMutability: repository.tagMutability,
                                                     imageScanningConfiguration: .init(scanOnPush: repository.scanOnPush),
                                                     encryptionConfiguration: .init(encryptionType: repository.encryptionType)))
        case .setScanOnPush(let repository, _, let to):
            _ = try service.perform(PutImageScanningConfiguration(repositoryName: repository, scanOnPush: to))
        case .setTagMutability(let repository, _, let to):
            _ = try service.perform(PutImageTagMutability(repositoryName: repository, imageTagMutability: to))
        case .setRepositoryPolicy(let repository, _, let desired):
            _ = try service.perform(SetRepositoryPolicy(repositoryName: repository, policyText: desired.text))
        case .setRegistryPolicyScope(_, let to):
            _ = try service.perform(PutAccountSetting(name: "REGISTRY_POLICY_SCOPE", value: to))
        case .putRegistryPolicy(_, let desired):
            _ = try service.perform(PutRegistryPolicy(policyText: desired.text))
        case .createPullThroughCacheRule(let prefix, let upstream, let credentialArn):
            _ = try service.perform(CreatePullThroughCacheRule(ecrRepositoryPrefix: prefix, upstreamRegistryUrl: upstream, credentialArn: credentialArn))
        case .putReplication(_, let desired):
            _ = try service.perform(PutReplicationConfiguration(desired))
        }
    }

    static func describe(_ error: any Error) -> String {
        if case AWSClientError.service(let service) = error { return "\(service.code): \(service.message)" }
        return "\(error)"
    }

    static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date())
    }
}
