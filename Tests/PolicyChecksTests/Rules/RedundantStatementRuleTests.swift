import PolicyChecks
import PolicyCore
import XCTest

/// RedundantStatementRule alone on marked fixtures; its message word for word.
final class RedundantStatementRuleTests: XCTestCase {
    func testStatementCoveredByAnotherFires() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "Broad", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]},
            «REDUNDANT_STATEMENT»{"Sid": "Narrow", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage"},
            {"Sid": "Twin", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ecr:GetDownloadUrlForLayer"},
            «REDUNDANT_STATEMENT»{"Sid": "TwinAgain", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ecr:GetDownloadUrlForLayer"}
          ]
        }
        """).assertRule(RedundantStatementRule(),
                        message: "Statement 1 (\"Narrow\") grants nothing that Statement 0 (\"Broad\") does not already allow: same principal, resource and conditions, and its actions are a subset.")
    }

    func testOtherPrincipalsAndConditionsAreQuiet() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "Broad", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]},
            {"Sid": "OtherPrincipal", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ecr:BatchGetImage"},
            {"Sid": "Conditional", "Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
          ]
        }
        """).assertRule(RedundantStatementRule())
    }
}
