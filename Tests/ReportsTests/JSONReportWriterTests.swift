import Foundation
import PolicyCore
import TestSupport
@testable import Reports
import XCTest

final class JSONReportWriterTests: XCTestCase {
    func testFindingsFollowDesignAndTheReportRoundTrips() throws {
        let report = SampleReports.failing()
        let data = try JSONReportWriter.render(report)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object["verdict"] as? String, "fail")
        XCTAssertEqual(object["exitCode"] as? Int, 1)
        XCTAssertEqual((object["counts"] as? [String: Int])?["critical"], 1)
        XCTAssertEqual((object["suppressedCounts"] as? [String: Int])?["info"], 1)
        let findings = try XCTUnwrap(object["findings"] as? [[String: Any]])
        let critical = try XCTUnwrap(findings.first { $0["code"] as? String == "PUBLIC_ACCESS" })
        XCTAssertEqual(critical["line"] as? Int, 14)
        XCTAssertEqual(critical["column"] as? Int, 20)
        XCTAssertEqual(critical["path"] as? String, "Statement[1].Principal")
        XCTAssertEqual(critical["statement"] as? Int, 1)
        XCTAssertEqual(critical["severity"] as? String, "critical")
        XCTAssertEqual(critical["failsGate"] as? Bool, true)
        XCTAssertEqual(critical["suppressed"] as? Bool, false)
        let excerpt = try XCTUnwrap(critical["excerpt"] as? [String: Any])
        XCTAssertEqual((excerpt["lines"] as? [[String: Any]])?.count, 5)
        let suppressed = try XCTUnwrap(findings.first { $0["suppressed"] as? Bool == true })
        XCTAssertEqual((suppressed["suppression"] as? [String: Any])?["expires"] as? String, "2027-03-31")
        XCTAssertEqual((object["metadata"] as? [String: Any])?["generatedAt"] as? String, "2026-11-30T00:53:20Z")

        let decoded = try JSONDecoder().decode(AuditReport.self, from: data)
        var expected = report
        expected.sources = [:]
        expected.findings.sort(by: ReportOrdering.reportedPrecedes)
        expected.rules = report.allRules
        expected.accessMatrix.sort(by: ReportOrdering.matrixPrecedes)
        expected.replication.sort(by: ReportOrdering.replicationPrecedes)
        expected.expectations.sort(by: ReportOrdering.expectationPrecedes)
        // Offsets are not part of the format; compare everything else.
        for index in expected.findings.indices {
            expected.findings[index].finding.span.start.offset = 0
            expected.findings[index].finding.span.end.offset = 0
        }
        XCTAssertEqual(decoded, expected)
    }

    func testSeverityCountsIgnoreSuppressedFindings() {
        let report = SampleReports.failing()
        XCTAssertEqual(report.counts.total, 4)
        XCTAssertEqual(report.suppressedCounts.total, 1)
        XCTAssertEqual(SeverityCounts.displayOrder, [.critical, .high, .medium, .low, .info])
    }

    func testSuppressedFindingsNeverFailTheGate() {
        let finding = SampleReports.failing().findings[1].finding
        XCTAssertFalse(ReportedFinding(finding, suppression: Suppression(reason: "r"), failsGate: true).failsGate)
        XCTAssertTrue(ReportedFinding(finding, failsGate: true).failsGate)
    }
}

/// report.json and results.sarif are written value by value by a `JSONEmitter`; the bytes must be
/// exactly those of `JSONEncoder` (with the reports' options) encoding the whole document at once.
final class JSONReportStreamingTests: XCTestCase {
    private static var reports: [(String, AuditReport)] {
        var empty = SampleReports.failing()
        empty.findings = []
        empty.rules = []
        empty.accessMatrix = []
        empty.replication = []
        empty.expectations = []
        var rooted = SampleReports.jsonHostileStrings()
        rooted.metadata.repositoryRoot = "/repo"
        rooted.metadata.workingDirectory = "/repo/sub dir"
        rooted.metadata.verdict = .error
        return [("failing", SampleReports.failing()), ("hostile", SampleReports.hostile()),
                ("hostile strings", SampleReports.jsonHostileStrings()), ("rooted", rooted), ("empty", empty)]
    }

