// parse-benchmark: throughput of the policy parser on realistic ECR and IAM policies.
//
//   swift run -c release parse-benchmark [--megabytes N] [--rounds N] [--only json|model|rules|foundation]
//
// Generates N MB (default 2) of policies — repository policies (org-wide pull, CI push,
// cross-account pull with conditions, deny of non-TLS, NotPrincipal guards; both Version dates,
// pretty-printed and minified), registry policies and identity policies with policy variables —
// each a separate document, as files are in practice. Then it times, on one thread, the best of
// several rounds (thread CPU time, so other processes on a shared machine do not count) of:
//   1. JSONParser.parse: bytes to a JSON tree with a position for every key and value;
//   2. parse + model: PolicyParser.parseStructure (JSON, PolicyDocument, structural findings);
//   3. parse + model + validation: PolicyParser.parse (every rule, with the action catalog);
//   4. Foundation JSONSerialization.jsonObject on the same bytes (no positions, no model).
// Numbers are printed, never asserted. `--only` runs one measurement (for a profiler or callgrind).
import Foundation
import PolicyCore

var megabytes = 2.0
var rounds = 7
var only: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--megabytes": megabytes = Double(arguments.popFirst() ?? "") ?? megabytes
    case "--rounds": rounds = Int(arguments.popFirst() ?? "") ?? rounds
    case "--only": only = arguments.popFirst()
    default:
        FileHandle.standardError.write(Data("usage: parse-benchmark [--megabytes N] [--rounds N] [--only json|model|rules|foundation]\n".utf8))
        exit(64)
    }
}

/// A small deterministic generator so every run measures the same input.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func account() -> String { String(format: "%012llu", next() % 1_000_000_000_000) }
}

let pull = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
let push = ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"]
let teams = ["payments", "platform", "search", "identity", "data", "mobile", "edge", "billing"]

