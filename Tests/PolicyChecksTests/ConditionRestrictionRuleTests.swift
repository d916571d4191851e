import PolicyChecks
import PolicyCore
import XCTest

/// Conditions that look like they restrict a broad Allow but do not.
final class ConditionRestrictionRuleTests: XCTestCase {
    static let codes: Set<String> = ["NEGATED_CONDITION_DOES_NOT_RESTRICT", "IF_EXISTS_DOES_NOT_RESTRICT", "WILDCARD_CONDITION_VALUE",
                                     "OPEN_IP_RANGE", "CALLER_CONTROLLED_CONDITION_KEY"]

    func testNegatedCondition() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {«NEGATED_CONDITION_DOES_NOT_RESTRICT»"StringNotEquals": {"aws:PrincipalAccount": "444455556666"}}},
            {"Effect": "Deny", "Principal": "*", "Action": "ecr:*",
             "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: Self.codes)
    }

    func testIfExists() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "ecr:BatchGetImage",
            "Condition": {«IF_EXISTS_DOES_NOT_RESTRICT»"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]
        }
        """).assertFindings(kind: .repository, codes: Self.codes)
    }

    func testWildcardValues() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringLike": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5", «WILDCARD_CONDITION_VALUE»"o-*"]}}},
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"ArnLike": {"aws:PrincipalArn": «WILDCARD_CONDITION_VALUE»"arn:aws:iam::*:role/deploy"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-*"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: Self.codes)
    }

    func testOpenIPRange() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", «OPEN_IP_RANGE»"0.0.0.0/0"]}}},
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"IpAddress": {"aws:SourceIp": «OPEN_IP_RANGE»"::/0"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}, "StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: Self.codes)
    }

    func testCallerControlledKeys() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"StringEquals": {«CALLER_CONTROLLED_CONDITION_KEY»"aws:PrincipalTag/team": "platform", «CALLER_CONTROLLED_CONDITION_KEY»"aws:username": "deploy"}}},
            {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
             "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}}
          ]
        }
        """).assertFindings(kind: .repository, codes: Self.codes)
    }

    func testOrganizationRestrictedPullHasNoFinding() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [{"Sid": "OrgPull", "Effect": "Allow", "Principal": "*",
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "StringNotEquals": {"aws:PrincipalTag/tier": "sandbox"}}}]
        }
        """).assertFindings(kind: .repository, codes: Self.codes)
    }
}