    func testReportJSONEqualsWholeDocumentEncoding() throws {
        for (name, report) in Self.reports {
            let streamed = try JSONReportWriter.render(report)
            let whole = try JSONReportWriter.renderWhole(report)
            XCTAssertEqual(String(decoding: streamed, as: UTF8.self), String(decoding: whole, as: UTF8.self), name)
            XCTAssertTrue(streamed == whole, name)
        }
    }

    func testSARIFEqualsWholeLogEncoding() throws {
        for (name, report) in Self.reports {
            let streamed = try SARIFReportWriter.render(report)
            let whole = try SARIFReportWriter.renderWhole(report)
            XCTAssertEqual(String(decoding: streamed, as: UTF8.self), String(decoding: whole, as: UTF8.self), name)
            XCTAssertTrue(streamed == whole, name)
        }
    }

    /// The samples reach what the comparison must cover: escapes, notifications, percent-encoded and
    /// `file://` URIs, every optional member.
    func testHostileSampleCoversEscapesAndOptionalMembers() throws {
        let json = String(decoding: try JSONReportWriter.render(SampleReports.jsonHostileStrings()), as: UTF8.self)
        for needle in ["\\u0000", "\\u001f", "\\b", "\\f", "\\t", "\\r", "\\n", "\\\\", "\\\"", "/</script>", "\u{2028}", "\u{1F600}",
                       "\"evaluatedDenies\"", "\"assumption\"", "\"risk\"", "\"helpURI\"", "\"fingerprint\"", "\"entryLocation\"", "\"ruleIndex\" : -3"] {
            XCTAssertTrue(json.contains(needle), needle)
        }
        let sarif = String(decoding: try SARIFReportWriter.render(SampleReports.jsonHostileStrings()), as: UTF8.self)
        for needle in ["\"toolExecutionNotifications\"", "\"suppressions\"", "\"logicalLocations\"", "file:///elsewhere/", "d%C3%A9j%C3%A0%20vu", "\"snippet\""] {
            XCTAssertTrue(sarif.contains(needle), needle)
        }
    }
}

/// `JSONEmitter` must write exactly what `JSONEncoder` writes with the reports' options.
final class JSONEmitterTests: XCTestCase {
    /// Written out here rather than taken from `JSONEmitter.reference`, so a change of options there shows.
    private static var reference: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private func assertSame(_ emitted: JSONEmitter, _ value: some Encodable, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(String(decoding: emitted.bytes, as: UTF8.self), String(decoding: try Self.reference.encode(value), as: UTF8.self),
                       name, file: file, line: line)
    }

    func testStringsKeysAndNumbersAsJSONEncoder() throws {
        for text in [SampleReports.jsonHostile, "", "\\", "\u{7F}\u{80}\u{2028}"] {
            var json = JSONEmitter()
            json.string(text)
            try assertSame(json, text, text.debugDescription)
            var object = JSONEmitter()
            object.openObject()
            object.key(text)
            object.int(1)
            object.closeObject()
            try assertSame(object, [text: 1], "key " + text.debugDescription)
        }
        for number in [0, 1, -1, 9, 10, 42, -42, 1_000_000, Int.max, Int.min, Int.min + 1] {
            var json = JSONEmitter()
            json.int(number)
            try assertSame(json, number, String(number))
        }
    }

