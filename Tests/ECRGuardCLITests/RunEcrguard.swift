import Foundation

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The `ecrguard` executable built beside the test bundle.
func ecrguardExecutable() -> URL {
    var dir = Bundle.main.bundleURL
    for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
        dir = bundle.bundleURL.deletingLastPathComponent()
    }
    return dir.appendingPathComponent("ecrguard")
}

/// The repository root (for `policies/` and fixtures).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs `ecrguard` with arguments, optional stdin and environment, and collects its output.
func runEcrguard(_ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil, currentDirectory: URL? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = ecrguardExecutable()
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a large output cannot deadlock the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}
