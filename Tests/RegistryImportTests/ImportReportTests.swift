import PolicyCore
import RegistryAudit
import RegistryImport
import XCTest

final class ImportReportTests: XCTestCase {
    static let gaps = [
        ImportGap(code: "IMPORT_ACCESS_DENIED", location: ManifestLocation(file: "live:123456789012/us-east-1", line: 1, column: 1),
                  subject: "ecr:GetRepositoryPolicy 123456789012/us-east-1/api", message: "AccessDeniedException: not authorized"),
        ImportGap(code: "IMPORT_CALL_FAILED", location: ManifestLocation(file: "gaad.json", line: 40, column: 9),
                  subject: "arn:aws:iam::aws:policy/Gone", message: "attached to role/ci but absent from Policies"),
    ]

    func testReportReadsBackAndIsSorted() throws {
        var provenance = ImportProvenance(source: "test", accounts: ["123456789012"], calls: ["iam:GetAccountAuthorizationDetails": 1],
                                          principalsIncluded: 2)
        provenance.principalsLeftOut = [LeftOutPrincipal(arn: "arn:aws:iam::123456789012:role/z", reason: LeftOutPrincipal.serviceLinkedRole),
                                        LeftOutPrincipal(arn: "arn:aws:iam::123456789012:role/a", reason: LeftOutPrincipal.cannotGrantECR)]
        let report = ImportReport(gaps: Self.gaps.reversed(), provenance: provenance)
        XCTAssertEqual(report.gaps.map(\.location.file), ["gaad.json", "live:123456789012/us-east-1"])
        let decoded = try ImportReport.decode(report.text, file: "x/import-report.json")
        XCTAssertEqual(decoded.gaps, report.gaps)
        XCTAssertEqual(decoded.provenance.principalsIncluded, 2)
        XCTAssertEqual(decoded.provenance.leftOutCounts, [LeftOutPrincipal.serviceLinkedRole: 1, LeftOutPrincipal.cannotGrantECR: 1])
        XCTAssertEqual(decoded.provenance.calls, ["iam:GetAccountAuthorizationDetails": 1])
        XCTAssertEqual(ImportReport(gaps: decoded.gaps, provenance: decoded.provenance).text, report.text)
        XCTAssertTrue(report.text.contains(#""leftOut": 2"#), report.text)
    }

    /// A report this ecrguard cannot read fails the audit with a position; it is never ignored.
    func testUnreadableReportIsAnError() {
        XCTAssertThrowsError(try ImportReport.decode("{\"format\": ", file: "r.json")) { error in
            XCTAssertEqual((error as? ManifestErrors)?.errors.first?.location.file, "r.json")
        }
        let unknown = ImportReport(gaps: [ImportGap(code: "IMPORT_CALL_FAILED", location: ManifestLocation(file: "f", line: 1, column: 1),
                                                    subject: "s", message: "m")], provenance: ImportProvenance(source: "t"))
            .text.replacingOccurrences(of: "IMPORT_CALL_FAILED", with: "IMPORT_SOMETHING_NEW")
        XCTAssertThrowsError(try ImportReport.decode(unknown, file: "r.json")) { error in
            let message = (error as? ManifestErrors)?.errors.first?.message ?? ""
            XCTAssertTrue(message.contains("unknown gap code 'IMPORT_SOMETHING_NEW'"), message)
        }
        XCTAssertThrowsError(try ImportReport.decode(#"{"format": "ecrguard-import-report", "version": 1, "source": "x"}"#, file: "r.json"))
    }

    /// Auditing a state includes its gaps.
    func testAuditingAStateReportsItsGaps() throws {
        var state = ImportedState(try Bundled.load("policies"), provenance: ImportProvenance(source: "test"))
        state.gaps = Self.gaps
        let result = try RegistryAuditor().audit(state, directory: "imported")
        XCTAssertEqual(result.findings.filter { $0.severity >= .high }.map(\.code), ["IMPORT_CALL_FAILED", "IMPORT_ACCESS_DENIED"])
        XCTAssertEqual(result.failedExpectations.count, 0)
    }

    /// Every gap becomes a high finding at its location; the default gate fails on it.
    func testGapsBecomeHighFindings() throws {
        var result = RegistryAuditor().audit(try Bundled.load("policies"))
        XCTAssertFalse(result.findings.contains { $0.severity >= .high })
        result.add(Self.gaps)
        let added = result.findings.filter { $0.code.hasPrefix("IMPORT_") }
        XCTAssertEqual(added.map(\.code), ["IMPORT_CALL_FAILED", "IMPORT_ACCESS_DENIED"])
        XCTAssertEqual(added.map(\.severity), [.high, .high])
        XCTAssertEqual(added.first.map { "\($0.file):\($0.span.start.line):\($0.span.start.column)" }, "gaad.json:40:9")
        XCTAssertTrue(added.first?.message.contains("absent from Policies") == true)
    }
}
