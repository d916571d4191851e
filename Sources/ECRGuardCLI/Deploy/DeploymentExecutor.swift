import ECRClient
import Foundation

/// Applies a planned session in order, each change through its registry's own client (so in its
/// Region), backing up what it replaces; on the first failure it reports what was changed and what
/// was not attempted.
struct DeploymentExecutor {
    let backups: PolicyBackup

    func apply(_ session: DeploymentSession) throws {
        var applied: [String] = []
        for (targetIndex, target) in session.targets.enumerated() {
            for (index, change) in target.plan.changes.enumerated() {
                do {
                    if let saved = try backups.save(change, live: target.live) { print("backup: \(saved)") }
                    try Self.execute(change, on: target.service)
                    applied.append("\(target.desired.name): \(change.summary)")
                    print("applied: \(target.desired.name): \(change.summary)")
                } catch {
                    let remaining = target.plan.changes.dropFirst(index + 1).map { "\(target.desired.name): \($0.summary)" }
                        + session.targets.dropFirst(targetIndex + 1).flatMap { other in other.plan.changes.map { "\(other.desired.name): \($0.summary)" } }
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

    static func execute(_ change: PlannedChange, on ecr: ECR) throws(AWSClientError) {
        switch change {
        case .createRepository(let repository):
            try ecr.createRepository(.init(repositoryName: repository.name, imageTagMutability: ECR.ImageTagMutability(rawValue: repository.tagMutability),
                                           imageScanningConfiguration: .init(scanOnPush: repository.scanOnPush),
                                           encryptionConfiguration: .init(encryptionType: ECR.EncryptionType(rawValue: repository.encryptionType))))
        case .setScanOnPush(let repository, _, let to):
            try ecr.putImageScanningConfiguration(.init(repositoryName: repository, imageScanningConfiguration: .init(scanOnPush: to)))
        case .setTagMutability(let repository, _, let to):
            try ecr.putImageTagMutability(.init(repositoryName: repository, imageTagMutability: ECR.ImageTagMutability(rawValue: to)))
        case .setRepositoryPolicy(let repository, _, let desired):
            try ecr.setRepositoryPolicy(.init(repositoryName: repository, policyText: desired.text))
        case .setRegistryPolicyScope(_, let to):
            try ecr.putAccountSetting(.init(name: "REGISTRY_POLICY_SCOPE", value: to))
        case .putRegistryPolicy(_, let desired):
            try ecr.putRegistryPolicy(.init(policyText: desired.text))
        case .createPullThroughCacheRule(let prefix, let upstream, let credentialArn):
            try ecr.createPullThroughCacheRule(.init(ecrRepositoryPrefix: prefix, upstreamRegistryUrl: upstream, credentialArn: credentialArn))
        case .putReplication(_, let desired):
            try ecr.putReplicationConfiguration(.init(replicationConfiguration: desired))
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
