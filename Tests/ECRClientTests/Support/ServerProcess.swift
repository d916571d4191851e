import Foundation
import TestSupport
import Glibc
import XCTest

/// A server process started by a test on a free loopback port and killed by PID at the end.
final class ServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    let log: URL
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `executable arguments` (with `PORT` replaced) and waits until `readyPath` answers.
    /// A nil `readyPath` only waits for the port to accept connections (TLS servers).
    init(executable: String, arguments: [String], environment: [String: String] = [:], readyPath: String? = "/",
         timeout: TimeInterval = 30, fixedPort: Int? = nil) throws {
        port = try fixedPort ?? Self.freeLoopbackPort()
        log = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-server-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments.map { $0.replacingOccurrences(of: "PORT", with: String(port)) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date() + timeout
        while Date() < deadline {
            if !process.isRunning { throw ServerError("\(executable) exited early: \(logText)") }
            if Self.answers(port: port, path: readyPath) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw ServerError("\(executable) did not answer on port \(port) within \(timeout)s: \(logText)")
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date() + 5
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: log)
    }

    /// Finds an executable on PATH.
    static func which(_ name: String) -> String? { TestRequirements.findExecutable(name) }

    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ServerError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func answers(port: Int, path: String?) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return false }
        guard let path else { return true }
        let request = "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 16)
        return recv(fd, &buffer, 16, 0) > 0 && String(decoding: buffer, as: UTF8.self).hasPrefix("HTTP/")
    }
}

struct ServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A binary a test needs: missing skips locally and FAILS in CI (TestRequirements).
func requireBinary(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
    try TestRequirements.executable(name, file: file, line: line)
}
