// eval-benchmark: decisions per second of the evaluator on a realistic ECR registry.
//
//   swift build -c release --product eval-benchmark
//   .build/release/eval-benchmark [--rounds N] [--only full|identity|explained] [--write-requests FILE]
//   .build/release/eval-benchmark --batch FILE [--rounds N]
//
// The registry: 50 repositories (each with a repository policy of 2-4 statements: org-wide pull,
// CI push, cross-account pull with conditions, deny of non-TLS, a NotPrincipal guard on policy
// changes), a V2 registry policy, 10 principals (same-account roles, a user, role sessions with a
// boundary, cross-account roles, a service principal) with identity policies. Every request is
// one of 51 ECR actions by one principal on one repository: 50 × 10 × 51 = 25,500 requests per
// round. Policies are compiled once, requests built once; the timed loop only evaluates, on one
// thread. A second measurement evaluates the identity policies alone (what moto's IAMPolicy does),
// and --write-requests writes that request set for scripts/bench-moto-eval.py.
//
// --batch FILE: the core's part of `ecrguard simulate --batch FILE` alone: the file already in
// memory, every case read, its policies resolved and evaluated with the default explanation
// (`BatchSimulation.stream`, results counted, none written). The best of N rounds, thread CPU
// time; scripts/bench-moto-eval.py --end-to-end compares it with the whole process.
import Foundation
import PolicyCore

let ecrActions = """
BatchCheckLayerAvailability BatchDeleteImage BatchGetImage BatchGetRepositoryScanningConfiguration BatchImportUpstreamImage
CompleteLayerUpload CreatePullThroughCacheRule CreateRepository CreateRepositoryCreationTemplate DeleteLifecyclePolicy
DeletePullThroughCacheRule DeleteRegistryPolicy DeleteRepository DeleteRepositoryCreationTemplate DeleteRepositoryPolicy
DescribeImageReplicationStatus DescribeImageScanFindings DescribeImages DescribePullThroughCacheRules DescribeRegistry
DescribeRepositories DescribeRepositoryCreationTemplates GetAccountSetting GetAuthorizationToken GetDownloadUrlForLayer
GetLifecyclePolicy GetLifecyclePolicyPreview GetRegistryPolicy GetRegistryScanningConfiguration GetRepositoryPolicy
InitiateLayerUpload ListImages ListTagsForResource PutAccountSetting PutImage PutImageScanningConfiguration
PutImageTagMutability PutLifecyclePolicy PutRegistryPolicy PutRegistryScanningConfiguration PutReplicationConfiguration
ReplicateImage SetRepositoryPolicy StartImageScan StartLifecyclePolicyPreview TagResource UntagResource
UpdatePullThroughCacheRule UpdateRepositoryCreationTemplate UploadLayerPart ValidatePullThroughCacheRule
""".split(whereSeparator: { $0 == " " || $0 == "\n" }).map { "ecr:" + $0 }

let account = "111122223333", partner = "444455556666", region = "eu-west-1"
let teams = ["payments", "identity", "search", "platform", "web"]

func compile(_ json: String, _ kind: PolicyKind, _ name: String) -> CompiledPolicy {
    let result = PolicyParser.parse(json, kind: kind, file: name)
    guard let document = result.document, !result.hasErrors else {
        fatalError("benchmark policy \(name) is invalid: \(result.findings.map(\.message))")
    }
    return CompiledPolicy(document, name: name, kind: kind)
}

