import PolicyCore
import XCTest

/// Every validation code at its exact position, marked in the fixtures with `«CODE»`.
final class ValidationRuleTests: XCTestCase {
    func testRepositoryPolicyRules() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            «MISSING_PRINCIPAL»{"Sid": "NoPrincipal", "Effect": "Allow", "Action": "ecr:BatchGetImage"},
            {"Sid": "Dup", "Effect": "Allow", "Principal": {"AWS": [«UNSUPPORTED_WILDCARD_IN_PRINCIPAL»"arn:aws:iam::123456789012:role/ci-*", «INVALID_PRINCIPAL_FORMAT»"alice",
               «INVALID_ARN_ACCOUNT»"arn:aws:iam::12345:root", «MISSING_ARN_FIELD»"arn:aws:iam::role"], "Service": [«UNSUPPORTED_WILDCARD_IN_PRINCIPAL»"*.amazonaws.com", «INVALID_SERVICE_PRINCIPAL_FORMAT»"not a service"]},
             "Action": [«INVALID_ACTION»"ecr:PutImages", «UNSUPPORTED_ACTION_IN_POLICY»"s3:GetObject", «INVALID_ACTION»"ecr", «INVALID_ACTION»"ecr:Frob*", "ecr:Put*", "ECR:batchgetimage"],
             "Resource": "*"},
            {"Sid": "Dup", "Effect": "Deny", "Principal": "*", "NotAction": "ecr:Get*", "NotResource": "*"}
          ]
        }
        """).assertFindings(kind: .repository)
    }

    func testResourceInRepositoryPolicyIsAWarning() throws {
        let text = MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage", «RESOURCE_IN_REPOSITORY_POLICY»"Resource": "*"},
          {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage", «RESOURCE_IN_REPOSITORY_POLICY»"Resource": "arn:aws:ecr:us-east-1:111122223333:repository/other"},
          {"Effect": "Deny", "Principal": "*", "Action": "ecr:*", «RESOURCE_IN_REPOSITORY_POLICY»"NotResource": "*"}]}
        """)
        text.assertFindings(kind: .repository, categories: [.warning, .error])
        let severities = PolicyParser.parse(text.text, kind: .repository, file: "r.json").findings.map(\.severity)
        XCTAssertEqual(severities, [.low, .high, .high])
    }

    func testRepositoryPolicyWarnsAboutAccountLevelActions() {
        MarkedPolicy("""
        {"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"},
          "Action": [«ACCOUNT_ACTION_IN_REPOSITORY_POLICY»"ecr:GetAuthorizationToken", "ecr:BatchGetImage"]}]}
        """).assertFindings(kind: .repository, categories: [.warning])
    }

    func testIdentityPolicyRules() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": «UNSUPPORTED_SID»"has space", "Effect": "Allow", «UNSUPPORTED_PRINCIPAL»"Principal": "*", "Action": [«INVALID_SERVICE_IN_ACTION»"ecrr:GetAuthorizationToken", "s3:GetObject", "s3:Get*", "*"],
             "Resource": [«INVALID_ARN_PREFIX»"my-bucket", «MISSING_ARN_FIELD»"arn:aws:s3:::", «INVALID_PARTITION»"arn:amazon:s3:::b", «INVALID_ARN_ACCOUNT»"arn:aws:ecr:us-east-1:1234:repository/a",
                          «MISSING_ARN_REGION»"arn:aws:ecr::123456789012:repository/a", «INVALID_ARN_RESOURCE»"arn:aws:ecr:us-east-1:123456789012:image/a",
                          "arn:aws:ecr:*:*:repository/*", "arn:aws:iam::aws:policy/ReadOnlyAccess"]},
            «MISSING_RESOURCE»{"Effect": "Deny", "Action": "ecr:*",
             "Condition": {"StringEquals": {«INVALID_GLOBAL_CONDITION_KEY»"aws:PrincipalOrgId2": "o-1", «INVALID_SERVICE_CONDITION_KEY»"ecr:RepositoryName": "x", «INVALID_CONDITION_KEY_FORMAT»"nocolon": "x",
                                            "aws:PrincipalTag/team": "a", "ecr:ResourceTag/env": "prod", "s3:prefix": "x", "AWS:PRINCIPALORGID": "o-2"},
                           "NumericLessThan": {"aws:MultiFactorAuthAge": [«DATA_TYPE_MISMATCH»"soon", "3600", 60]},
                           "DateGreaterThan": {"aws:CurrentTime": [«DATA_TYPE_MISMATCH»"yesterday", "2026-01-01T00:00:00Z", "2026-01-01", 1700000000]},
                           "Bool": {"aws:SecureTransport": «INVALID_CONDITION_MULTIPLE_BOOLEAN»["true", «DATA_TYPE_MISMATCH»"yes", false]},
                           "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32", «DATA_TYPE_MISMATCH»"10.0.0.300", «DATA_TYPE_MISMATCH»"10.0.0.0/33"]},
                           "BinaryEquals": {"aws:userid": [«DATA_TYPE_MISMATCH»"not base64!", "QmluYXJ5"]},
                           "Null": {"aws:TokenIssueTime": [«DATA_TYPE_MISMATCH»"maybe"]}}},
            {"Sid": "a", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"},
            {"Sid": "", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"},
            {"Sid": «UNIQUE_SIDS_REQUIRED»"a", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}
          ]
        }
        """)
            .assertFindings(kind: .identity, categories: [.error, .warning])
    }

    func testPolicyVariables() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Action": [«VARIABLE_UNSUPPORTED_IN_ELEMENT»"ecr:${aws:username}"],
            "Resource": ["arn:aws:ecr:us-east-1:123456789012:repository/${aws:username}/*", "arn:aws:ecr:us-east-1:123456789012:repository/«MISSING_BRACE_IN_VARIABLE»${aws:username",
                         "arn:aws:ecr:us-east-1:123456789012:repository/a«EMPTY_VARIABLE»${ }", "arn:aws:ecr:us-east-1:123456789012:repository/«UNSUPPORTED_SPACE_IN_VARIABLE»${aws: username}",
                         "arn:aws:ecr:us-east-1:123456789012:repository/«MISSING_QUOTE_IN_DEFAULT»${aws:username, none}", "arn:aws:ecr:us-east-1:123456789012:repository/«INVALID_POLICY_VARIABLE»${username}",
                         "arn:aws:ecr:us-east-1:123456789012:repository/${aws:PrincipalTag/team, 'none'}${*}${?}${$}"],
            "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/${aws:username}"},
                          "NumericEquals": {"aws:MultiFactorAuthAge": «INVALID_VARIABLE_FOR_OPERATOR»"${aws:username}"}}
          }]
        }
        """).assertFindings(kind: .identity)
    }

    func testVariablesUnderVersion2008() {
        MarkedPolicy("""
        {"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*",
          "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/«VARIABLE_UNSUPPORTED_IN_VERSION»${aws:username}",
          "Condition": {"StringEquals": {"aws:userid": «VARIABLE_UNSUPPORTED_IN_VERSION»"x\\u0041${aws:userid}"}}}]}
        """).assertFindings(kind: .identity, categories: [.warning])
    }

    func testRegistryPolicyRules() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [
          «MISSING_RESOURCE»{"Sid": "ReplicationAccessCrossAccount", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
           "Action": ["ecr:CreateRepository", "ecr:ReplicateImage", «UNSUPPORTED_ACTION_IN_POLICY»"iam:PassRole"]},
          {"Sid": "ReplicationAccessCrossAccount", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ecr:BatchImportUpstreamImage",
           "Resource": "arn:aws:ecr:us-west-2:123456789012:repository/*"}]}
        """).assertFindings(kind: .registry)
    }

    func testOrganizationsPolicies() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Deny", «SCP_SYNTAX_ERROR_PRINCIPAL»"Principal": "*", "Action": "ecr:DeleteRepository", "Resource": "*"}]}
        """).assertFindings(kind: .scp)
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
          {"Effect": «RCP_SYNTAX_ERROR_ALLOW»"Allow", "Principal": «RCP_SYNTAX_ERROR_PRINCIPAL»{"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "*"},
          {"Effect": "Deny", «RCP_SYNTAX_ERROR_PRINCIPAL»"NotPrincipal": {"AWS": "123456789012"}, «RCP_SYNTAX_ERROR_NOT_ACTION»"NotAction": "s3:*", "Resource": "*"}]}
        """).assertFindings(kind: .rcp)
    }

    func testECRSizeLimit() {
        let statement = #"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage"}"#
        let small = "{\"Version\": \"2012-10-17\", \"Statement\": [" + Array(repeating: statement, count: 10).joined(separator: ",") + "]}"
        XCTAssertEqual(PolicyParser.parse(small, kind: .repository, file: "s.json").findings, [])
        var big = "{\"Version\": \"2012-10-17\", \"Statement\": [" + Array(repeating: statement, count: 120).joined(separator: ",") + "]}"
        XCTAssertGreaterThan(big.unicodeScalars.count, 10_240)
        var codes = PolicyParser.parse(big, kind: .repository, file: "b.json").findings.map(\.code)
        XCTAssertEqual(codes, ["POLICY_SIZE_EXCEEDS_ECR_QUOTA"])
        // The ECR limit applies to ECR policies only.
        XCTAssertFalse(PolicyParser.parse(big, kind: .endpoint, file: "b.json").findings.map(\.code).contains("POLICY_SIZE_EXCEEDS_ECR_QUOTA"))
        // Exactly at the limit passes; one character more fails.
        big = small + String(repeating: " ", count: 10_240 - small.unicodeScalars.count)
        XCTAssertEqual(PolicyParser.parse(big, kind: .registry, file: "b.json").findings.map(\.code).filter { $0.hasPrefix("POLICY_SIZE") }, [])
        codes = PolicyParser.parse(big + " ", kind: .registry, file: "b.json").findings.map(\.code).filter { $0.hasPrefix("POLICY_SIZE") }
        XCTAssertEqual(codes, ["POLICY_SIZE_EXCEEDS_ECR_QUOTA"])
    }

    func testFindingsCarryPathStatementAndSid() throws {
        let text = """
        {"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:user/*"]}, "Action": "ecr:BatchGetImage"}]}
        """
        let finding = try XCTUnwrap(PolicyParser.parse(text, kind: .repository, file: "f.json").findings.first)
        XCTAssertEqual(finding.code, "UNSUPPORTED_WILDCARD_IN_PRINCIPAL")
        XCTAssertEqual(finding.path, "Statement[0].Principal.AWS[1]")
        XCTAssertEqual(finding.statementIndex, 0)
        XCTAssertEqual(finding.sid, "A")
        XCTAssertEqual(finding.file, "f.json")
        XCTAssertEqual(finding.severity, .high)
        XCTAssertEqual(finding.category, .error)
    }
}
