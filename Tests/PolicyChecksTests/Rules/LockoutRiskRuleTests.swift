import PolicyChecks
import PolicyCore
import XCTest

/// LockoutRiskRule alone on marked fixtures; its message word for word.
final class LockoutRiskRuleTests: XCTestCase {
    func testDenyOfPolicyManagementToEveryoneFires() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "FreezePolicy", "Effect": "Deny", "Principal": "*", "Action": «LOCKOUT_RISK»["ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy"]},
            {"Sid": "FreezeAll", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": «LOCKOUT_RISK»"ecr:*"},
            {"Sid": "NotActionStillMatches", "Effect": "Deny", "Principal": "*", "NotAction": «LOCKOUT_RISK»"ecr:BatchGetImage"}
          ]
        }
        """).assertRule(LockoutRiskRule(),
                        message: "Statement 0 (\"FreezePolicy\") denies ecr:SetRepositoryPolicy to every principal with no condition: once this policy is applied, nobody, administrators included, can change or remove it through the API.")
    }

    func testDenyWithAnExemptionIsQuiet() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "ExemptsAdmin", "Effect": "Deny", "Principal": "*", "Action": "ecr:SetRepositoryPolicy",
             "Condition": {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin"}}},
            {"Sid": "OnlyPull", "Effect": "Deny", "Principal": "*", "Action": "ecr:BatchGetImage"}
          ]
        }
        """).assertRule(LockoutRiskRule())
    }
}
