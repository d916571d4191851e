// ecr-benchmark: 200 describe/get calls against moto_server, ecrguard's client in one process (one
// libcurl handle, reused) versus the same calls through 200 `aws` invocations. Prints both and the ratio.
//
//   swift build -c release --product ecr-benchmark && .build/release/ecr-benchmark [CALLS]
//
// ECR_BENCH_AWS_CALLS overrides how many `aws` invocations run (default: CALLS); the per-call time is
// then compared, and the printed total for aws is measured, never extrapolated.
import ECRClient
import Foundation

let calls = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 200
let awsCalls = ProcessInfo.processInfo.environment["ECR_BENCH_AWS_CALLS"].flatMap { Int($0) } ?? calls

func which(_ name: String) -> String? {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}

guard let motoBinary = which("moto_server"), let awsBinary = which("aws") else {
    FileHandle.standardError.write(Data("ecr-benchmark: needs moto_server and aws on PATH (scripts/setup.sh test)\n".utf8))
    exit(2)
}

let port = Int.random(in: 20_000..<40_000)
let endpoint = "http://127.0.0.1:\(port)"
let moto = Process()
moto.executableURL = URL(fileURLWithPath: motoBinary)
moto.arguments = ["-H", "127.0.0.1", "-p", String(port)]
moto.standardOutput = FileHandle.nullDevice
moto.standardError = FileHandle.nullDevice
try moto.run()
defer { moto.terminate(); moto.waitUntilExit() }

let credentials = AWSCredentials(accessKeyId: "testing", secretAccessKey: "testing")
let transport = try CurlTransport(options: TransportOptions(connectTimeout: 2, totalTimeout: 30))
let executor = AWSRequestExecutor(transport: transport, credentials: StaticCredentialProvider(credentials), retry: RetryPolicy(maxAttempts: 1))
let ecr = ECR(executor: executor, endpoint: URL(string: endpoint)!, region: "us-east-1")

// Wait for moto, then create the repository the calls describe.
let readyBy = Date() + 30
var ready = false
while Date() < readyBy && !ready {
    ready = (try? ecr.createRepository(.init(repositoryName: "bench"))) != nil
    if !ready { Thread.sleep(forTimeInterval: 0.2) }
}
guard ready else { print("ecr-benchmark: moto_server did not start"); exit(2) }

var newConnections = 0
let ourStart = Date()
for index in 0..<calls {
    if index % 2 == 0 {
        _ = try ecr.describeRepositories(.init(repositoryNames: ["bench"]))
    } else {
        _ = try ecr.getAuthorizationToken()
    }
    newConnections += transport.lastNewConnections
}
let ours = Date().timeIntervalSince(ourStart)

var environment = ProcessInfo.processInfo.environment
environment["AWS_ACCESS_KEY_ID"] = "testing"
environment["AWS_SECRET_ACCESS_KEY"] = "testing"
environment["AWS_DEFAULT_REGION"] = "us-east-1"
environment["AWS_EC2_METADATA_DISABLED"] = "true"
environment["AWS_PAGER"] = ""
let awsStart = Date()
for index in 0..<awsCalls {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: awsBinary)
    process.arguments = ["--endpoint-url", endpoint, "ecr"] + (index % 2 == 0 ? ["describe-repositories", "--repository-names", "bench"] : ["get-authorization-token"])
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    if process.terminationStatus != 0 { print("ecr-benchmark: aws call \(index) failed with \(process.terminationStatus)"); exit(2) }
}
let theirs = Date().timeIntervalSince(awsStart)

// The same calls against the repository's keep-alive stub server (moto closes every connection), to
// show the one reused connection.
var keepAlive: (seconds: Double, connections: Int)?
let stubScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tests/ECRClientTests/Servers/stub_ecr_server.py").path
if let python = which("python3"), FileManager.default.fileExists(atPath: stubScript) {
    let stubPort = port + 1
    let stub = Process()
    stub.executableURL = URL(fileURLWithPath: python)
    stub.arguments = [stubScript, String(stubPort)]
    stub.standardOutput = FileHandle.nullDevice
    stub.standardError = FileHandle.nullDevice
    try stub.run()
    defer { stub.terminate(); stub.waitUntilExit() }
    let stubTransport = try CurlTransport(options: TransportOptions(connectTimeout: 2, totalTimeout: 30))
    let stubECR = ECR(executor: AWSRequestExecutor(transport: stubTransport, credentials: StaticCredentialProvider(credentials), retry: RetryPolicy(maxAttempts: 1)),
                      endpoint: URL(string: "http://127.0.0.1:\(stubPort)")!, region: "us-east-1")
    let stubReadyBy = Date() + 10
    while Date() < stubReadyBy, (try? stubECR.describeRegistry()) == nil { Thread.sleep(forTimeInterval: 0.1) }
    var connections = 0
    let start = Date()
    for index in 0..<calls {
        if index % 2 == 0 {
            _ = try stubECR.describeRepositories(.init(repositoryNames: ["bench"]))
        } else {
            _ = try stubECR.getAuthorizationToken()
        }
        connections += stubTransport.lastNewConnections
    }
    keepAlive = (Date().timeIntervalSince(start), connections)
}

let ourPerCall = ours / Double(calls), theirPerCall = theirs / Double(awsCalls)
print(String(format: "ecrguard (one process, libcurl handle reused): %d calls in %.3f s (%.2f ms/call; %d new connections, server sends Connection: %@)",
             calls, ours, ourPerCall * 1000, newConnections, newConnections >= calls ? "close" : "keep-alive"))
print(String(format: "aws CLI (one process per call):              %d calls in %.3f s (%.2f ms/call)", awsCalls, theirs, theirPerCall * 1000))
print(String(format: "ratio (aws / ecrguard, per call): %.1fx", theirPerCall / ourPerCall))
if let keepAlive {
    print(String(format: "ecrguard against the keep-alive stub server:  %d calls in %.3f s (%.2f ms/call; %d new connections after the first call)",
                 calls, keepAlive.seconds, keepAlive.seconds / Double(calls) * 1000, keepAlive.connections))
}
