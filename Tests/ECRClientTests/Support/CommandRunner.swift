import Foundation

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program with arguments and an environment, collecting both output streams.
func runCommand(_ executable: String, _ arguments: [String], environment: [String: String], stdin: Data? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// The `ecrguard` executable built beside the test bundle.
func ecrguardPath() -> String {
    var dir = Bundle.main.bundleURL
    for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
        dir = bundle.bundleURL.deletingLastPathComponent()
    }
    return dir.appendingPathComponent("ecrguard").path
}

/// A clean environment for child processes: PATH and HOME only, plus what the test sets.
func childEnvironment(_ extra: [String: String]) -> [String: String] {
    let parent = ProcessInfo.processInfo.environment
    var env: [String: String] = ["PATH": parent["PATH"] ?? "/usr/bin:/bin", "HOME": parent["HOME"] ?? NSHomeDirectory(),
                                 "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
    for key in ["PYENV_ROOT", "PYENV_VERSION", "LANG"] { if let value = parent[key] { env[key] = value } }
    return env.merging(extra) { $1 }
}
