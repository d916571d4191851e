@testable import PolicyCore
import XCTest

final class FindingFingerprintTests: XCTestCase {
    func testPathsAreMadeRelativeToTheRepositoryRoot() {
        XCTAssertEqual(RepositoryPath.relative("policies/a.json", currentDirectory: "/r", root: "/r"), "policies/a.json")
        XCTAssertEqual(RepositoryPath.relative("a.json", currentDirectory: "/r/policies", root: "/r"), "policies/a.json")
        XCTAssertEqual(RepositoryPath.relative("./x/../a.json", currentDirectory: "/r/policies/", root: "/r/"), "policies/a.json")
        XCTAssertEqual(RepositoryPath.relative("/r/policies/a.json", currentDirectory: "/elsewhere", root: "/r"), "policies/a.json")
        XCTAssertEqual(RepositoryPath.relative("../other/a.json", currentDirectory: "/r", root: "/r"), nil, "outside the root")
        XCTAssertEqual(RepositoryPath.relative("/rr/a.json", currentDirectory: "/", root: "/r"), nil, "a sibling with a longer name")
        XCTAssertEqual(RepositoryPath.relative("/r", currentDirectory: "/", root: "/r"), nil, "the root itself")
        XCTAssertEqual(RepositoryPath.absolute("../b/./c", currentDirectory: "/a/x"), "/a/b/c")
    }

    func testTheRootIsTheNearestDirectoryThatIsOne() {
        let roots: Set<String> = ["/work", "/work/project"]
        XCTAssertEqual(RepositoryPath.root(containing: "/work/project/policies/x", isRepositoryRoot: roots.contains), "/work/project")
        XCTAssertEqual(RepositoryPath.root(containing: "/work/other", isRepositoryRoot: roots.contains), "/work")
        XCTAssertEqual(RepositoryPath.root(containing: "/tmp/x", isRepositoryRoot: roots.contains), nil)
    }

    func testFingerprintsDependOnIdentityNotPositionAndTellRepeatsApart() {
        func finding(_ line: Int, checker: String? = "abc", message: String = "m") -> Finding {
            Finding(code: "PUBLIC_ACCESS", severity: .high, category: .securityWarning, file: "ignored.json",
                    span: SourceSpan(at: SourcePosition(line: line, column: 1, offset: 0)), path: "Statement[0]", message: message, fingerprint: checker)
        }
        let first = FindingFingerprint.assign([finding(3), finding(9)], file: { _ in "policies/a.json" })
        XCTAssertEqual(first.count, 2)
        XCTAssertNotEqual(first[0], first[1], "repeats get their occurrence")
        XCTAssertEqual(FindingFingerprint.assign([finding(40)], file: { _ in "policies/a.json" }), [first[0]], "lines do not count")
        XCTAssertNotEqual(FindingFingerprint.assign([finding(3)], file: { _ in "policies/b.json" }), [first[0]], "the file counts")
        XCTAssertNotEqual(FindingFingerprint.assign([finding(3, checker: "other")], file: { _ in "policies/a.json" }), [first[0]])
        // Without the checker's fingerprint, the message identifies it.
        XCTAssertNotEqual(FindingFingerprint.assign([finding(3, checker: nil, message: "a")], file: { _ in "f" }),
                          FindingFingerprint.assign([finding(3, checker: nil, message: "b")], file: { _ in "f" }))
        XCTAssertEqual(first[0].count, 32)
    }

    /// Fingerprints made on several threads are, in the findings' order, the ones the definition
    /// gives: the digest of code, file, statement fingerprint and occurrence, where a repeated
    /// identity counts its occurrences in order wherever its repeats are.
    func testFingerprintsOnSeveralThreadsAreTheDefinedOnesInOrder() {
        let findings = (0..<60).map { index in
            Finding(code: "CODE_\(index % 7)", severity: .high, category: .securityWarning, file: "ignored.json",
                    span: SourceSpan(at: SourcePosition(line: index + 1, column: 1, offset: 0)), path: "Statement[0]", message: "m",
                    fingerprint: "statement \(index % 7)")
        }
        let files = findings.indices.map { "policies/\($0 % 2).json" }
        var occurrences: [String: Int] = [:]
        let expected = findings.indices.map { index -> String in
            let identity = ["CODE_\(index % 7)", files[index], "statement \(index % 7)"].joined(separator: "\u{1F}")
            occurrences[identity, default: 0] += 1
            return String(SHA256.hex(Array((identity + "\u{1F}\(occurrences[identity]!)").utf8)).prefix(32))
        }
        XCTAssertEqual(Set(occurrences.values), [4, 5], "identities must repeat for this test to mean anything")
        XCTAssertEqual(FindingFingerprint.assign(findings, files: files, workers: 3), expected)
        XCTAssertEqual(FindingFingerprint.assign(findings, files: files, workers: 1), expected)
        XCTAssertEqual(Set(expected).count, findings.count)
        // Identities whose hash values collide are still counted apart (every identity hashed alike,
        // and two kinds of hash value shared by different identities).
        XCTAssertEqual(FindingFingerprint.assign(findings, files: files, workers: 3, hash: { _ in 0 }), expected)
        XCTAssertEqual(FindingFingerprint.assign(findings, files: files, workers: 1, hash: { $0.utf8.count % 2 }), expected)
    }
}
