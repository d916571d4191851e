import PolicyChecks
import PolicyCore
import XCTest

/// NegatedConditionDoesNotRestrictRule alone on marked fixtures; its message word for word.
final class NegatedConditionDoesNotRestrictRuleTests: XCTestCase {
    func testNegatedConditionOnBroadAllowFires() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
           "Condition": {«NEGATED_CONDITION_DOES_NOT_RESTRICT»"StringNotEquals": {"aws:PrincipalAccount": "444455556666"}}}]}
        """).assertRule(NegatedConditionDoesNotRestrictRule(),
                        message: "Statement 0 allows every principal unless aws:PrincipalAccount matches the listed values (StringNotEquals): every caller of every other AWS account passes this condition.")
    }

    func testNegatedConditionInDenyIsQuiet() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Deny", "Principal": "*", "Action": "ecr:*", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
        """).assertRule(NegatedConditionDoesNotRestrictRule())
    }
}
