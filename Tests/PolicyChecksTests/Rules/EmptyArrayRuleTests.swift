import PolicyChecks
import PolicyCore
import XCTest

/// EmptyArrayRule alone on marked fixtures; its message word for word.
final class EmptyArrayRuleTests: XCTestCase {
    func testEmptyPrincipalAndConditionArraysFire() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "111122223333", "Service": «EMPTY_ARRAY_PRINCIPAL»[]}, "Action": "ecr:BatchGetImage",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": «EMPTY_ARRAY_CONDITION»[]}, "Bool": «EMPTY_ARRAY_CONDITION»{}}
          }]
        }
        """).assertRule(EmptyArrayRule(), message: "Statement 0: \"Service\" is an empty array, so it names nothing.")
    }

    func testEmptyActionArrayFires() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:BatchGetImage"], "NotAction": «EMPTY_ARRAY_ACTION»[]}]}
        """).assertRule(EmptyArrayRule(), message: "Statement 0: \"NotAction\" is an empty array, so it names nothing.")
    }

    func testFilledArraysAreQuiet() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["111122223333"]}, "Action": ["ecr:BatchGetImage"],
          "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["platform"]}}}]}
        """).assertRule(EmptyArrayRule())
    }
}
