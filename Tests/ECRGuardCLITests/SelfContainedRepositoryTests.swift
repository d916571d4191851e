import Foundation
import TestSupport
import XCTest

/// A fresh clone must test and run itself with nothing beside it: no source, test, script or
/// document may read or point to a `shared` folder outside the repository, and every fixture taken
/// from elsewhere keeps its license.
final class SelfContainedRepositoryTests: XCTestCase {
    static let root = TestRequirements.repositoryRoot
    static let scanned = ["Sources", "Tests", "scripts", "Benchmarks", "Fuzz", "docs", "README.md", "Package.swift", ".ci"]
    static let textExtensions: Set<String> = ["swift", "sh", "py", "md", "json", "yaml", "yml", "txt", "h", "modulemap", ""]

    func testNothingPointsOutsideTheRepository() throws {
        let forbidden = ["../" + "shared", "ECRGUARD_" + "SHARED_DIR", "/work/" + "shared"]
        var offenders: [String] = []
        for path in try Self.files() where !path.hasSuffix("catalog.json") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            for needle in forbidden where text.contains(needle) {
                offenders.append("\(path.dropFirst(Self.root.path.count + 1)): \(needle)")
            }
        }
        XCTAssertEqual(offenders, [], "the repository must not depend on anything beside it")
    }

    func testEveryFixtureFromElsewhereHasItsLicense() throws {
        let fixtures = Self.root.appendingPathComponent("Tests/Fixtures")
        for license in ["schemas/LICENSE-sarif-schema.txt", "sigv4-test-suite/LICENSE", "README.md"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: fixtures.appendingPathComponent(license).path), license)
        }
        let junit = try String(contentsOf: fixtures.appendingPathComponent("schemas/junit-10.xsd"), encoding: .utf8)
        XCTAssertTrue(junit.contains("The MIT License"), "junit-10.xsd keeps its MIT notice")
        let cases = try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("sigv4-test-suite/v4").path)
        XCTAssertGreaterThanOrEqual(cases.count, 38)
    }

    static func files() throws -> [String] {
        var result: [String] = []
        for entry in scanned {
            let url = root.appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else { result.append(url.path); continue }
            let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
            while let file = walker?.nextObject() as? URL {
                if file.path.contains("/.build") || file.path.contains("/Fuzz/.work") { continue }
                if textExtensions.contains(file.pathExtension) { result.append(file.path) }
            }
        }
        return result
    }
}
