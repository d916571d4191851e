import Foundation
import XCTest

/// Where the shared schemas are, and how to run the external tools the report tests need.
enum TestEnvironment {
    static var requireServers: Bool { ProcessInfo.processInfo.environment["ECRGUARD_REQUIRE_SERVERS"] == "1" }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var sharedDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["ECRGUARD_SHARED_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    static func schema(_ name: String) throws -> URL {
        let url = sharedDirectory.appendingPathComponent("schemas").appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("schema \(url.path) not found (set ECRGUARD_SHARED_DIR)")
        }
        return url
    }

    /// The full path of `tool` on PATH, or nil.
    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A missing tool: a failure when ECRGUARD_REQUIRE_SERVERS=1, otherwise a skip.
    static func missing(_ what: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        if requireServers {
            XCTFail("\(what) is required (ECRGUARD_REQUIRE_SERVERS=1); run scripts/setup.sh test", file: file, line: line)
            throw XCTSkip("failed: \(what) missing")
        }
        throw XCTSkip("\(what) not installed; run scripts/setup.sh test")
    }

    struct ProcessOutput {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to completion, killing it after `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 60) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = group.wait(timeout: .now() + 5)
            process.waitUntilExit()
            throw XCTSkip("\(executable) timed out after \(timeout)s")
        }
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
