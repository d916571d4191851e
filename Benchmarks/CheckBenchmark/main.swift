// check-benchmark: `PolicyChecker.check` plus the gate over 1,000 generated policy files, in
// memory (the CLI reads files and then runs exactly this). Build and run in release:
//   swift run -c release check-benchmark [FILES]
import Foundation
import PolicyChecks
import PolicyCore

/// Deterministic variety: every file mixes the statement shapes real registries have (own CI
/// push, cross-account pull, organization pull, public pull, deny-outside-organization, service
/// principals), so every rule, including the evaluator-backed ones, has work to do.
func policy(_ i: Int) -> (text: String, kind: PolicyKind) {
    let account = String(format: "%012d", 100_000_000_000 + (i * 7919) % 899_999_999_999)
    var statements: [String] = []
    statements.append(#"{"Sid": "CIPush\#(i)", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci-\#(i)"}, "Action": ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage"]}"#)
    if i % 2 == 0 {
        statements.append(#"{"Sid": "PartnerPull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\#(account):root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}"#)
    }
    if i % 3 == 0 {
        statements.append(#"{"Sid": "OrgPull", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#)
    }
    if i % 5 == 0 {
        statements.append(#"{"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}}"#)
    }
    if i % 7 == 0 {
        statements.append(#"{"Sid": "DenyOutsideOrg", "Effect": "Deny", "Principal": "*", "Action": "ecr:*", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "Bool": {"aws:PrincipalIsAWSService": "false"}}}"#)
    }
    if i % 11 == 0 {
        statements.append(#"{"Sid": "Build", "Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}"#)
    }
    if i % 13 == 0 {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Sid": "Replicate", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\#(account):root"}, "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": "arn:aws:ecr:us-west-2:111122223333:repository/*"}]}"#
        return (text, .registry)
    }
    return ("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    " + statements.joined(separator: ",\n    ") + "\n  ]\n}\n", .repository)
}

let count = CommandLine.arguments.dropFirst().compactMap { Int($0) }.first ?? 1000
let files = (0..<count).map { i in (name: "policies/repositories/repo-\(i).json", policy: policy(i)) }
let bytes = files.reduce(0) { $0 + $1.policy.text.utf8.count }
let checker = PolicyChecker()
let context = CheckContext(accountID: "111122223333", organizationID: "o-a1b2c3d4e5")
let gate = Gate(policy: GatePolicy())
let today = CalendarDate(year: 2026, month: 11, day: 29)

func run() -> (findings: Int, failed: Bool) {
    var all: [Finding] = []
    for file in files {
        all += checker.check(file.policy.text, kind: file.policy.kind, file: file.name, context: context)
    }
    let result = gate.evaluate(all, checkedFiles: Set(files.map(\.name)), today: today)
    return (all.count, result.failed)
}

/// CPU time of this process (user + system), so a busy machine does not inflate the figure.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

_ = run()  // warm-up (catalog, compiled caller policy)
let clock = ContinuousClock()
var best = Duration.seconds(1_000)
var bestCPU = Double.infinity
var outcome = (findings: 0, failed: false)
for _ in 0..<5 {
    let cpuStart = cpuSeconds()
    let elapsed = clock.measure { outcome = run() }
    best = min(best, elapsed)
    bestCPU = min(bestCPU, cpuSeconds() - cpuStart)
}
let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
print("check-benchmark: \(count) policy files, \(bytes / 1024) KiB, \(outcome.findings) findings, gate \(outcome.failed ? "failed" : "passed")")
print(String(format: "  best of 5: %.1f ms wall (%.1f ms CPU), %.1f µs per file, %.0f files/s", seconds * 1000, bestCPU * 1000,
             seconds / Double(count) * 1e6, Double(count) / seconds))

// Where the time goes: parsing, then each rule on its own (same inputs).
if CommandLine.arguments.contains("--rules") {
    var inputs: [CheckInput] = []
    let parseTime = clock.measure {
        for file in files {
            let parsed = PolicyParser.parse(file.policy.text, kind: file.policy.kind, file: file.name)
            if let document = parsed.document {
                inputs.append(CheckInput(document: document, root: parsed.root, kind: file.policy.kind, file: file.name, context: context))
            }
        }
    }
    print("  parse + validate: \(parseTime)")
    print("  (run alone, each access rule below computes the shared evaluator analysis itself)")
    for rule in RuleCatalog.all {
        let t = clock.measure { for input in inputs { _ = rule.check(input) } }
        print("  \(rule.descriptor.code): \(t)")
    }
}

if CommandLine.arguments.contains("--eval") {
    let text = policy(105).text
    let doc = PolicyParser.parse(text, kind: .repository, file: "p").document!
    let allow = PolicyParser.parse(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#, kind: .identity, file: "i").document!
    let set = PolicySet(identity: [CompiledPolicy(allow, name: "i", kind: .identity)], resource: CompiledPolicy(doc, name: "p", kind: .repository))
    let principal = PrincipalIdentity("arn:aws:iam::999999999990:role/x")!
    var ctx = RequestContext()
    ctx["aws:PrincipalTag/team"] = .single("ecrguard-unlisted")
    let n = 20000
    var allowed = 0
    let t = clock.measure {
        for _ in 0..<n {
            let r = AccessRequest(principal: principal, action: "ecr:PutImage", resource: "arn:aws:ecr:us-east-1:111122223333:repository/r", context: ctx)
            if Evaluator().evaluate(r, set).isAllowed { allowed += 1 }
        }
    }
    print("  evaluator: \(n) requests in \(t) (\(allowed) allowed)")
    let t2 = clock.measure { for _ in 0..<1000 { _ = CompiledPolicy(doc, name: "p", kind: .repository) } }
    print("  compile: 1000 in \(t2)")
}
