import Foundation
import XCTest
import TestSupport

/// Where the schemas are (Tests/Fixtures/schemas), and how to run the external tools the report tests need.
enum TestEnvironment {
    static var repositoryRoot: URL { TestRequirements.repositoryRoot }

    static func schema(_ name: String) throws -> URL {
        try TestRequirements.fixture("schemas/" + name)
    }

    static func which(_ tool: String) -> String? { TestRequirements.findExecutable(tool) }

    /// A missing tool: a failure in CI (see TestRequirements), otherwise a skip.
    static func missing(_ what: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        try TestRequirements.unmet(what, file: file, line: line)
    }

    /// A tool that hangs is a failure, never a skip.
    struct TimedOut: Error, CustomStringConvertible { var description: String }

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
            throw TimedOut(description: "\(executable) timed out after \(timeout)s")
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
