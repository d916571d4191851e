import PolicyChecks
import PolicyCore
import XCTest

/// One fixture per rule about statement shapes, with exact expected positions.
final class StatementShapeRuleTests: XCTestCase {
    func testAllowWithNotPrincipal() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "EveryoneButCI", "Effect": "Allow", "NotPrincipal": «ALLOW_WITH_NOT_PRINCIPAL»{"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "ecr:BatchGetImage"},
            {"Sid": "DenyOthers", "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "ecr:PutImage"}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["ALLOW_WITH_NOT_PRINCIPAL"])
        let finding = findings.first { $0.code == "ALLOW_WITH_NOT_PRINCIPAL" }
        XCTAssertEqual(finding?.path, "Statement[0].NotPrincipal")
        XCTAssertEqual(finding?.statementIndex, 0)
        XCTAssertEqual(finding?.sid, "EveryoneButCI")
        XCTAssertEqual(finding?.severity, .high)
        XCTAssertEqual(finding?.category, .securityWarning)
        XCTAssertTrue(finding?.remediation?.contains("\"Principal\": {") ?? false, finding?.remediation ?? "")
        XCTAssertFalse(finding?.remediation?.contains("\"NotPrincipal\"") ?? true, "the snippet replaces NotPrincipal")
    }

    func testForAllValuesWithSingleValuedKey() {
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
        """).assertFindings(kind: .repository, codes: ["FOR_ALL_VALUES_WITH_SINGLE_VALUED_KEY"])
        let finding = findings.first { $0.code == "FOR_ALL_VALUES_WITH_SINGLE_VALUED_KEY" }
        XCTAssertEqual(finding?.severity, .high)
        XCTAssertTrue(finding?.remediation?.contains("\"StringEquals\": {") ?? false, finding?.remediation ?? "")
    }

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

    func testLockoutRisk() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "FreezePolicy", "Effect": "Deny", "Principal": "*", "Action": «LOCKOUT_RISK»["ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy"]},
            {"Sid": "FreezeAll", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": «LOCKOUT_RISK»"ecr:*"},
            {"Sid": "ExemptsAdmin", "Effect": "Deny", "Principal": "*", "Action": "ecr:SetRepositoryPolicy",
             "Condition": {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin"}}},
            {"Sid": "OnlyPull", "Effect": "Deny", "Principal": "*", "Action": "ecr:BatchGetImage"},
            {"Sid": "NotActionStillMatches", "Effect": "Deny", "Principal": "*", "NotAction": «LOCKOUT_RISK»"ecr:BatchGetImage"}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["LOCKOUT_RISK"])
    }

    func testMissingVersion() {
        let findings = MarkedPolicy("""
        «MISSING_VERSION»{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage"}]}
        """).assertFindings(kind: .repository, codes: ["MISSING_VERSION"])
        XCTAssertEqual(findings.filter { $0.code == "MISSING_VERSION" }.count, 1, "reported once even if the core reports it too")
    }

    func testWildcardWithNonLikeOperator() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
            "Condition": {
              "StringEquals": {"aws:PrincipalTag/team": [«WILDCARD_WITH_NON_LIKE_OPERATOR»"plat*", "data"]},
              "StringLike": {"aws:PrincipalTag/env": "prod*"},
              "StringNotEquals": {"aws:PrincipalTag/tier": «WILDCARD_WITH_NON_LIKE_OPERATOR»"t?"},
              "StringEqualsIgnoreCase": {"aws:PrincipalTag/cost": "${*}literal"}
            }
          }]
        }
        """).assertFindings(kind: .repository, codes: ["WILDCARD_WITH_NON_LIKE_OPERATOR"])
    }

    func testDataTypeMismatch() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
            "Condition": {
              "NumericLessThan": {"aws:MultiFactorAuthAge": [«DATA_TYPE_MISMATCH»"one hour", "3600"]},
              "DateGreaterThan": {"aws:CurrentTime": «DATA_TYPE_MISMATCH»"31/12/2026"},
              "DateLessThan": {"aws:TokenIssueTime": "2026-12-31T23:59:59Z"},
              "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", «DATA_TYPE_MISMATCH»"203.0.113.300", "2001:db8::/32", «DATA_TYPE_MISMATCH»"10.0.0.0/33"]},
              "Bool": {"aws:SecureTransport": «DATA_TYPE_MISMATCH»"yes"}
            }
          }]
        }
        """).assertFindings(kind: .repository, codes: ["DATA_TYPE_MISMATCH"])
    }

    func testRedundantAction() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:Batch*", «REDUNDANT_ACTION»"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", «REDUNDANT_ACTION»"ecr:getdownloadurlforlayer"]},
            {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload"], "Condition": {"Bool": {"aws:SecureTransport": "true"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["REDUNDANT_ACTION"])
    }

    func testRedundantStatement() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "Broad", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]},
            «REDUNDANT_STATEMENT»{"Sid": "Narrow", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage"},
            {"Sid": "OtherPrincipal", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ecr:BatchGetImage"},
            {"Sid": "Conditional", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage", "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
            {"Sid": "Twin", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ecr:GetDownloadUrlForLayer"},
            «REDUNDANT_STATEMENT»{"Sid": "TwinAgain", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ecr:GetDownloadUrlForLayer"}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["REDUNDANT_STATEMENT"])
    }

    func testEmptyArrays() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "111122223333", "Service": «EMPTY_ARRAY_PRINCIPAL»[]}, "Action": "ecr:BatchGetImage",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": «EMPTY_ARRAY_CONDITION»[]}, "Bool": «EMPTY_ARRAY_CONDITION»{}}
          }]
        }
        """).assertFindings(kind: .repository, codes: ["EMPTY_ARRAY_ACTION", "EMPTY_ARRAY_PRINCIPAL", "EMPTY_ARRAY_CONDITION", "EMPTY_ARRAY_RESOURCE"])
    }

    func testStatementCanNeverMatch() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:BatchGetImage"]},
            {"Sid": "NullAndValue", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
             "Condition": {«STATEMENT_CAN_NEVER_MATCH»"Null": {"aws:PrincipalTag/team": "true"}, "StringEquals": {"aws:PrincipalTag/team": "platform"}}},
            {"Sid": "EmptyRange", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
             "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}, «STATEMENT_CAN_NEVER_MATCH»"NumericLessThan": {"aws:MultiFactorAuthAge": "600"}}},
            {"Sid": "DateRange", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
             "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}, "DateLessThan": {"aws:CurrentTime": "2026-12-31"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["STATEMENT_CAN_NEVER_MATCH"])
    }

    func testRegistryStatementForAnotherRegistryCanNeverMatch() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "ecr:ReplicateImage", "Resource": «STATEMENT_CAN_NEVER_MATCH»"arn:aws:ecr:us-west-2:777788889999:repository/*"},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "ecr:ReplicateImage", "Resource": "arn:aws:ecr:us-west-2:111122223333:repository/*"}
          ]
        }
        """).assertFindings(kind: .registry, codes: ["STATEMENT_CAN_NEVER_MATCH"], context: CheckContext(accountID: "111122223333"))
    }
}
