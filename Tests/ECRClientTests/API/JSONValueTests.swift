@testable import ECRClient
import Foundation
import XCTest

final class JSONValueTests: XCTestCase {
    func testRoundTripKeepsOrderNumbersAndEscapes() throws {
        let text = #"{"b": 1.50, "a": [true, null, "x\"\u00e9\n"], "c": {}}"#
        let value = try JSONValue.parse(text)
        XCTAssertEqual(value.compact, #"{"b":1.50,"a":[true,null,"x\"é\n"],"c":{}}"#)
        XCTAssertEqual(value.pretty, "{\n    \"b\": 1.50,\n    \"a\": [\n        true,\n        null,\n        \"x\\\"é\\n\"\n    ],\n    \"c\": {}\n}")
    }

    func testMalformedAndTruncatedInputThrowsWithOffset() {
        for bad in ["", "{", #"{"a": }"#, "[1,]", #"{"a": 1} x"#, "01x", #""abc"#, String(repeating: "[", count: 1000)] {
            XCTAssertThrowsError(try JSONValue.parse(bad), bad)
        }
    }

    func testReplicationShorthand() throws {
        let config = try ReplicationShorthand.parse(["us-west-2,eu-west-1:222222222222 prefixes=prod-,team-a/", "ap-south-1"], ownRegistryId: "111111111111")
        XCTAssertEqual(config, ECR.ReplicationConfiguration(rules: [
            ECR.ReplicationRule(destinations: [ECR.ReplicationDestination(region: "us-west-2", registryId: "111111111111"),
                                               ECR.ReplicationDestination(region: "eu-west-1", registryId: "222222222222")],
                                repositoryFilters: [ECR.RepositoryFilter(filter: "prod-", filterType: .prefixMatch),
                                                    ECR.RepositoryFilter(filter: "team-a/", filterType: .prefixMatch)]),
            ECR.ReplicationRule(destinations: [ECR.ReplicationDestination(region: "ap-south-1", registryId: "111111111111")]),
        ]))
        XCTAssertTrue(ReplicationShorthand.needsOwnRegistryId(["us-west-2:222222222222", "eu-west-1"]))
        XCTAssertFalse(ReplicationShorthand.needsOwnRegistryId(["us-west-2:222222222222 prefixes=a"]))
        XCTAssertThrowsError(try ReplicationShorthand.parse(["us-west-2:12"], ownRegistryId: nil))
        XCTAssertThrowsError(try ReplicationShorthand.parse(["us-west-2 filters=x"], ownRegistryId: "1"))
        XCTAssertThrowsError(try ReplicationShorthand.parse(["us-west-2"], ownRegistryId: nil))
    }
}
