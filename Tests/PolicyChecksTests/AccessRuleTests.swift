import PolicyChecks
import PolicyCore
import XCTest

/// PUBLIC_ACCESS, OVERBROAD_WRITE_ACCESS and EXTERNAL_ACCESS, decided with the evaluator.
final class AccessRuleTests: XCTestCase {
    static let access: Set<String> = ["PUBLIC_ACCESS", "OVERBROAD_WRITE_ACCESS", "EXTERNAL_ACCESS"]
    static let owner = CheckContext(accountID: "111122223333", organizationID: "o-a1b2c3d4e5", repositoryName: "employee-api")

    func testPublicAccessSeverityFollowsExposure() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "PublicPull", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]},
            {"Sid": "PublicPush", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»{"AWS": "*"}, "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability"]},
            {"Sid": "PublicDescribe", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:DescribeImages"}
          ]
        }
        """).assertFindings(kind: .repository, codes: Self.access, context: Self.owner)
        let pub = findings.filter { $0.code == "PUBLIC_ACCESS" }
        XCTAssertEqual(pub.map(\.severity), [.high, .critical, .medium])
        XCTAssertTrue(pub[0].message.contains("pull"), pub[0].message)
        XCTAssertTrue(pub[1].message.contains("push"), pub[1].message)
        XCTAssertTrue(pub[1].remediation?.contains("\"aws:PrincipalOrgID\": \"o-a1b2c3d4e5\"") ?? false, pub[1].remediation ?? "")
    }

    func testConditionsDecideWhetherAnAllowIsPublic() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
            {"Sid": "OrgIfExists", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:GetDownloadUrlForLayer",
             "Condition": {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
            {"Sid": "Tagged", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:DescribeImages",
             "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}},
            {"Sid": "AnyOrg", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:ListImages",
             "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-*"}}},
            {"Sid": "Vpc", "Effect": "Allow", "Principal": "*", "Action": "ecr:DescribeRepositories",
             "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-0abc1234"}}},
            {"Sid": "Everywhere", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:GetRepositoryPolicy",
             "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}},
            {"Sid": "Office", "Effect": "Allow", "Principal": "*", "Action": "ecr:GetLifecyclePolicy",
             "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["PUBLIC_ACCESS"], context: Self.owner)
    }

    func testNotPrincipalAllowIsPublicAndDenyAllIsNot() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "AllButCI", "Effect": "Allow", "NotPrincipal": «PUBLIC_ACCESS»{"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "ecr:SetRepositoryPolicy"},
            {"Sid": "DenyAll", "Effect": "Deny", "Principal": "*", "Action": "ecr:BatchGetImage"}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["PUBLIC_ACCESS"], context: Self.owner)
        XCTAssertEqual(findings.first { $0.code == "PUBLIC_ACCESS" }?.severity, .critical)
    }

    func testDenyOutsideOrganizationRemovesPublicAccess() {
        let findings = PolicyChecker().check("""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},
          {"Effect": "Deny", "Principal": "*", "Action": "ecr:*", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
        ]}
        """, kind: .repository, file: "p.json", context: Self.owner)
        XCTAssertFalse(findings.contains { $0.code == "PUBLIC_ACCESS" }, findings.map(\.message).joined(separator: "\n"))
    }

    func testExternalAndOverbroadAccess() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "OwnCI", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": ["ecr:PutImage", "ecr:BatchGetImage"]},
            {"Sid": "PartnerPull", "Effect": "Allow", "Principal": {"AWS": «EXTERNAL_ACCESS»"444455556666"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]},
            {"Sid": "PartnerPush", "Effect": "Allow", "Principal": {"AWS": «EXTERNAL_ACCESS»«OVERBROAD_WRITE_ACCESS»"arn:aws:iam::777788889999:role/deploy"},
             "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability"]},
            {"Sid": "OrgPush", "Effect": "Allow", "Principal": "*", "Action": "ecr:PutImage",
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": «EXTERNAL_ACCESS»«OVERBROAD_WRITE_ACCESS»"o-zz9988776655"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: Self.access, context: Self.owner)
        let external = findings.filter { $0.code == "EXTERNAL_ACCESS" }
        XCTAssertTrue(external[0].message.hasPrefix("Account 444455556666 can pull images"), external[0].message)
        XCTAssertTrue(external[1].message.contains("push"), external[1].message)
        XCTAssertTrue(findings.allSatisfy { $0.code != "PUBLIC_ACCESS" })
    }

    func testNamedAccountIsNotOverbroadWhenOwnerUnknown() {
        let findings = PolicyChecker().check("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["ecr:PutImage"]}]}
        """, kind: .repository, file: "p.json")
        XCTAssertEqual(findings.filter { Self.access.contains($0.code) }.map(\.code), ["EXTERNAL_ACCESS"])
    }

    func testRegistryPolicyPublicUnderV2ButNotV1() {
        let text = """
        {"Version": "2012-10-17", "Statement": [{"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:ReplicateImage"], "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/*"}]}
        """
        let v2 = PolicyChecker().check(text, kind: .registry, file: "r.json", context: CheckContext(accountID: "111122223333", registryPolicyScope: .v2))
        let v1 = PolicyChecker().check(text, kind: .registry, file: "r.json", context: CheckContext(accountID: "111122223333", registryPolicyScope: .v1))
        let v2Public = v2.first { $0.code == "PUBLIC_ACCESS" }
        XCTAssertEqual(v2Public?.severity, .critical, v2.map(\.message).joined(separator: "\n"))
        XCTAssertTrue(v2Public?.message.contains("ecr:BatchGetImage") ?? false, v2Public?.message ?? "")
        let v1Public = v1.first { $0.code == "PUBLIC_ACCESS" }
        XCTAssertNotNil(v1Public, "V1 still enforces ReplicateImage")
        XCTAssertFalse(v1Public?.message.contains("BatchGetImage") ?? true, v1Public?.message ?? "")
    }

    func testOwnOrganizationIsNotExternalButOrganizationWidePushIsOverbroad() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [{"Sid": "OrgPush", "Effect": "Allow", "Principal": "*", "Action": ["ecr:PutImage", "ecr:BatchGetImage"],
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": «OVERBROAD_WRITE_ACCESS»"o-a1b2c3d4e5"}}}]
        }
        """).assertFindings(kind: .repository, codes: Self.access, context: Self.owner)
        XCTAssertTrue(findings.first { $0.code == "OVERBROAD_WRITE_ACCESS" }?.message.contains("every principal in every account of organization o-a1b2c3d4e5 call ecr:PutImage") ?? false,
                      findings.map(\.message).joined(separator: "\n"))
    }

    func testPublicGrantIsNotRepeatedAsExternalAccess() {
        let findings = PolicyChecker().check("""
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},
          {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": ["ecr:BatchGetImage", "ecr:DescribeImages"]}]}
        """, kind: .repository, file: "p.json", context: Self.owner)
        let external = findings.filter { $0.code == "EXTERNAL_ACCESS" }
        XCTAssertEqual(external.count, 1)
        XCTAssertEqual(external.first?.message, "Account 444455556666 can call ecr:DescribeImages (through Statement 1).")
    }

    func testPublicAccessSaysWhichRequestGetsThrough() {
        let findings = PolicyChecker().check("""
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},
          {"Sid": "Team", "Effect": "Allow", "Principal": "*", "Action": "ecr:DescribeImages", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}},
          {"Sid": "IfOrg", "Effect": "Allow", "Principal": "*", "Action": "ecr:ListImages", "Condition": {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
        """, kind: .repository, file: "p.json", context: Self.owner).filter { $0.code == "PUBLIC_ACCESS" }
        XCTAssertEqual(findings.map(\.sid), ["Open", "Team", "IfOrg"])
        XCTAssertTrue(findings[0].message.hasSuffix("No condition restricts the caller."), findings[0].message)
        XCTAssertTrue(findings[1].message.hasSuffix("a request from an unrelated account carrying aws:PrincipalTag/team = \"platform\" is allowed."), findings[1].message)
        XCTAssertTrue(findings[2].message.hasSuffix("a request from an unrelated account outside any organization is allowed."), findings[2].message)
    }

    // MARK: Outsiders built from the policy's own patterns (issue 10, item 1)

    func testWildcardAccountPatternsArePublic() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "AccountPrefix", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringLike": {"aws:PrincipalAccount": "1*"}}},
            {"Sid": "AccountOneDigit", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:DescribeImages",
             "Condition": {"StringLike": {"aws:PrincipalAccount": "11112222333?"}}},
            {"Sid": "AccountIfExists", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:ListImages",
             "Condition": {"StringLikeIfExists": {"aws:PrincipalAccount": "2*"}}},
            {"Sid": "Source", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:DescribeRepositories",
             "Condition": {"StringLike": {"aws:SourceAccount": "1*"}}},
            {"Sid": "SourceOwner", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:GetLifecyclePolicy",
             "Condition": {"ForAnyValue:StringLike": {"aws:SourceOwner": "5*"}}},
            {"Sid": "OwnAccount", "Effect": "Allow", "Principal": "*", "Action": "ecr:GetRepositoryPolicy",
             "Condition": {"StringLike": {"aws:PrincipalAccount": "111122223333"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["PUBLIC_ACCESS"], context: Self.owner)
        let prefix = findings.first { $0.sid == "AccountPrefix" && $0.code == "PUBLIC_ACCESS" }
        XCTAssertEqual(prefix?.message, "Statement 0 (\"AccountPrefix\") lets any AWS principal in any account call ecr:BatchGetImage. Its conditions admit accounts nobody named: a request from an outside caller carrying aws:PrincipalAccount = \"199999999999\" is allowed.")
    }

    func testWildcardOrganizationArnAndUserIDPatternsArePublic() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "OrgPrefix", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-a*"}}},
            {"Sid": "OrgPath", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:DescribeImages",
             "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2*/*"}}},
            {"Sid": "AnyAccountsAdmin", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:ListImages",
             "Condition": {"StringLike": {"aws:PrincipalArn": "*:role/admin"}}},
            {"Sid": "ArnAccountPrefix", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:DescribeRepositories",
             "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::12*:role/ci"}}},
            {"Sid": "AnyUser", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:GetLifecyclePolicy",
             "Condition": {"StringLike": {"aws:userid": "AIDA*"}}},
            {"Sid": "AllValuesOrg", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:GetRepositoryPolicy",
             "Condition": {"ForAllValues:StringLike": {"aws:PrincipalOrgID": "o-a1*"}}},
            {"Sid": "OwnOrg", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:PrincipalArn": "*:role/admin"}}},
            {"Sid": "NamedRoleAnySession", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringLike": {"aws:userid": "AROAEXAMPLEROLEID:*"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["PUBLIC_ACCESS"], context: Self.owner)
    }

    func testNegatedPatternsAndDenyEscapesArePublic() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "NotTheseDigits", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringNotLike": {"aws:PrincipalAccount": ["*9*", "*5*", "*0*"]}}},
            {"Sid": "Open", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:DescribeImages"},
            {"Sid": "DenyUnlessOne", "Effect": "Deny", "Principal": "*", "Action": "ecr:DescribeImages",
             "Condition": {"StringNotLike": {"aws:PrincipalAccount": "1*"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["PUBLIC_ACCESS"], context: Self.owner)
    }

    func testWithoutTheOwnerOnlyConcreteValuesAreTrusted() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "Prefix", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringLike": {"aws:PrincipalAccount": "4444*"}}},
            {"Sid": "Named", "Effect": "Allow", "Principal": "*", "Action": "ecr:DescribeImages",
             "Condition": {"StringEquals": {"aws:PrincipalAccount": «EXTERNAL_ACCESS»"444455556666"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["PUBLIC_ACCESS", "EXTERNAL_ACCESS"])
        XCTAssertTrue(findings.contains { $0.code == "EXTERNAL_ACCESS" && $0.message.hasPrefix("Account 444455556666 can call ecr:DescribeImages") },
                      findings.map(\.message).joined(separator: "\n"))
    }

    func testServiceOnlyConditionsAreNotPublicButNeedASourceAccount() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "AnyService", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"Bool": {«RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL»"aws:PrincipalIsAWSService": "true"}}},
            {"Sid": "Lambda", "Effect": "Allow", "Principal": "*", "Action": "ecr:GetDownloadUrlForLayer",
             "Condition": {"StringEquals": {"aws:PrincipalServiceName": "lambda.amazonaws.com", "aws:SourceAccount": "111122223333"}}},
            {"Sid": "LambdaAnyAccount", "Effect": "Allow", "Principal": "*", "Action": "ecr:DescribeImages",
             "Condition": {"StringEquals": {«RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL»"aws:PrincipalServiceName": "lambda.amazonaws.com"}, "StringLike": {"aws:SourceAccount": "1*"}}},
            {"Sid": "NotAService", "Effect": "Allow", "Principal": «PUBLIC_ACCESS»"*", "Action": "ecr:ListImages",
             "Condition": {"Bool": {"aws:PrincipalIsAWSService": "false"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: ["PUBLIC_ACCESS", "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"], context: Self.owner)
        let any = findings.first { $0.code == "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL" }
        XCTAssertTrue(any?.remediation?.contains(#""aws:PrincipalIsAWSService": "true""#) ?? false, any?.remediation ?? "")
        XCTAssertTrue(any?.remediation?.contains(#""aws:SourceAccount": "111122223333""#) ?? false, any?.remediation ?? "")
    }
}