    /// The quoting that scans eight bytes at a time writes `JSONQuoting`'s bytes (the byte-by-byte
    /// loop it replaced) for every string: escapes at every offset of a word and across words, next
    /// to multi-byte characters, and random mixes of them.
    func testWordAtATimeQuotingEqualsJSONQuoting() {
        func quotedByEmitter(_ text: String) -> [UInt8] {
            var json = JSONEmitter()
            json.string(text)
            return json.bytes
        }
        func quotedByJSONQuoting(_ text: String) -> [UInt8] {
            var bytes: [UInt8] = []
            JSONQuoting.append(text, to: &bytes)
            return bytes
        }
        var texts = [SampleReports.jsonHostile, "", "\\", "\"", "]]>", "\u{1F}", "\u{7F}\u{80}\u{2028}", "e\u{301}\u{1F600}\u{1F1EB}\u{1F1F7}"]
        // Each escaped byte at each of the first seventeen offsets of plain ASCII and of text with
        // two-, three- and four-byte characters.
        for escaped in ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{8}", "\u{C}", "\u{1B}", "\u{1F}"] {
            for filler in ["a", "\u{E9}", "\u{2028}", "\u{1F600}"] {
                for offset in 0..<17 {
                    texts.append(String(repeating: filler, count: offset) + escaped + String(repeating: filler, count: 16 - offset))
                }
            }
        }
        let alphabet: [String] = ["a", "Z", " ", "~", "/", "<", "&", "\"", "\\", "\n", "\t", "\r", "\u{0}", "\u{1F}", "\u{20}", "\u{7F}",
                                  "\u{E9}", "e\u{301}", "\u{2028}", "\u{FFFE}", "\u{1F600}", "\u{1F469}\u{200D}\u{1F4BB}"]
        var generator = SplitMix64(seed: 202_612_050_911)  // seeded: a failure can be replayed
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            texts.append((0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            XCTAssertEqual(quotedByEmitter(text), quotedByJSONQuoting(text), text.debugDescription)
        }
    }

    /// Repeated bytes (the emitter's indentation) land as appending them one at a time would, in
    /// memory and through a file's buffer: across the buffer's end and beyond a whole buffer.
    func testRepeatedBytesEqualSingleAppends() throws {
        let size = ReportOutput.bufferSize
        try checkMemoryAndFileOutputs { outputs in
            var expected: [UInt8] = []
            for (n, count) in [0, 1, 7, 4_096, size - 3, size + 5, 2 * size + 1, 30].enumerated() {
                let byte = UInt8(ascii: "a") + UInt8(n)
                for output in outputs {
                    output.append(UInt8(ascii: "<"))
                    output.append(repeating: byte, count: count)
                }
                expected.append(UInt8(ascii: "<"))
                expected += Array(repeating: byte, count: count)
            }
            return expected
        }
    }

    /// `write` appends the same bytes to an output kept in memory and to one written to a file; both
    /// must hold exactly the bytes it returns.
    private func checkMemoryAndFileOutputs(_ write: ([ReportOutput]) -> [UInt8]) throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("output").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        let memory = ReportOutput(), file = ReportOutput(descriptor: descriptor)
        let expected = write([memory, file])
        XCTAssertTrue(memory.bytes == expected)
        try file.finish()
        XCTAssertTrue(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    }

    /// Short pieces (copied word by word, possibly overlapping) land as their bytes: every length
    /// from 0 to 40 at every offset into the words, in memory and through a file's buffer across its
    /// end, each piece of distinct bytes so that a byte copied twice or to the wrong place shows.
    func testShortAppendsCopyTheirBytes() throws {
        let size = ReportOutput.bufferSize
        try checkMemoryAndFileOutputs { outputs in
            var expected: [UInt8] = []
            var next: UInt8 = 0
            func piece(_ length: Int) -> [UInt8] { (0..<length).map { _ in next &+= 1; return next } }
            // Up to a few bytes short of the file's buffer, so the pieces cross its end.
            let filler = Array(repeating: UInt8(ascii: "-"), count: size - 700)
            for output in outputs { output.append(filler) }
            expected += filler
            for offset in 0..<9 {
                for length in 0...40 {
                    let bytes = piece(offset) + piece(length)
                    for output in outputs {
                        bytes.withUnsafeBufferPointer { all in
                            output.append(UnsafeBufferPointer(rebasing: all[..<offset]))
                            output.append(UnsafeBufferPointer(rebasing: all[offset...]))
                        }
                    }
                    expected += bytes
                }
            }
            return expected
        }
    }

