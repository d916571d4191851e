import PolicyChecks
import PolicyCore
import XCTest

final class RegistryRuleTests: XCTestCase {
    static let replication = """
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "Replicate", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
         "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": "arn:aws:ecr:us-west-2:111122223333:repository/*"}
      ]
    }
    """

    func testRegistryWideExposureUnderV2() {
        let findings = MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "PullEverything", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
             "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": «REGISTRY_WIDE_EXPOSURE»"arn:aws:ecr:us-west-2:111122223333:repository/*"},
            {"Sid": "PushProd", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
             "Action": "ecr:PutImage", "Resource": "arn:aws:ecr:us-west-2:111122223333:repository/prod-*"},
            {"Sid": "Replicate", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
             "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": "arn:aws:ecr:us-west-2:111122223333:repository/*"},
            {"Sid": "PushAll", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
             "Action": "ecr:*", "Resource": «REGISTRY_WIDE_EXPOSURE»"*"}
          ]
        }
        """).assertFindings(kind: .registry, codes: ["REGISTRY_WIDE_EXPOSURE"], context: CheckContext(registryPolicyScope: .v2))
        let severities = findings.filter { $0.code == "REGISTRY_WIDE_EXPOSURE" }.map(\.severity)
        XCTAssertEqual(severities, [.medium, .high], "read-only exposure is medium, write exposure high")
    }

    func testReplicationPolicyHasNoRegistryFinding() {
        for scope in [RegistryPolicyScope.v1, .v2] {
            let findings = PolicyChecker().check(Self.replication, kind: .registry, file: "r.json", context: CheckContext(registryPolicyScope: scope))
            XCTAssertEqual(findings.filter { $0.category != .suggestion }.map(\.code), ["EXTERNAL_ACCESS"], "\(scope)")
            let external = findings.first { $0.code == "EXTERNAL_ACCESS" }
            XCTAssertEqual(external?.severity, .info)
            XCTAssertTrue(external?.message.contains("can replicate images") ?? false, external?.message ?? "")
        }
    }
}