func repositoryPolicy(_ i: Int) -> String {
    let team = teams[i % teams.count]
    var statements = [
        #"{"Sid":"OrgPull","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"],"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}"#,
        #"{"Sid":"CIPush","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::\#(account):role/ci-\#(team)","arn:aws:iam::\#(account):role/ci-platform"]},"Action":["ecr:BatchCheckLayerAvailability","ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload","ecr:PutImage","ecr:BatchGetImage"]}"#,
        #"{"Sid":"DenyInsecure","Effect":"Deny","Principal":"*","Action":"ecr:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#,
    ]
    if i % 3 == 0 {
        statements.append(#"{"Sid":"PartnerPull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(partner):root"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]}}}"#)
    }
    if i % 4 == 0 {
        statements.append(#"{"Sid":"GuardPolicy","Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::\#(account):role/admin","arn:aws:iam::\#(account):root"]},"Action":["ecr:SetRepositoryPolicy","ecr:DeleteRepositoryPolicy","ecr:DeleteRepository"]}"#)
    }
    return #"{"Version":"2012-10-17","Statement":["# + statements.joined(separator: ",") + "]}"
}

struct Principal {
    var arn: String
    var identity: [String]
    var boundary: String?
}

let token = #"{"Sid":"Token","Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}"#
func doc(_ statements: String...) -> String { #"{"Version":"2012-10-17","Statement":["# + statements.joined(separator: ",") + "]}" }
let principals: [Principal] = [
    Principal(arn: "arn:aws:sts::\(account):assumed-role/ci-payments/build-1", identity: [doc(token, #"{"Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload","ecr:PutImage","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"arn:aws:ecr:\#(region):\#(account):repository/payments-*"}"#)]),
    Principal(arn: "arn:aws:sts::\(account):assumed-role/ci-platform/build-2", identity: [doc(token, #"{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:*:\#(account):repository/*"}"#, #"{"Effect":"Deny","Action":["ecr:Delete*","ecr:SetRepositoryPolicy"],"Resource":"*"}"#)]),
    Principal(arn: "arn:aws:iam::\(account):role/admin", identity: [doc(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)]),
    Principal(arn: "arn:aws:iam::\(account):user/alice", identity: [doc(token, #"{"Effect":"Allow","Action":["ecr:Describe*","ecr:List*","ecr:Get*","ecr:BatchGet*"],"Resource":"*"}"#)]),
    Principal(arn: "arn:aws:sts::\(account):assumed-role/developer/bob", identity: [doc(token, #"{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:\#(region):\#(account):repository/${aws:PrincipalTag/team}-*"}"#)],
              boundary: doc(#"{"Effect":"Allow","Action":["ecr:Get*","ecr:BatchGet*","ecr:Describe*","ecr:List*","ecr:PutImage","ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload","ecr:BatchCheckLayerAvailability"],"Resource":"*"}"#)),
    Principal(arn: "arn:aws:sts::\(account):assumed-role/readonly/carol", identity: [doc(token, #"{"Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}"#)]),
    Principal(arn: "arn:aws:sts::\(partner):assumed-role/deploy/d1", identity: [doc(token, #"{"Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"arn:aws:ecr:*:\#(account):repository/*"}"#)]),
    Principal(arn: "arn:aws:iam::\(partner):root", identity: []),
    Principal(arn: "arn:aws:sts::999988887777:assumed-role/attacker/x", identity: [doc(#"{"Effect":"Allow","Action":"ecr:*","Resource":"*"}"#)]),
    Principal(arn: "arn:aws:iam::\(account):user/ops", identity: [doc(token, #"{"Effect":"Allow","NotAction":["ecr:SetRepositoryPolicy","ecr:DeleteRepositoryPolicy","ecr:PutRegistryPolicy"],"Resource":"*"}"#)]),
]

let registry = compile(#"{"Version":"2012-10-17","Statement":[{"Sid":"Replicate","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(partner):root"},"Action":["ecr:ReplicateImage","ecr:CreateRepository"],"Resource":"arn:aws:ecr:\#(region):\#(account):repository/*"}]}"#, .registry, "registry")
let repositories = (0..<50).map { i in "arn:aws:ecr:\(region):\(account):repository/\(teams[i % teams.count])-service-\(i)" }
let repoPolicies = (0..<50).map { compile(repositoryPolicy($0), .repository, "repo-\($0)") }

struct Case {
    var request: AccessRequest
    var set: PolicySet
    var identityOnly: PolicySet
    var identityJSON: Int   // index into principals for --write-requests
}

var cases: [Case] = []
let compiledPrincipals = principals.enumerated().map { (i, p) in
    (identity: p.identity.enumerated().map { compile($1, .identity, "p\(i)-\($0)") }, boundary: p.boundary.map { compile($0, .boundary, "p\(i)-boundary") })
}
for (pi, p) in principals.enumerated() {
    let who = PrincipalIdentity(p.arn)!
    var context = RequestContext(["aws:SecureTransport": .single("true"), "aws:RequestedRegion": .single(region), "aws:SourceIp": .single("203.0.113.7")])
    if who.account == account { context["aws:PrincipalOrgID"] = .single("o-a1b2c3d4e5") }
    if pi == 4 { context["aws:PrincipalTag/team"] = .single("payments") }
    for (ri, repo) in repositories.enumerated() {
        let set = PolicySet(identity: compiledPrincipals[pi].identity, resource: repoPolicies[ri], registry: registry,
                            boundary: compiledPrincipals[pi].boundary)
        for action in ecrActions {
            let resource = action == "ecr:GetAuthorizationToken" ? "*" : repo
            cases.append(Case(request: AccessRequest(principal: who, action: action, resource: resource, context: context), set: set,
                              identityOnly: PolicySet(identity: compiledPrincipals[pi].identity), identityJSON: pi))
        }
    }
}

var rounds = 200
var writePath: String?
/// `--only full|identity|explained`: run one measurement, e.g. to count one path's instructions under callgrind.
var only: String?
var batchPath: String?
var args = CommandLine.arguments.dropFirst().makeIterator()
while let a = args.next() {
    switch a {
    case "--batch": batchPath = args.next()
    case "--rounds": rounds = Int(args.next() ?? "") ?? rounds
    case "--write-requests": writePath = args.next()
    case "--only":
        only = args.next()
        guard only == "full" || only == "identity" || only == "explained" else { print("--only takes full, identity or explained"); exit(64) }
    default: print("usage: eval-benchmark [--rounds N] [--only full|identity|explained] [--write-requests FILE]"); exit(64)
    }
}

/// CPU time of this thread: the machine is shared, so wall-clock time would measure the neighbours.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Written by the explained measurement, so reading the explanations cannot be optimised away.
nonisolated(unsafe) var explanationSink = 0

/// `explained`: decide with `Evaluator.explain` and read each decision's deciding statements, as a
/// caller that shows every explanation does (the other measurements read `isAllowed` only, and
/// `evaluate` leaves the explanation to be computed when read).
@MainActor func measure(_ label: String, identityOnly: Bool, explained: Bool = false) -> Double {
    let evaluator = Evaluator()
    let requests = cases.map(\.request)
    let sets = cases.map { identityOnly ? $0.identityOnly : $0.set }
    func pass() -> Int {
        var n = 0
        for i in requests.indices {
            let d = explained ? evaluator.explain(requests[i], sets[i]) : evaluator.evaluate(requests[i], sets[i])
            if d.isAllowed { n += 1 }
            if explained { explanationSink &+= d.decidingStatements.count }
        }
        return n
    }
    // Warm-up.
    let allowed = pass()
    let perRound = allowed
    var best = Double.infinity
    var times: [Double] = []
    let chunk = max(1, rounds / 10)
    for _ in 0..<10 {
        let start = threadCPUSeconds()
        var count = 0
        for _ in 0..<chunk { count += pass() }
        let seconds = threadCPUSeconds() - start
        precondition(count == perRound * chunk)
        times.append(seconds)
        best = min(best, seconds)
    }
    times.sort()
    let decisions = Double(cases.count * chunk)
    let median = decisions / times[times.count / 2]
    print(String(format: "%@: %d requests/round (%d allowed), %.2f M decisions/s median, %.2f M/s best (thread CPU time)",
                 label, cases.count, perRound, median / 1e6, decisions / best / 1e6))
    return median
}

if let batchPath {
    guard let data = FileManager.default.contents(atPath: batchPath) else {
        FileHandle.standardError.write(Data("cannot read \(batchPath)\n".utf8))
        exit(2)
    }
    var best = Double.infinity
    var summary = BatchSimulation.Summary()
    var allowed = 0
    for _ in 0..<max(1, min(rounds, 20)) {
        let start = threadCPUSeconds()
        allowed = 0
        summary = data.withUnsafeBytes { raw in
            (try? BatchSimulation.stream(raw.bindMemory(to: UInt8.self), file: batchPath) { if $0.outcome == .allowed { allowed += 1 } })
                ?? BatchSimulation.Summary()
        }
        best = min(best, threadCPUSeconds() - start)
    }
    print(String(format: "BATCH cases=%d errors=%d allowed=%d seconds=%.4f", summary.cases, summary.errors, allowed, best))
    exit(0)
}

let evaluator = Evaluator()
print("eval-benchmark: \(repositories.count) repositories × \(principals.count) principals × \(ecrActions.count) ECR actions, single thread")
let full = only == nil || only == "full" ? measure("full evaluation (identity + boundary + repository + registry policies)", identityOnly: false) : 0
let identity = only == nil || only == "identity" ? measure("identity policies only (as moto's IAMPolicy)", identityOnly: true) : 0
if only == nil || only == "explained" {
    _ = measure("full evaluation with explanations (Evaluator.explain, deciding statements read)", identityOnly: false, explained: true)
}
print(String(format: "RESULT full=%.0f identityOnly=%.0f", full, identity))

if let writePath {
    // One JSON object per line: the identity policies (as JSON text), action, resource, and our decision.
    var out = ""
    for c in cases {
        let policies = principals[c.identityJSON].identity
        let allowed = evaluator.evaluate(c.request, c.identityOnly).isAllowed
        let policyArray = "[" + policies.joined(separator: ",") + "]"
        out += #"{"policies":\#(policyArray),"action":"\#(c.request.action)","resource":"\#(c.request.resource)","allowed":\#(allowed),"context":{"aws:PrincipalTag/team":"payments"},"principal":\#(c.identityJSON)}"# + "\n"
    }
    guard FileManager.default.createFile(atPath: writePath, contents: Data(out.utf8)) else {
        FileHandle.standardError.write(Data("cannot write \(writePath)\n".utf8))
        exit(2)
    }
    print("wrote \(cases.count) identity-only requests to \(writePath)")
}
