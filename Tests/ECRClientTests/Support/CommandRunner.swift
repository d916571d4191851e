import Foundation
import TestSupport

typealias CommandResult = ProcessResult

/// Runs a program with arguments and an environment, collecting both output streams.
func runCommand(_ executable: String, _ arguments: [String], environment: [String: String], stdin: Data? = nil) throws -> CommandResult {
    try runProcess(URL(fileURLWithPath: executable), arguments, stdin: stdin, environment: environment)
}

/// The `ecrguard` executable built beside the test bundle.
func ecrguardPath() -> String { builtExecutable("ecrguard").path }

/// A clean environment for child processes: PATH and HOME only, plus what the test sets.
func childEnvironment(_ extra: [String: String]) -> [String: String] {
    let parent = ProcessInfo.processInfo.environment
    var env: [String: String] = ["PATH": parent["PATH"] ?? "/usr/bin:/bin", "HOME": parent["HOME"] ?? NSHomeDirectory(),
                                 "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
    for key in ["PYENV_ROOT", "PYENV_VERSION", "LANG"] { if let value = parent[key] { env[key] = value } }
    return env.merging(extra) { $1 }
}
