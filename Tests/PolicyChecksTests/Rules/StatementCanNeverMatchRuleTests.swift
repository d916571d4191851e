import PolicyChecks
import PolicyCore
import XCTest

/// StatementCanNeverMatchRule alone on marked fixtures; its message word for word.
final class StatementCanNeverMatchRuleTests: XCTestCase {
    func testContradictoryConditionsFire() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "NullAndValue", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
             "Condition": {«STATEMENT_CAN_NEVER_MATCH»"Null": {"aws:PrincipalTag/team": "true"}, "StringEquals": {"aws:PrincipalTag/team": "platform"}}},
            {"Sid": "EmptyRange", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
             "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}, «STATEMENT_CAN_NEVER_MATCH»"NumericLessThan": {"aws:MultiFactorAuthAge": "600"}}}
          ]
        }
        """).assertRule(StatementCanNeverMatchRule(),
                        message: "Statement 0 (\"NullAndValue\") requires aws:PrincipalTag/team to be absent (Null: true) and also tests its value with StringEquals; no request satisfies both, so the statement never applies.")
    }

    /// Dates and numbers are read as the evaluator reads them (`DateValue`, `NumberValue`): fractional
    /// epoch seconds and a padded number are values, so an empty range written with them never applies.
    func testRangesReadAsTheEvaluatorReadsThem() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
           "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}, «STATEMENT_CAN_NEVER_MATCH»"DateLessThan": {"aws:CurrentTime": "1767225600.5"}}},
          {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
           "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": " 3600 "}, «STATEMENT_CAN_NEVER_MATCH»"NumericLessThan": {"aws:MultiFactorAuthAge": "600"}}}
        ]}
        """).assertRule(StatementCanNeverMatchRule())
    }

    func testRegistryStatementForAnotherRegistryFires() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "ecr:ReplicateImage", "Resource": «STATEMENT_CAN_NEVER_MATCH»"arn:aws:ecr:us-west-2:777788889999:repository/*"},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "ecr:ReplicateImage", "Resource": "arn:aws:ecr:us-west-2:111122223333:repository/*"}
          ]
        }
        """).assertRule(StatementCanNeverMatchRule(), kind: .registry, context: CheckContext(accountID: "111122223333"),
                        message: "Statement 0 only names resources of account 777788889999, but this registry belongs to 111122223333; a registry policy applies only to its own registry, so the statement never applies.")
    }

    func testSatisfiableConditionsAreQuiet() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "DateRange", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
             "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}, "DateLessThan": {"aws:CurrentTime": "2026-12-31"}}}
          ]
        }
        """).assertRule(StatementCanNeverMatchRule())
    }
}
