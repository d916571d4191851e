import Foundation
import XCTest
@testable import PolicyCore

/// The byte-level catalog decoder (`Catalog/CatalogDecoder.swift`): same results as the data says,
/// strict JSON, and shape errors as `CatalogFormatError`.
final class CatalogDecoderTests: XCTestCase {
    private func decode(_ json: String) throws -> ActionCatalog { try ActionCatalog(jsonData: Data(json.utf8)) }

    func testDecodesSimpleAndDetailedActionsAndMetadata() throws {
        let catalog = try decode(#"""
        {"generated": "2026-01-02", "source": "test", "globalConditionKeys": ["aws:SourceIp", "aws:PrincipalTag/"],
         "services": {"ecr": {"name": "Amazon ECR", "conditionKeys": ["ecr:ResourceTag/"],
                              "actions": {"PutImage": {"a": "W", "r": ["repository"], "c": ["aws:ResourceTag/"], "note": "n"},
                                          "GetAuthorizationToken": "R"}},
                      "S3": {"actions": {"GetObject": "R"}}}}
        """#)
        XCTAssertEqual(catalog.generated, "2026-01-02")
        XCTAssertEqual(catalog.source, "test")
        XCTAssertEqual(catalog.actionCount, 3)
        let put = try XCTUnwrap(catalog.action("ecr:PutImage"))
        XCTAssertEqual(put.accessLevel, .write)
        XCTAssertEqual(put.resourceTypes, ["repository"])
        XCTAssertEqual(put.conditionKeys, ["aws:ResourceTag/"])
        XCTAssertEqual(put.note, "n")
        XCTAssertTrue(put.isDetailed)
        XCTAssertEqual(catalog.action("ecr:GetAuthorizationToken")?.isDetailed, false)
        XCTAssertEqual(catalog.isKnownConditionKey("AWS:sourceip"), true)
        XCTAssertEqual(catalog.isKnownConditionKey("ecr:ResourceTag/team"), true)
        // Service prefixes are keyed lower-cased; the definition keeps the spelling of the file.
        XCTAssertEqual(catalog.action("s3:GetObject")?.service, "S3")
    }

    func testLookupsIgnoreCaseWithoutChangingTheSpelling() throws {
        let catalog = try decode(#"{"services":{"ecr":{"actions":{"BatchGetImage":"R"}}}}"#)
        for spelling in ["ecr:BatchGetImage", "ECR:batchgetimage", "Ecr:BATCHGETIMAGE"] {
            XCTAssertEqual(catalog.action(spelling)?.fullName, "ecr:BatchGetImage", spelling)
        }
        XCTAssertNil(catalog.action("ecr:BatchGetImages"))
        XCTAssertNil(catalog.action("ecr:BatchGetImag"))
        XCTAssertNil(catalog.action("ecs:BatchGetImage"))
        XCTAssertEqual(catalog.actionsByFullName["ecr:BatchGetImage"]?.name, "BatchGetImage")
        XCTAssertNil(catalog.actionsByFullName["ECR:batchgetimage"], "the full-name index is exact")
    }

    func testRejectsMalformedJSON() {
        for bad in ["", "{", #"{"services":{"ecr":{"actions":{"A":"R",}}}}"#, #"{"services":{"ecr":{"actions":{"A":"R"}}}} x"#,
                    "\u{FEFF}{\"services\":{}}", #"{"services":{"ecr":{"actions":{"A":"R"}}}"#, #"{"services":{"ecr":{"actions":{"A" "R"}}}}"#] {
            XCTAssertThrowsError(try decode(bad), "accepted \(bad.debugDescription)")
        }
    }

    func testRejectsWrongShapes() {
        let shapes = ["[]", #"{"services":[]}"#, #"{"services":{"ecr":[]}}"#, #"{"services":{"ecr":{"name":"x"}}}"#,
                      #"{"services":{"ecr":{"actions":[]}}}"#, #"{"services":{"ecr":{"actions":{"A":"Q"}}}}"#,
                      #"{"services":{"ecr":{"actions":{"A":{"r":[]}}}}}"#, #"{"services":{"ecr":{"actions":{"A":1}}}}"#]
        for json in shapes {
            XCTAssertThrowsError(try decode(json), json) { error in
                XCTAssertTrue(error is ActionCatalog.CatalogFormatError, "\(json): \(error)")
            }
        }
    }

    func testEmptyServicesObjectGivesAnEmptyCatalog() throws {
        XCTAssertTrue(try decode(#"{"services":{}}"#).isEmpty)
    }
}
