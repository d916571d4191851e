import Foundation
import PolicyCore

/// What was audited, when, with which gate, and the outcome.
public struct ReportMetadata: Sendable, Hashable, Codable {
    public var toolName: String
    public var toolVersion: String
    /// The inputs as the user named them (the policies directory, manifest, policy files).
    public var inputs: [String]
    /// When the report was produced; always written in UTC.
    public var generatedAt: Date
    /// Findings at or above this severity fail the gate.
    public var threshold: Severity
    /// Codes that fail the gate whatever their severity (`--fail-on-code`).
    public var failOnCodes: [String]
    /// The outcome; every report states it and it equals the process exit code.
    public var verdict: Verdict
    /// The command that produced the report (`audit`, `check`, `diff`): the JUnit suites' name and
    /// the SARIF run's `automationDetails` category, so code scanning keeps each command's results apart.
    public var command: String
    /// Where the files findings name are resolved: the repository root and the directory ecrguard
    /// ran in (both absolute). With both, SARIF URIs are relative to the root; without, files are
    /// taken as already relative to it. Not written to report.json (they are local paths).
    public var repositoryRoot: String?
    public var workingDirectory: String?

    public init(toolName: String = "ecrguard", toolVersion: String, inputs: [String], generatedAt: Date,
                threshold: Severity, failOnCodes: [String] = [], verdict: Verdict, command: String = "audit",
                repositoryRoot: String? = nil, workingDirectory: String? = nil) {
        self.command = command
        self.repositoryRoot = repositoryRoot
        self.workingDirectory = workingDirectory
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.inputs = inputs
        self.generatedAt = generatedAt
        self.threshold = threshold
        self.failOnCodes = failOnCodes
        self.verdict = verdict
    }

    enum CodingKeys: String, CodingKey {
        case toolName, toolVersion, command, inputs, generatedAt, threshold, failOnCodes, verdict, exitCode
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        toolName = try c.decode(String.self, forKey: .toolName)
        toolVersion = try c.decode(String.self, forKey: .toolVersion)
        command = try c.decodeIfPresent(String.self, forKey: .command) ?? "audit"
        inputs = try c.decode([String].self, forKey: .inputs)
        let stamp = try c.decode(String.self, forKey: .generatedAt)
        guard let date = UTCTimestamp.parse(stamp) else {
            throw DecodingError.dataCorruptedError(forKey: .generatedAt, in: c, debugDescription: "not a UTC timestamp: \(stamp)")
        }
        generatedAt = date
        threshold = try c.decode(Severity.self, forKey: .threshold)
        failOnCodes = try c.decodeIfPresent([String].self, forKey: .failOnCodes) ?? []
        verdict = try c.decode(Verdict.self, forKey: .verdict)
    }

    /// `file` relative to the repository root, as SARIF names it (`/` separators, no leading `./`);
    /// unchanged when no root is known or the file is outside it.
    public func repositoryRelative(_ file: String) -> String {
        if let repositoryRoot, let workingDirectory,
           let relative = RepositoryPath.relative(file, currentDirectory: workingDirectory, root: repositoryRoot) {
            return relative
        }
        var path = file.replacingASCII("\\", with: "/")
        while path.hasPrefix("./") { path.removeFirst(2) }
        return path
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(toolName, forKey: .toolName)
        try c.encode(toolVersion, forKey: .toolVersion)
        try c.encode(command, forKey: .command)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(UTCTimestamp.format(generatedAt), forKey: .generatedAt)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(failOnCodes.sorted(), forKey: .failOnCodes)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(verdict.exitCode, forKey: .exitCode)
    }
}

/// The outcome of an audit, tied one-to-one to the exit code.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// Nothing unsuppressed at or above the threshold, every expectation met: exit 0.
    case pass
    /// The gate failed: exit 1.
    case fail
    /// Input could not be read or parsed, or a runtime error occurred: exit 2. Never a pass.
    case error

    public var exitCode: Int32 {
        switch self {
        case .pass: 0
        case .fail: 1
        case .error: 2
        }
    }

    /// Words for the banner: "PASSED", "FAILED", "ERROR".
    public var title: String {
        switch self {
        case .pass: "PASSED"
        case .fail: "FAILED"
        case .error: "ERROR"
        }
    }
}
