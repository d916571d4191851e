import Foundation
import PolicyChecks
import PolicyCore
import XCTest

/// One catalog of every code: each defined once, each reported code described, docs/rules.md
/// generated from it.
final class RuleCatalogTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testCodesAreUniqueAndDescribed() {
        let descriptors = RuleCatalog.everyCode
        let codes = descriptors.map(\.code)
        XCTAssertEqual(codes.filter { code in codes.filter { $0 == code }.count > 1 }, [], "codes with two descriptors")
        for d in descriptors {
            XCTAssertTrue(d.code.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }, d.code)
            XCTAssertFalse(d.title.isEmpty || d.title.hasSuffix("."), "\(d.code) title: \(d.title)")
            XCTAssertTrue(d.help.hasSuffix("."), "\(d.code) help should be sentences: \(d.help)")
        }
        // The lists the catalog is made of are disjoint: no code is both a validation code and a rule's.
        let validation = Set(RuleDescriptor.validationCodes.map(\.code))
        XCTAssertEqual(RuleCatalog.descriptors.map(\.code).filter(validation.contains), [])
    }

    func testDataTypeMismatchAndMissingVersionHaveOneDefinition() {
        XCTAssertEqual(RuleCatalog.descriptor(for: "DATA_TYPE_MISMATCH")?.severity, .high)
        XCTAssertEqual(RuleCatalog.descriptor(for: "DATA_TYPE_MISMATCH")?.category, .error)
        let findings = PolicyChecker().check("""
        {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
          "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "one hour"}}}]}
        """, kind: .repository, file: "p.json")
        for code in ["DATA_TYPE_MISMATCH", "MISSING_VERSION"] {
            let reported = findings.filter { $0.code == code }
            XCTAssertEqual(reported.count, 1, code)
            XCTAssertEqual(reported.first?.severity, RuleCatalog.descriptor(for: code)?.severity, code)
            XCTAssertEqual(reported.first?.category, RuleCatalog.descriptor(for: code)?.category, code)
        }
        XCTAssertEqual(findings.first { $0.code == "DATA_TYPE_MISMATCH" }?.message,
                       "NumericLessThan expects a number for aws:MultiFactorAuthAge, not 'one hour', so this value never matches")
    }

    /// Every Swift source file of the product, as text.
    func sources() throws -> [(path: String, text: String)] {
        let sources = Self.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return try files.filter { $0.pathExtension == "swift" && !$0.path.contains("/Generated/") }
            .map { ($0.path, try String(contentsOf: $0, encoding: .utf8)) }
    }

    /// Codes are defined only through descriptors, once each, and findings are built from them:
    /// a `Finding(code: "LITERAL"` or a second descriptor with the same code fails here.
    func testEveryCodeInTheSourcesIsInTheCatalogOnce() throws {
        let definition = try NSRegularExpression(pattern: #"(?:code: |error\()"([A-Z][A-Z0-9_]+)""#)
        let literalFinding = try NSRegularExpression(pattern: #"Finding\(code: ""#)
        var defined: [String: [String]] = [:]
        let files = try sources()
        XCTAssertGreaterThan(files.count, 50)
        for (path, text) in files {
            let range = NSRange(text.startIndex..., in: text)
            for match in definition.matches(in: text, range: range) {
                let code = String(text[Range(match.range(at: 1), in: text)!])
                defined[code, default: []].append(URL(fileURLWithPath: path).lastPathComponent)
            }
            XCTAssertEqual(literalFinding.numberOfMatches(in: text, range: range), 0, "\(path) builds a Finding from a literal code; use a descriptor")
        }
        let catalog = Set(RuleCatalog.everyCode.map(\.code))
        for (code, places) in defined.sorted(by: { $0.key < $1.key }) {
            XCTAssertTrue(catalog.contains(code), "\(code) (\(places.joined(separator: ", "))) has no descriptor in RuleCatalog.everyCode")
            XCTAssertEqual(places.count, 1, "\(code) is defined \(places.count) times: \(places.joined(separator: ", "))")
        }
        XCTAssertEqual(catalog.subtracting(defined.keys).sorted(), [], "catalog codes not found as definitions")
    }

    /// Every policy in the repository's examples and fixtures, checked as every kind: each code
    /// reported has a descriptor.
    func testEveryReportedCodeHasADescriptor() throws {
        var files: [URL] = []
        for directory in ["policies", "Tests/PolicyCoreTests/Fixtures"] {
            let url = Self.root.appendingPathComponent(directory)
            files += FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" } ?? []
        }
        XCTAssertGreaterThan(files.count, 5)
        var reported = Set<String>()
        for file in files {
            let bytes = try Data(contentsOf: file)
            for kind in PolicyKind.allCases {
                for finding in PolicyChecker().check(bytes: bytes, kind: kind, file: file.lastPathComponent) { reported.insert(finding.code) }
            }
        }
        XCTAssertGreaterThan(reported.count, 10)
        XCTAssertEqual(reported.filter { RuleCatalog.descriptor(for: $0) == nil }.sorted(), [])
    }

    func testDocsRulesIsTheCatalog() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        XCTAssertEqual(committed, RuleCatalogListing.markdown(),
                       "docs/rules.md is out of date: run ecrguard check --list-rules --format markdown > docs/rules.md")
        for d in RuleCatalog.everyCode { XCTAssertTrue(committed.contains("### \(d.code)\n"), d.code) }
    }

    func testSuggestionsForMistypedCodes() {
        XCTAssertEqual(RuleCatalog.suggestion(for: "PUBLIC_ACCES"), "PUBLIC_ACCESS")
        XCTAssertEqual(RuleCatalog.suggestion(for: "data_type_mismatch"), "DATA_TYPE_MISMATCH")
        XCTAssertNil(RuleCatalog.suggestion(for: "SOMETHING_ELSE_ENTIRELY"))
    }

    func testAccessAnalysisCodesAreSecurityWarnings() {
        for code in ["PUBLIC_ACCESS", "OVERBROAD_WRITE_ACCESS", "ALLOW_WITH_NOT_PRINCIPAL"] {
            XCTAssertEqual(RuleCatalog.descriptor(for: code)?.category, .securityWarning, code)
        }
        XCTAssertEqual(RuleCatalog.descriptor(for: "EXTERNAL_ACCESS")?.severity, .info)
    }
}
