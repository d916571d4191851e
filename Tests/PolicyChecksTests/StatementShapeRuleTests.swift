import PolicyChecks
import PolicyCore
import XCTest

/// RestrictAccessToServicePrincipalRule through the full checker (the other statement-shape rules
/// have their own files under Rules/).
final class StatementShapeRuleTests: XCTestCase {
    func testRestrictAccessToServicePrincipal() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "Unpinned", "Effect": "Allow", "Principal": {"Service": «RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL»"codebuild.amazonaws.com"}, "Action": "ecr:BatchGetImage"},
            {"Sid": "Pinned", "Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "ecr:BatchGetImage",
             "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}},
            {"Sid": "NegatedPin", "Effect": "Allow", "Principal": {"Service": [«RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL»"lambda.amazonaws.com", «RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL»"codebuild.amazonaws.com"]}, "Action": "ecr:BatchGetImage",
             "Condition": {"StringNotEquals": {"aws:SourceAccount": "111122223333"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"])
        let restrict = findings.filter { $0.code == "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL" }
        XCTAssertEqual(restrict.map(\.statementIndex), [0, 2, 2])
        XCTAssertEqual(restrict.map(\.category), [.warning, .warning, .warning], "read-only grants are warnings")
        let push = PolicyChecker().check("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": ["ecr:BatchGetImage", "ecr:PutImage"]}]}
        """, kind: .repository, file: "p.json").first { $0.code == "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL" }
        XCTAssertEqual(push?.category, .securityWarning)
        XCTAssertEqual(push?.severity, .medium)
    }

    func testRestrictAccessToServicePrincipalReportsEveryUnpinnedService() {
        // Inside an array the marker sits before each reported service principal.
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": [«RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL»"a.amazonaws.com", «RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL»"b.amazonaws.com"]}, "Action": "ecr:BatchGetImage"}]}
        """).assertFindings(kind: .repository, codes: ["RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"])
    }
}
