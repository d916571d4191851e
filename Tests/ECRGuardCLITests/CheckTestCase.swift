import Foundation
import XCTest

/// Base of the `ecrguard check` end-to-end tests: a fresh temporary directory per test to write
/// inputs into and run the built binary in.
class CheckTestCase: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    func check(_ arguments: [String]) throws -> ProcessResult {
        try runEcrguard(["check"] + arguments, currentDirectory: directory)
    }
}
