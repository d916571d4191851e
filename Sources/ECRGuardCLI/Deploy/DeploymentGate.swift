import PolicyChecks
import PolicyCore

/// The one gate of `plan` and `apply`: every policy of the manifest's selected registries (what apply
/// would send) and every live policy the manifest does not manage are checked with `PolicyChecker`;
/// a finding at or above the threshold, or an error, is blocking. Any blocking finding refuses the
/// apply and fails the plan, so a plan that passes is a plan `apply` accepts.
struct DeploymentGate {
    var failOn: Severity

    struct GatedFinding {
        var finding: Finding
        var blocking: Bool
        /// The manifest registry the checked policy belongs to.
        var registry: String
    }

    struct Report {
        var failOn: Severity
        var findings: [GatedFinding] = []
        var blockingCount: Int { findings.filter(\.blocking).count }
        var refused: Bool { blockingCount > 0 }

        func findings(in file: String) -> [GatedFinding] { findings.filter { $0.finding.file == file } }
    }

    func evaluate(_ targets: [DeploymentSession.Target]) -> Report {
        let gate = GatePolicy(failOn: failOn)
        var report = Report(failOn: failOn)
        for target in targets {
            func check(_ text: String, kind: PolicyKind, file: String, repository: String?) {
                let context = CheckContext(accountID: target.desired.account, organizationID: target.organizationID,
                                           repositoryName: repository, region: target.desired.region)
                for finding in PolicyChecker().check(text, kind: kind, file: file, context: context) {
                    report.findings.append(GatedFinding(finding: finding, blocking: gate.fails(finding), registry: target.desired.name))
                }
            }
            for repository in target.desired.repositories {
                if let policy = repository.policy { check(policy.text, kind: .repository, file: policy.path, repository: repository.name) }
            }
            if let policy = target.desired.registryPolicy { check(policy.text, kind: .registry, file: policy.path, repository: nil) }
            for item in target.plan.unmanaged {
                guard let policy = item.policy else { continue }
                check(policy.text, kind: policy.kind, file: Self.liveLabel(policy, account: target.live.account, region: target.live.region),
                      repository: policy.repository)
            }
        }
        return report
    }

    /// Where findings in a live policy point: `live:ACCOUNT:REGION:repository/NAME` or
    /// `live:ACCOUNT:REGION:registry-policy`; lines and columns are those of the text ECR returns
    /// (`aws ecr get-repository-policy`'s policyText).
    static func liveLabel(_ policy: UnmanagedItem.LivePolicy, account: String, region: String) -> String {
        "live:\(account):\(region):" + (policy.repository.map { "repository/\($0)" } ?? "registry-policy")
    }
}
