import PolicyChecks
import PolicyCore
import XCTest

/// IfExistsDoesNotRestrictRule alone on marked fixtures; its message word for word.
final class IfExistsDoesNotRestrictRuleTests: XCTestCase {
    func testIfExistsOnBroadAllowFires() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "ecr:BatchGetImage",
          "Condition": {«IF_EXISTS_DOES_NOT_RESTRICT»"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
        """).assertRule(IfExistsDoesNotRestrictRule(),
                        message: "Statement 0 allows every principal and checks aws:PrincipalOrgID only if the request carries it (StringEqualsIfExists): any caller whose request lacks the key passes.")
    }

    func testPlainOperatorIsQuiet() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "ecr:BatchGetImage",
          "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
        """).assertRule(IfExistsDoesNotRestrictRule())
    }
}