    private struct Nested: Encodable {
        var a: [String: [String: Int]] = [:]
        var b: [[Int]] = [[], [1], []]
        var c: Bool = false
        var d: [String] = []
    }

    func testContainersAsJSONEncoder() throws {
        var json = JSONEmitter()
        json.openObject()
        json.key("a")
        json.openObject()
        json.closeObject()
        json.key("b")
        json.openArray()
        for list in [[], [1], []] as [[Int]] {
            json.element()
            json.openArray()
            for n in list {
                json.element()
                json.int(n)
            }
            json.closeArray()
        }
        json.closeArray()
        json.member("c", false)
        json.member("d", strings: [])
        json.closeObject()
        try assertSame(json, Nested(), "nested")
        var empty = JSONEmitter()
        empty.openArray()
        empty.closeArray()
        try assertSame(empty, [Int](), "empty list")
    }
}

/// report.json lists the matrix, replication and expectations through the indices of their items
/// in report order; that order must be exactly the one sorting the items gives, ties included.
final class ReportOrderingIndexTests: XCTestCase {
    func testIndexOrderEqualsSortingTheItems() {
        var generator = SplitMix64(seed: 1_205)  // seeded: a failure can be replayed
        for count in [0, 1, 2, 7, 100, 1_000] {
            // Many ties on the compared part; the second part tells tied items apart.
            let items = (0..<count).map { (Int.random(in: 0..<max(1, count / 10), using: &generator), $0) }
            let precedes: ((Int, Int), (Int, Int)) -> Bool = { $0.0 < $1.0 }
            let byIndex = ReportOrdering.order(items) { precedes($0.pointee, $1.pointee) }.map { items[$0] }
            XCTAssertTrue(byIndex.elementsEqual(items.sorted(by: precedes), by: ==), "\(count) items")
        }
        let report = SampleReports.jsonHostileStrings()
        XCTAssertEqual(ReportOrdering.order(report.accessMatrix, by: ReportOrdering.matrixPrecedes).map { report.accessMatrix[$0] },
                       report.accessMatrix.sorted(by: ReportOrdering.matrixPrecedes))
    }
}

/// The matrix and replication orders compare member by member; they must order as the tuples of
/// those members do.
final class ReportOrderingTupleTests: XCTestCase {
    func testMemberByMemberEqualsTupleOrder() {
        let words = ["", "a", "b", "é", "B"]
        var matrix: [AccessMatrixEntry] = []
        var routes: [ReplicationEntry] = []
        for a in words { for b in words { for c in ["push", "pull"] {
            for decision in AccessDecision.allCases {
                matrix.append(AccessMatrixEntry(principal: b, repository: a, capability: c, decision: decision))
            }
            for rule in [nil, -1, 0, 2] as [Int?] {
                routes.append(ReplicationEntry(sourceRepository: a, destinationAccount: b, destinationRegion: c, ruleIndex: rule,
                                               status: .allowed, reason: a + b))
            }
        } } }
        for x in matrix { for y in matrix {
            XCTAssertEqual(ReportOrdering.matrixPrecedes(x, y),
                           (x.repository, x.principal, x.capability, x.decision.rawValue) < (y.repository, y.principal, y.capability, y.decision.rawValue))
        } }
        for x in routes { for y in routes {
            XCTAssertEqual(ReportOrdering.replicationPrecedes(x, y),
                           (x.sourceRepository, x.destinationAccount, x.destinationRegion, x.ruleIndex ?? -1, x.reason)
                               < (y.sourceRepository, y.destinationAccount, y.destinationRegion, y.ruleIndex ?? -1, y.reason))
        } }
    }
}
