import PolicyChecks
import PolicyCore
import XCTest

/// OpenIPRangeRule alone on marked fixtures; its message word for word.
final class OpenIPRangeRuleTests: XCTestCase {
    func testWholeAddressSpaceIsNoRestriction() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", «OPEN_IP_RANGE»"0.0.0.0/0"]}}},
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
             "Condition": {"IpAddress": {"aws:SourceIp": «OPEN_IP_RANGE»"::/0"}}}
          ]
        }
        """).assertRule(OpenIPRangeRule(),
                        message: "Statement 0 allows every principal, and its aws:SourceIp condition includes 0.0.0.0/0, the whole address space, so every caller passes it.")
    }

    func testOpenRangeBesideAnotherRestrictionIsQuiet() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
          "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}, "StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
        """).assertRule(OpenIPRangeRule())
    }
}