func quoted(_ items: [String]) -> String { "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }

func repositoryPolicy(_ g: inout SplitMix) -> String {
    let own = g.account(), partner = g.account(), team = g.pick(teams)
    var statements = [
        """
        {"Sid": "OrgPull", "Effect": "Allow", "Principal": "*", "Action": \(quoted(pull)),
         "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-\(String(g.next() % 0xFFFFFFFFFF, radix: 36))"},
                       "ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-\(team)/*"]}}}
        """,
        """
        {"Sid": "CIPush", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::\(own):role/ci-\(team)", "arn:aws:iam::\(own):role/release-\(team)"]},
         "Action": \(quoted(push + ["ecr:BatchGetImage"]))}
        """,
        """
        {"Sid": "PartnerPull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\(partner):root"}, "Action": \(quoted(pull)),
         "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8:\(g.next() % 9000 + 1000)::/48"]},
                       "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}, "Bool": {"aws:SecureTransport": "true"}}}
        """,
        """
        {"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "ecr:*", "Condition": {"Bool": {"aws:SecureTransport": false}}}
        """,
        """
        {"Sid": "GuardPolicy", "Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::\(own):role/admin", "arn:aws:iam::\(own):root"]},
         "Action": ["ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy", "ecr:DeleteRepository"]}
        """,
        """
        {"Sid": "LambdaPull", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": \(quoted(Array(pull.prefix(2)))),
         "Condition": {"StringLike": {"aws:sourceArn": "arn:aws:lambda:eu-west-1:\(own):function:\(team)-*"}}}
        """,
    ]
    let count = 2 + Int(g.next() % 5)
    statements = Array(statements.shuffled(using: &g).prefix(count))
    let version = g.next() % 4 == 0 ? "2008-10-17" : "2012-10-17"
    return "{\n  \"Version\": \"\(version)\",\n  \"Statement\": [\n    " + statements.joined(separator: ",\n    ") + "\n  ]\n}\n"
}

func registryPolicy(_ g: inout SplitMix) -> String {
    let own = g.account()
    let sources = (0..<(1 + Int(g.next() % 3))).map { _ in g.account() }
    let statements = sources.enumerated().map { i, source in
        """
        {"Sid": "Replication\(i)", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\(source):root"},
         "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": "arn:aws:ecr:eu-west-1:\(own):repository/\(g.pick(teams))/*"}
        """
    }
    return "{\"Version\": \"2012-10-17\", \"Statement\": [" + statements.joined(separator: ", ") + "]}\n"
}

func identityPolicy(_ g: inout SplitMix) -> String {
    let own = g.account(), team = g.pick(teams)
    return """
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Sid": "TeamRepos", "Effect": "Allow", "Action": \(quoted(push + pull + ["ecr:DescribeImages", "ecr:ListImages"])),
         "Resource": ["arn:aws:ecr:*:\(own):repository/\(team)/*", "arn:aws:ecr:*:\(own):repository/${aws:PrincipalTag/team, 'none'}/*"]},
        {"Sid": "NoDeletes", "Effect": "Deny", "NotAction": ["ecr:Describe*", "ecr:List*", "ecr:Get*", "ecr:BatchGet*"],
         "Resource": "arn:aws:ecr:*:\(own):repository/prod/*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalTag/role": "admin"}}}
      ]
    }

    """
}

func minified(_ text: String) -> String {
    // Drop the pretty-printing whitespace outside strings (none of the generated strings has spaces that matter here).
    var out = ""
    var inString = false, escaped = false
    for c in text.unicodeScalars {
        if inString {
            if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            out.unicodeScalars.append(c)
        } else if c == "\"" {
            inString = true
            out.unicodeScalars.append(c)
        } else if c != " " && c != "\n" {
            out.unicodeScalars.append(c)
        }
    }
    return out
}

extension SplitMix: RandomNumberGenerator {}

var generator = SplitMix(state: 42)
var documents: [(text: String, kind: PolicyKind)] = []
var totalBytes = 0
while Double(totalBytes) < megabytes * 1_000_000 {
    let roll = generator.next() % 10
    var (text, kind): (String, PolicyKind) = roll < 6 ? (repositoryPolicy(&generator), .repository)
        : roll < 8 ? (registryPolicy(&generator), .registry) : (identityPolicy(&generator), .identity)
    if generator.next() % 3 == 0 { text = minified(text) }
    documents.append((text, kind))
    totalBytes += text.utf8.count
}
let byteArrays = documents.map { Array($0.text.utf8) }
let datas = byteArrays.map { Data($0) }

// Sanity: every generated document is valid, so the benchmark measures the success path.
var errorCount = 0
for doc in documents {
    let result = PolicyParser.parse(doc.text, kind: doc.kind, file: "bench.json")
    errorCount += result.findings.filter { $0.category == .error }.count
}
if errorCount > 0 {
    FileHandle.standardError.write(Data("parse-benchmark: the generated policies have \(errorCount) validation errors\n".utf8))
    for doc in documents.prefix(50) {
        for f in PolicyParser.parse(doc.text, kind: doc.kind, file: "bench.json").findings where f.category == .error {
            FileHandle.standardError.write(Data("  \(f.span.start) \(f.code) \(f.message)\n".utf8))
        }
    }
    exit(2)
}

/// CPU time of this thread: the machine is shared, so wall-clock time would measure the neighbours.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

@MainActor @discardableResult
func measure(_ name: String, only key: String, _ body: () -> Int) -> Double {
    guard only == nil || only == key else { return 0 }
    var best = Double.infinity
    var sink = 0
    for _ in 0..<rounds {
        let start = threadCPUSeconds()
        sink &+= body()
        best = min(best, threadCPUSeconds() - start)
    }
    let mbps = Double(totalBytes) / 1e6 / best
    print(String(format: "%-44@ %8.1f MB/s  (%.2f ms CPU per round, best of %d; checksum %d)", name as NSString, mbps, best * 1000, rounds, sink))
    return mbps
}

print(String(format: "input: %d policies, %.2f MB (%d bytes), one thread", documents.count, Double(totalBytes) / 1e6, totalBytes))
_ = ActionCatalog.shared  // load the catalog outside the timed rounds
measure("JSONParser.parse (JSON tree with positions)", only: "json") {
    var n = 0
    for bytes in byteArrays { if case .object(let m) = (try? JSONParser.parse(bytes))?.kind { n += m.count } }
    return n
}
/// One pass of parse + model over every document, results dropped (freeing them is part of the
/// cost). A function of its own so callgrind can count it: `--toggle-collect='*AndModelAll*'`.
@inline(never)
func parseAndModelAll(_ documents: [(text: String, kind: PolicyKind)]) -> Int {
    var n = 0
    for doc in documents { n += PolicyParser.parseStructure(doc.text, kind: doc.kind, file: "bench.json").document?.statements.count ?? 0 }
    return n
}
measure("PolicyParser.parseStructure (parse + model)", only: "model") { parseAndModelAll(documents) }
measure("PolicyParser.parse (parse + model + rules)", only: "rules") {
    var n = 0
    for doc in documents { n += PolicyParser.parse(doc.text, kind: doc.kind, file: "bench.json").findings.count + 1 }
    return n
}
measure("Foundation JSONSerialization (no positions)", only: "foundation") {
    var n = 0
    for data in datas { if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] { n += object.count } }
    return n
}
