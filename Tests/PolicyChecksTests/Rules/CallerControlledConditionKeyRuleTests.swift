import PolicyChecks
import PolicyCore
import XCTest

/// CallerControlledConditionKeyRule alone on marked fixtures; its message word for word.
final class CallerControlledConditionKeyRuleTests: XCTestCase {
    func testCallerControlledKeysOnBroadAllowFire() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
           "Condition": {"StringEquals": {«CALLER_CONTROLLED_CONDITION_KEY»"aws:PrincipalTag/team": "platform", «CALLER_CONTROLLED_CONDITION_KEY»"aws:username": "deploy"}}}]}
        """).assertRule(CallerControlledConditionKeyRule(),
                        message: "Statement 0 allows every principal and relies on aws:PrincipalTag/team, which the caller's own account sets: a principal in any other AWS account can carry the same value.")
    }

    func testNamedAccountOrOrganizationIsQuiet() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
           "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}},
          {"Sid": "OrgPull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
           "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "StringNotEquals": {"aws:PrincipalTag/tier": "sandbox"}}}]}
        """).assertRule(CallerControlledConditionKeyRule())
    }
}
