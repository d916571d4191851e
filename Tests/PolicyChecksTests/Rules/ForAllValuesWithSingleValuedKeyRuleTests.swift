import PolicyChecks
import PolicyCore
import XCTest

/// ForAllValuesWithSingleValuedKeyRule alone on marked fixtures; its message word for word.
final class ForAllValuesWithSingleValuedKeyRuleTests: XCTestCase {
    func testForAllValuesOnSingleValuedKeyFires() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
            "Condition": {
              «FOR_ALL_VALUES_WITH_SINGLE_VALUED_KEY»"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
              "ForAllValues:StringLike": {"aws:TagKeys": "team*"}
            }
          }]
        }
        """).assertRule(ForAllValuesWithSingleValuedKeyRule(),
                        message: "Statement 0 uses ForAllValues:StringEquals on aws:PrincipalOrgID, which is single-valued; ForAllValues is true when the key is missing, so this Allow also applies to every request that does not carry aws:PrincipalOrgID at all.")
        XCTAssertEqual(findings.first?.severity, .high)
        XCTAssertTrue(findings.first?.remediation?.contains("\"StringEquals\": {") ?? false, findings.first?.remediation ?? "")
    }

    func testForAllValuesOnMultiValuedKeyIsQuiet() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:TagResource",
          "Condition": {"ForAllValues:StringLike": {"aws:TagKeys": "team*"}}}]}
        """).assertRule(ForAllValuesWithSingleValuedKeyRule())
    }
}
