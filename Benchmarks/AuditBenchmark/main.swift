// Audit benchmark (release build): `swift run -c release audit-benchmark [POLICIES_DIR]`.
//
// 1. The bundled policies/: load from disk, every check, access matrix, replication, expectations.
// 2. A generated registry of 10,000 repositories and 200 principals (RegistryGenerator), audited
//    in memory the same way.
// Prints wall times and the peak resident memory (VmHWM from /proc/self/status).
//
// `audit-benchmark --write DIR [REPOSITORIES PRINCIPALS [shared|sids|distinct]]` writes the generated
// registry to DIR instead, so `ecrguard audit DIR` can be timed end to end (reports included). The last
// argument says how repository policies differ: one text per team (default), a Sid of their own, or
// an organization id of their own (every policy decides differently).
import Foundation
import PolicyChecks
import PolicyCore
import RegistryAudit

/// The same checks `ecrguard audit` runs.
let allChecks: PolicyCheck = AuditPolicyChecks.all

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func peakMemoryMB() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
    let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
    return kb / 1024
}

func audit(manifest: String, manifestPath: String, directory: String, read: @escaping PolicyFileReader) throws -> (RegistryAuditResult, Double, Double) {
    let start = now()
    let input = try RegistryLoader.load(manifestText: manifest, manifestPath: manifestPath, directory: directory, read: read)
    let loaded = now()
    let result = RegistryAuditor(check: allChecks).audit(input)
    return (result, loaded - start, now() - loaded)
}

func describe(_ result: RegistryAuditResult) -> String {
    let failed = result.failedExpectations.count
    return "\(result.model.repositories.count) repositories, \(result.matrix.principals.count) principals, \(result.matrix.cellCount) matrix cells "
        + "(\(result.matrix.allowedCount) allowed; \(result.matrix.classCount) groups of alike repositories evaluated), \(result.replication.count) replication routes, \(result.findings.count) findings, "
        + "\(result.expectations.count) expectations (\(failed) failed)"
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--write", arguments.count >= 2 {
    let directory = arguments[1]
    let repositories = arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000
    let principals = arguments.count > 3 ? Int(arguments[3]) ?? 200 : 200
    var generator = RegistryGenerator(repositories: repositories, principals: principals)
    if arguments.count > 4 {
        guard let variation = RegistryGenerator.PolicyVariation(rawValue: arguments[4]) else {
            FileHandle.standardError.write(Data("audit-benchmark: the policy variation must be shared, sids or distinct\n".utf8))
            exit(64)
        }
        generator.variation = variation
    }
    let output = generator.generate()
    for (path, text) in output.files.merging(["generated/ecrguard.yaml": output.manifest], uniquingKeysWith: { a, _ in a }) {
        let target = URL(fileURLWithPath: directory).appendingPathComponent(String(path.dropFirst("generated/".count)))
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: target, atomically: false, encoding: .utf8)
    }
    print("wrote \(output.files.count + 1) files to \(directory): \(repositories) repositories, \(principals) principals")
    exit(0)
}
let policies = arguments.first ?? "policies"

// 1. Bundled policies/, from disk, best of 20 runs.
do {
    let manifestPath = policies + "/ecrguard.yaml"
    var best = Double.infinity
    var last: RegistryAuditResult?
    for _ in 0..<20 {
        let start = now()
        let text = try String(contentsOfFile: manifestPath, encoding: .utf8)
        let (result, _, _) = try audit(manifest: text, manifestPath: manifestPath, directory: policies) { path in
            try String(contentsOfFile: path, encoding: .utf8)
        }
        best = min(best, now() - start)
        last = result
    }
    print("bundled \(policies)/: \(describe(last!))")
    print(String(format: "bundled audit (read + load + analyse), best of 20: %.2f ms (target < 100 ms)", best * 1000))
} catch {
    print("bundled audit failed: \(error)")
    exit(2)
}

// 2. Generated registry.
let generator = RegistryGenerator(repositories: 10_000, principals: 200)
let generated = generator.generate()
let files = generated.files
let start = now()
let (result, loadTime, analysisTime) = try audit(manifest: generated.manifest, manifestPath: "generated/ecrguard.yaml", directory: "generated") { path in
    guard let text = files[path] else { throw CocoaError(.fileNoSuchFile) }
    return text
}
let total = now() - start
print("generated: \(describe(result))")
print(String(format: "generated audit: load %.2f s + analyse %.2f s = %.2f s (target < 5 s)", loadTime, analysisTime, total))
if let mb = peakMemoryMB() { print(String(format: "peak memory (VmHWM): %.0f MB (target < 500 MB)", mb)) }
if !result.inputErrors.isEmpty || !result.failedExpectations.isEmpty {
    print("unexpected: \(result.inputErrors.prefix(3)) \(result.failedExpectations.prefix(3).map(\.explanation))")
    exit(1)
}
