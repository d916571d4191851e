import Foundation
import PolicyCore
import XCTest

/// The conformance corpus (Fixtures/conformance): S3 bucket policies, KMS key policies, SNS topic
/// policies, cross-account access, boundaries, session policies, SCP and RCP levels, VPC endpoint
/// policies and every condition operator family, each case with the decision AWS makes and the
/// documentation sentence that decides it. Every case goes through the batch path; none may be
/// refused (each policy is one AWS stores).
final class ConformanceCorpusTests: XCTestCase {
    func testEveryCaseIsAnsweredAsAWSDocumentsIt() throws {
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("conformance")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(files, ["conditions.json", "guardrails.json", "services.json"])
        var answered = 0
        for file in files {
            let document = OrderedJSON(try JSONParser.parse(try Data(contentsOf: dir.appendingPathComponent(file))))
            guard case .object(let top) = document, case .array(let cases)? = document["cases"] else { return XCTFail("\(file): not a batch object") }
            var expected: [String: String] = [:]
            let stripped: [OrderedJSON] = cases.map { c in
                guard case .object(let members) = c, case .string(let id)? = c["id"] else { XCTFail("\(file): a case without id"); return c }
                if case .string(let e)? = c["expect"] { expected[id] = e }
                if case .string(let source)? = c["source"] {
                    XCTAssertTrue(source.contains(": \"") || source.hasPrefix("\""), "\(file) \(id): the source quotes no documentation sentence")
                } else {
                    XCTFail("\(file) \(id): no source")
                }
                return .object(members.filter { $0.0 != "expect" && $0.0 != "source" })
            }
            let batch = OrderedJSON.object(top.map { $0.0 == "cases" ? ("cases", .array(stripped)) : $0 }).rendered(.pretty)
            let results = try BatchSimulation.results(Array(batch.utf8), file: file)
            XCTAssertEqual(results.count, cases.count, file)
            for r in results {
                let id = r.id ?? "-"
                if case .error(let e) = r.answer { XCTFail("\(file) \(id): refused: \(e)"); continue }
                XCTAssertEqual(r.decision, expected[id], "\(file) \(id)")
                answered += 1
            }
        }
        XCTAssertGreaterThanOrEqual(answered, 50)
    }
}
