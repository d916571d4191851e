import PolicyChecks
import PolicyCore
import XCTest

/// WildcardWithNonLikeOperatorRule alone on marked fixtures; its message word for word.
final class WildcardWithNonLikeOperatorRuleTests: XCTestCase {
    func testWildcardInStringEqualsFires() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
            "Condition": {
              "StringEquals": {"aws:PrincipalTag/team": [«WILDCARD_WITH_NON_LIKE_OPERATOR»"plat*", "data"]},
              "StringNotEquals": {"aws:PrincipalTag/tier": «WILDCARD_WITH_NON_LIKE_OPERATOR»"t?"}
            }
          }]
        }
        """).assertRule(WildcardWithNonLikeOperatorRule(),
                        message: "Statement 0: StringEquals treats the * or ? in \"plat*\" as ordinary characters, so the condition on aws:PrincipalTag/team matches only this exact text.")
    }

    func testLikeOperatorsAndEscapesAreQuiet() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
            "Condition": {
              "StringLike": {"aws:PrincipalTag/env": "prod*"},
              "StringEqualsIgnoreCase": {"aws:PrincipalTag/cost": "${*}literal"}
            }
          }]
        }
        """).assertRule(WildcardWithNonLikeOperatorRule())
    }
}
