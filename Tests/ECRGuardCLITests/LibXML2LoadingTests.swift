import Foundation
import TestSupport
import XCTest

/// ecrguard opens libxml2 only when a command reads or writes XML: the binaries do not list it as
/// NEEDED, commands without XML run when it cannot be loaded, and XML output then fails closed.
final class LibXML2LoadingTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-libxml2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    func testBuiltBinariesDoNotNeedLibxml2() throws {
        for name in ["ecrguard", "docker-credential-ecrguard"] {
            let needed = try ELFDynamicSection.neededLibraries(of: builtExecutable(name))
            // The reader finds the entries that are there (libcurl is linked)...
            XCTAssertTrue(needed.contains("libcurl.so.4"), "\(name): \(needed)")
            // ...and libxml2 is not one of them.
            XCTAssertFalse(needed.contains { $0.hasPrefix("libxml2") }, "\(name): \(needed)")
        }
    }

    /// A directory whose `libxml2.so.2` is not a library: first on the loader's path, it stands for
    /// a machine where libxml2 cannot be loaded.
    private func brokenLibxml2Environment() throws -> [String: String] {
        let directory = scratch.appendingPathComponent("lib")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("not a shared library\n".utf8).write(to: directory.appendingPathComponent("libxml2.so.2"))
        var environment = ProcessInfo.processInfo.environment
        environment["LD_LIBRARY_PATH"] = directory.path + (environment["LD_LIBRARY_PATH"].map { ":" + $0 } ?? "")
        return environment
    }

    private let checkArguments = ["check", "policies/repositories/employee-api.json", "--account", "123456789012"]

    func testCheckWithoutXMLRunsWhenLibxml2CannotBeLoaded() throws {
        let expected = try runEcrguard(checkArguments, currentDirectory: repositoryRoot)
        let result = try runEcrguard(checkArguments, environment: try brokenLibxml2Environment(), currentDirectory: repositoryRoot)
        XCTAssertEqual(result.status, expected.status, result.stderr)
        XCTAssertEqual(result.stdout, expected.stdout)
        XCTAssertFalse(result.stdout.isEmpty)
    }

    func testJUnitOutputFailsClosedWhenLibxml2CannotBeLoaded() throws {
        let result = try runEcrguard(checkArguments + ["--format", "junit"], environment: try brokenLibxml2Environment(),
                                     currentDirectory: repositoryRoot)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("libxml2 (libxml2.so.2) could not be loaded: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("; install libxml2"), result.stderr)
        XCTAssertFalse(result.stdout.contains("<"), "no partial XML: \(result.stdout)")
    }

    func testAuditReportsFailClosedWhenLibxml2CannotBeLoaded() throws {
        let out = scratch.appendingPathComponent("Reports")
        let result = try runEcrguard(["audit", "policies", "--out", out.path], environment: try brokenLibxml2Environment(),
                                     currentDirectory: repositoryRoot)
        XCTAssertNotEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stderr.contains("libxml2 (libxml2.so.2) could not be loaded: "), result.stderr)
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        XCTAssertEqual(written, [], "no report, not even a temporary one")
    }
}

/// The `DT_NEEDED` entries of an ELF64 little-endian file, read from its section headers: the
/// dynamic section (`SHT_DYNAMIC`) and the string table it links to.
enum ELFDynamicSection {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func neededLibraries(of file: URL) throws -> [String] {
        let data = try Data(contentsOf: file, options: .alwaysMapped)
        return try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> [String] in
            func integer<T: FixedWidthInteger>(_ offset: Int, _: T.Type) throws -> T {
                guard offset >= 0, offset + MemoryLayout<T>.size <= bytes.count else { throw Malformed(description: "offset \(offset) past the end") }
                return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
            }
            guard bytes.count > 64, Array(bytes[0..<4]) == [0x7F, 0x45, 0x4C, 0x46], bytes[4] == 2, bytes[5] == 1 else {
                throw Malformed(description: "\(file.path) is not a little-endian ELF64 file")
            }
            let sectionTable = Int(try integer(0x28, UInt64.self))
            let sectionSize = Int(try integer(0x3A, UInt16.self))
            let sectionCount = Int(try integer(0x3C, UInt16.self))
            func section(_ index: Int) throws -> (type: UInt32, offset: Int, size: Int, link: Int, entrySize: Int) {
                let base = sectionTable + index * sectionSize
                return (try integer(base + 4, UInt32.self), Int(try integer(base + 0x18, UInt64.self)),
                        Int(try integer(base + 0x20, UInt64.self)), Int(try integer(base + 0x28, UInt32.self)),
                        Int(try integer(base + 0x38, UInt64.self)))
            }
            guard let dynamic = try (0..<sectionCount).map(section).first(where: { $0.type == 6 }) else {
                throw Malformed(description: "\(file.path) has no dynamic section")
            }
            let strings = try section(dynamic.link)
            var needed: [String] = []
            for entry in stride(from: dynamic.offset, to: dynamic.offset + dynamic.size, by: max(dynamic.entrySize, 16)) {
                let tag = try integer(entry, Int64.self)
                if tag == 0 { break }  // DT_NULL
                guard tag == 1 else { continue }  // DT_NEEDED
                var cursor = strings.offset + Int(try integer(entry + 8, UInt64.self))
                var name: [UInt8] = []
                while cursor < strings.offset + strings.size, bytes[cursor] != 0 {
                    name.append(bytes[cursor])
                    cursor += 1
                }
                needed.append(String(decoding: name, as: UTF8.self))
            }
            return needed
        }
    }
}
