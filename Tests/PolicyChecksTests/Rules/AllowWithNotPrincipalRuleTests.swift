import PolicyChecks
import PolicyCore
import XCTest

/// AllowWithNotPrincipalRule alone on marked fixtures; its message word for word.
final class AllowWithNotPrincipalRuleTests: XCTestCase {
    func testAllowWithNotPrincipalFires() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "EveryoneButCI", "Effect": "Allow", "NotPrincipal": «ALLOW_WITH_NOT_PRINCIPAL»{"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "ecr:BatchGetImage"},
            {"Sid": "DenyOthers", "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "ecr:PutImage"}
          ]
        }
        """).assertRule(AllowWithNotPrincipalRule(),
                        message: "Statement 0 (\"EveryoneButCI\") is an Allow with NotPrincipal, so it grants its actions to every principal except the ones listed: any IAM user or role in any AWS account, and anonymous callers.")
        let finding = findings.first
        XCTAssertEqual(finding?.path, "Statement[0].NotPrincipal")
        XCTAssertEqual(finding?.sid, "EveryoneButCI")
        XCTAssertEqual(finding?.severity, .high)
        XCTAssertTrue(finding?.remediation?.contains("\"Principal\": {") ?? false, finding?.remediation ?? "")
        XCTAssertFalse(finding?.remediation?.contains("\"NotPrincipal\"") ?? true, "the snippet replaces NotPrincipal")
    }

    func testDenyWithNotPrincipalIsQuiet() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "ecr:*"}]}
        """).assertRule(AllowWithNotPrincipalRule())
    }
}
