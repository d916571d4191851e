import PolicyChecks
import PolicyCore
import XCTest

/// RegistryV1UnsupportedActionRule alone on marked fixtures; its message word for word.
final class RegistryV1UnsupportedActionRuleTests: XCTestCase {
    func testActionsV1DoesNotEnforceFire() {
        MarkedPolicy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
             "Action": ["ecr:ReplicateImage", «REGISTRY_POLICY_V1_UNSUPPORTED_ACTION»"ecr:BatchGetImage", «REGISTRY_POLICY_V1_UNSUPPORTED_ACTION»"ecr:*"],
             "Resource": "arn:aws:ecr:us-west-2:111122223333:repository/*"}
          ]
        }
        """).assertRule(RegistryV1UnsupportedActionRule(), kind: .registry, context: CheckContext(registryPolicyScope: .v1),
                        message: "Statement 0: ecr:BatchGetImage is not one of the actions registry policy scope V1 supports (ecr:ReplicateImage, ecr:BatchImportUpstreamImage, ecr:CreateRepository); ECR rejects the policy.")
    }

    func testV2ScopeIsQuiet() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "ecr:BatchGetImage", "Resource": "*"}]}
        """).assertRule(RegistryV1UnsupportedActionRule(), kind: .registry, context: CheckContext(registryPolicyScope: .v2))
    }
}
