// Renders every report for a generated registry and prints how long each writer takes.
// Usage: swift run -c release report-benchmark [REPOSITORIES=10000] [PRINCIPALS=20] [FINDINGS_PER_REPOSITORY=2]
import Foundation
import PolicyCore
import Reports

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let repositoryCount = arguments.first ?? 10_000
let principalCount = arguments.dropFirst().first ?? 20
let findingsPerRepository = arguments.dropFirst(2).first ?? 2

let policy = """
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowOrgPull",
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
    },
    {
      "Sid": "AllowCIPush",
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]
    }
  ]
}
"""

func span(_ line: Int, _ column: Int, _ endColumn: Int) -> SourceSpan {
    SourceSpan(start: SourcePosition(line: line, column: column, offset: 0), end: SourcePosition(line: line, column: endColumn, offset: 0))
}

var findings: [ReportedFinding] = []
var sources: [String: String] = [:]
var matrix: [AccessMatrixEntry] = []
var replication: [ReplicationEntry] = []
for r in 0..<repositoryCount {
    let file = "policies/repositories/repo-\(r).json"
    sources[file] = policy
    if findingsPerRepository > 0 { findings.append(ReportedFinding(Finding(code: "PUBLIC_ACCESS", severity: .critical, category: .securityWarning, file: file,
                                            span: span(14, 20, 32), path: "Statement[1].Principal", statementIndex: 1, sid: "AllowCIPush",
                                            message: "Anyone can push to repo-\(r).", remediation: "Name the principals that push."), failsGate: true)) }
    if findingsPerRepository > 1 { findings.append(ReportedFinding(Finding(code: "EXTERNAL_ACCESS", severity: .info, category: .suggestion, file: file,
                                            span: span(9, 20, 71), path: "Statement[0].Condition", statementIndex: 0, sid: "AllowOrgPull",
                                            message: "Organization o-a1b2c3d4e5 can pull repo-\(r)."), failsGate: false)) }
    for p in 0..<principalCount where (r + p) % 10 == 0 {
        matrix.append(AccessMatrixEntry(principal: "principal-\(p)", principalARN: "arn:aws:iam::123456789012:role/principal-\(p)",
                                        repository: "repo-\(r)", capability: p % 2 == 0 ? "pull" : "push", decision: .allowed,
                                        decidingStatements: [ReportedStatement(policy: "repository policy", file: file, index: 0, sid: "AllowOrgPull", effect: "Allow", line: 4)],
                                        conditions: ["StringEquals aws:PrincipalOrgID = o-a1b2c3d4e5"]))
    }
    for (account, region) in [("123456789012", "us-west-2"), ("210987654321", "us-east-1")] {
        replication.append(ReplicationEntry(sourceRepository: "repo-\(r)", destinationAccount: account, destinationRegion: region,
                                            ruleIndex: 0, status: r % 7 == 0 ? .failing : .allowed, reason: "checked"))
    }
}
let report = AuditReport(
    metadata: ReportMetadata(toolVersion: "bench", inputs: ["policies/"], generatedAt: Date(), threshold: .high, verdict: .fail),
    findings: findings,
    // A catalog the size of ecrguard's (28 rules), as the audit passes it.
    rules: (0..<28).map { RuleDescriptor(code: "RULE_\($0)", severity: .medium, category: .warning, title: "Rule \($0)", help: "Checks \($0).") },
    accessMatrix: matrix, replication: replication,
    expectations: (0..<200).map { ExpectationResult(name: "expectation \($0)", expected: "allowed", actual: "allowed", passed: true, explanation: "ok") },
    sources: sources)

/// CPU seconds used by this process so far (user + system): steadier than wall time on a busy machine.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
}

func peakRSSMiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) / 1024
}

print("report-benchmark: \(repositoryCount) files, \(findings.count) findings, \(matrix.count) matrix cells, \(replication.count) replication entries")
let writers: [(String, (AuditReport) throws -> Data)] = [
    ("report.html", HTMLReportWriter.render),
    ("junit.xml", JUnitReportWriter.render),
    ("results.sarif", SARIFReportWriter.render),
    ("report.json", JSONReportWriter.render),
]
var total = 0.0, totalCPU = 0.0
for (name, render) in writers {
    let start = Date(), cpuStart = cpuSeconds()
    let data = try render(report)
    let seconds = Date().timeIntervalSince(start), cpu = cpuSeconds() - cpuStart
    total += seconds
    totalCPU += cpu
    print(String(format: "  %-14@ %7.3f s wall %7.3f s CPU  %8.1f MiB", name as NSString, seconds, cpu, Double(data.count) / 1_048_576))
}
let start = Date()
_ = TerminalSummary(useColor: false).render(report)
print(String(format: "  %-14@ %7.3f s", "terminal" as NSString, Date().timeIntervalSince(start)))
print(String(format: "  total          %7.3f s wall %7.3f s CPU, peak RSS %d MiB", total, totalCPU, peakRSSMiB()))
