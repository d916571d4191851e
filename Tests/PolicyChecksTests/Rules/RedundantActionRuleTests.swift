import PolicyChecks
import PolicyCore
import XCTest

/// RedundantActionRule alone on marked fixtures; its message word for word.
final class RedundantActionRuleTests: XCTestCase {
    func testActionCoveredByAnotherFires() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:Batch*", «REDUNDANT_ACTION»"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", «REDUNDANT_ACTION»"ecr:getdownloadurlforlayer"]}
          ]
        }
        """).assertRule(RedundantActionRule(), message: "Statement 0: action \"ecr:BatchGetImage\" is already covered by \"ecr:Batch*\".")
    }

    func testDistinctActionsAreQuiet() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload"]}]}
        """).assertRule(RedundantActionRule())
    }
}
