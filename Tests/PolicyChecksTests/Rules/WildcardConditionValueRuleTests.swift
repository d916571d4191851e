import PolicyChecks
import PolicyCore
import XCTest

/// WildcardConditionValueRule alone on marked fixtures; its message word for word.
final class WildcardConditionValueRuleTests: XCTestCase {
    func testWildcardOrganizationAndAccountFire() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringLike": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5", «WILDCARD_CONDITION_VALUE»"o-*"]}}},
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"ArnLike": {"aws:PrincipalArn": «WILDCARD_CONDITION_VALUE»"arn:aws:iam::*:role/deploy"}}}
          ]
        }
        """).assertRule(WildcardConditionValueRule(),
                        message: "Statement 0 allows every principal, and its condition StringLike aws:PrincipalOrgID = \"o-*\" matches callers of any AWS account or organization, so it restricts nothing.")
    }

    func testWildcardInsideOneAccountAndLiteralStarAreQuiet() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-*"}}}
          ]
        }
        """).assertRule(WildcardConditionValueRule())
    }
}
