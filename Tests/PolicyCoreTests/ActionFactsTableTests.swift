import XCTest
@testable import PolicyCore

/// `ActionFacts` takes a known action's facts from a table worked out once; every spelling must
/// get exactly the facts computed from its own text (its own text kept as the action).
final class ActionFactsTableTests: XCTestCase {
    func testTableFactsAreTheComputedOnes() {
        XCTAssertFalse(KnownActions.names.isEmpty)
        for name in KnownActions.names {
            for spelling in [name, name.lowercased(), name.uppercased(), " " + name] {
                let fast = ActionFacts(spelling), slow = ActionFacts(computing: spelling)
                XCTAssertEqual(fast.action, slow.action, spelling)
                XCTAssertTrue(fast.action.utf8.elementsEqual(spelling.utf8), spelling)
                XCTAssertTrue(fast.key.utf8.elementsEqual(slow.key.utf8), spelling)
                XCTAssertEqual(fast.id, slow.id, spelling)
                XCTAssertEqual(fast.isGetAuthorizationToken, slow.isGetAuthorizationToken, spelling)
                XCTAssertEqual(fast.isECRAction, slow.isECRAction, spelling)
                XCTAssertEqual(fast.isV1RegistryAction, slow.isV1RegistryAction, spelling)
            }
        }
        // Written out by hand, so that a fact wrong in both paths fails too.
        let pull = ActionFacts("ecr:BatchGetImage")
        XCTAssertEqual(pull.key, "ecr:batchgetimage")
        XCTAssertGreaterThanOrEqual(pull.id, 0)
        XCTAssertEqual([pull.isECRAction, pull.isGetAuthorizationToken, pull.isV1RegistryAction], [true, false, false])
        let token = ActionFacts("ECR:GETAUTHORIZATIONTOKEN")
        XCTAssertEqual(token.key, "ecr:getauthorizationtoken")
        XCTAssertEqual(token.action, "ECR:GETAUTHORIZATIONTOKEN")
        XCTAssertEqual([token.isECRAction, token.isGetAuthorizationToken], [true, true])
        XCTAssertEqual(ActionFacts("ecr:GetAuthorizationToken").isGetAuthorizationToken, true)
        XCTAssertEqual(ActionFacts("ecr:ReplicateImage").isV1RegistryAction, true)
        XCTAssertEqual(ActionFacts("s3:GetObject").id, -1)
    }
}
