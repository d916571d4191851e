import PolicyCore
import RegistryAudit
import TestSupport
import XCTest

/// The matrix evaluates one repository per group of alike repositories; every cell must still be
/// what the evaluator decides for that very repository.
final class AccessMatrixTests: XCTestCase {
    func testEveryCellAgreesWithTheFullDecision() throws {
        let shared = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}"#
        let open = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/deploy"}, "Action": "ecr:*"}]}"#
        let files = InMemoryFiles(files: [
            "shared.json": shared, "shared-copy.json": shared, "open.json": open,
            "alpha.json": #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/alpha/*"}]}"#,
            "not-beta.json": #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "NotResource": "arn:aws:ecr:*:123456789012:repository/beta*"}]}"#,
            "single.json": #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": ["*"]}, {"Effect": "Deny", "Action": "ecr:BatchGetImage", "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/alpha/a?"}]}"#,
        ])
        let manifest = """
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            repositories:
              - {name: alpha/a1, policy: shared.json}
              - {name: alpha/a2, policy: shared-copy.json}
              - {name: alpha/abc, policy: shared.json}
              - {name: beta/b1, policy: shared.json}
              - {name: beta/b2, policy: open.json}
              - {name: gamma, policy: open.json}
              - {name: delta}
          - account: "123456789012"
            region: us-west-2
            repositories:
              - {name: alpha/a1, policy: shared.json}
        principals:
          - {name: alpha-admin, arn: "arn:aws:iam::123456789012:role/alpha", identityPolicies: [alpha.json]}
          - {name: not-beta, arn: "arn:aws:iam::123456789012:user/nb", identityPolicies: [not-beta.json]}
          - {name: single, arn: "arn:aws:iam::123456789012:role/single", identityPolicies: [single.json]}
          - {name: partner, arn: "arn:aws:iam::111122223333:role/deploy", identityPolicies: [not-beta.json, single.json]}
          - {name: anonymous, arn: anonymous}
        """
        let input = try RegistryLoader.load(manifestText: manifest, manifestPath: "m.yaml", directory: ".", read: files.reader)
        let result = RegistryAuditor().audit(input)
        XCTAssertLessThan(result.matrix.classCount, result.model.repositories.count, "alike repositories should share a group")
        assertEveryCellAgreesWithTheFullDecision(result)
    }

    /// Repository policies that differ only in Sids, Id, formatting and statement order share a group;
    /// one more principal makes another group. Every cell still agrees with full evaluation.
    func testPoliciesThatDecideAlikeShareAGroupDespiteSidsAndFormatting() throws {
        let pull = #"{"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}"#
        let deny = #"{"Sid": "NoPush", "Effect": "Deny", "Principal": "*", "Action": "ecr:PutImage", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "123456789012"}}}"#
        let files = InMemoryFiles(files: [
            "a.json": #"{"Version": "2012-10-17", "Statement": [\#(pull), \#(deny)]}"#,
            "b.json": "{\n  \"Version\": \"2012-10-17\",\n  \"Id\": \"b\",\n  \"Statement\": [\n    "
                + deny.replacingOccurrences(of: "NoPush", with: "DenyPushFromOutside") + ",\n    "
                + pull.replacingOccurrences(of: "\"Pull\"", with: "\"PullForB\"") + "\n  ]\n}\n",
            "c.json": #"{"Version": "2012-10-17", "Statement": [\#(pull.replacingOccurrences(of: "111122223333:root", with: "444455556666:root")), \#(deny)]}"#,
        ])
        let manifest = """
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            repositories:
              - {name: app-a, policy: a.json}
              - {name: app-b, policy: b.json}
              - {name: app-c, policy: c.json}
        principals:
          - {name: partner, arn: "arn:aws:iam::111122223333:role/deploy", identityPolicies: [pull.json]}
          - {name: other, arn: "arn:aws:iam::444455556666:role/deploy", identityPolicies: [pull.json]}
          - {name: anonymous, arn: anonymous}
        """
        let identity = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:PutImage"], "Resource": "*"}]}"#
        var all = files.files
        all["pull.json"] = identity
        let input = try RegistryLoader.load(manifestText: manifest, manifestPath: "m.yaml", directory: ".", read: InMemoryFiles(files: all).reader)
        let result = RegistryAuditor().audit(input)
        XCTAssertEqual(result.matrix.classCount, 2, "a and b decide alike; c names another account")
        assertEveryCellAgreesWithTheFullDecision(result)
    }

    /// Repository policies that differ only in condition values: a value that equals no value any
    /// simulated principal's request carries (an organization or account of no principal) is set
    /// aside when grouping, one that a principal carries (in any case) is not. Generated policies
    /// over string and ARN operators, qualifiers, negation and IfExists; every cell must still agree
    /// with full evaluation.
    func testPoliciesDifferingOnlyInValuesNoPrincipalCarriesShareAGroup() throws {
        let operators = ["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
                         "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals", "ForAnyValue:StringEquals", "ForAllValues:StringEquals",
                         "StringEqualsIfExists", "StringNotEqualsIfExists", "ForAnyValue:StringLike"]
        let keys = ["aws:PrincipalOrgID": ["o-member00001", "O-MEMBER00001", "o-member00002", "o-stranger001", "o-stranger002", "o-*", "o-member0000?"],
                    "aws:PrincipalAccount": ["111122223333", "444455556666", "999988887777", "123412341234", "1111*"],
                    "aws:PrincipalArn": ["arn:aws:iam::111122223333:role/deploy", "ARN:AWS:IAM::111122223333:ROLE/DEPLOY",
                                         "arn:aws:iam::999988887777:role/deploy", "arn:aws:iam::*:role/deploy"],
                    "aws:PrincipalOrgPaths": ["o-member00001/r-ab12/ou-ab12-11111111/", "o-stranger001/r-zz99/", "o-member00001/*"],
                    "aws:SourceVpce": ["vpce-1a2b3c4d", "vpce-ffffffff"]]
        var random = SplitMix64(seed: 2026_12_04)
        var files: [String: String] = [:]
        var repositories: [String] = []
        // Each policy and its twin, in which every value that no principal carries is swapped for
        // another such value: the twin must share the policy's group.
        let twins = ["o-stranger001": "o-stranger002", "999988887777": "123412341234",
                     "arn:aws:iam::999988887777:role/deploy": "arn:aws:iam::123412341234:role/admin",
                     "o-stranger001/r-zz99/": "o-stranger002/r-yy88/", "vpce-ffffffff": "vpce-eeeeeeee"]
        for i in 0..<60 {
            let key = keys.keys.sorted()[Int(random.next() % UInt64(keys.count))]
            let values = keys[key]!
            let chosen = (0..<(1 + Int(random.next() % 2))).map { _ in values[Int(random.next() % UInt64(values.count))] }
            let op = operators[Int(random.next() % UInt64(operators.count))]
            let effect = random.next() % 4 == 0 ? "Deny" : "Allow"
            for (suffix, list) in [("a", chosen), ("b", chosen.map { twins[$0] ?? $0 })] {
                let values = list.map { "\"\($0)\"" }.joined(separator: ", ")
                files["r\(i)\(suffix).json"] = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}, {"Effect": ""# + effect
                    + #"", "Principal": "*", "Action": "ecr:*", "Condition": {""# + op + #"": {""# + key + #"": ["# + values + "]}}}]}"
                repositories.append("      - {name: repo-\(i)\(suffix), policy: r\(i)\(suffix).json}")
            }
        }
        files["pull.json"] = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}"#
        let manifest = """
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            organization: {id: o-member00001, ouPath: o-member00001/r-ab12/ou-ab12-11111111/}
            repositories:
        \(repositories.joined(separator: "\n"))
        principals:
          - {name: member, arn: "arn:aws:iam::111122223333:role/deploy", identityPolicies: [pull.json], organization: {id: o-member00001, ouPath: o-member00001/r-ab12/ou-ab12-11111111/}}
          - {name: other-org, arn: "arn:aws:iam::444455556666:role/deploy", identityPolicies: [pull.json], organization: {id: o-member00002}}
          - {name: loner, arn: "arn:aws:iam::555566667777:user/loner", identityPolicies: [pull.json], context: {aws:SourceVpce: vpce-1a2b3c4d}}
          - {name: owner, arn: "arn:aws:iam::123456789012:role/ci", identityPolicies: [pull.json]}
          - {name: anonymous, arn: anonymous}
        """
        let input = try RegistryLoader.load(manifestText: manifest, manifestPath: "m.yaml", directory: ".", read: InMemoryFiles(files: files).reader)
        let result = RegistryAuditor().audit(input)
        XCTAssertLessThanOrEqual(result.matrix.classCount, 60, "a policy and its twin must share a group")
        assertEveryCellAgreesWithTheFullDecision(result)
    }

    func assertEveryCellAgreesWithTheFullDecision(_ result: RegistryAuditResult, file: StaticString = #filePath, line: UInt = #line) {
        var allowed = 0
        for p in result.matrix.principals.indices {
            for r in result.model.repositories.indices {
                for capability in result.matrix.capabilities {
                    let full = result.model.explain(principal: p, repository: r, capability: capability).isAllowed
                    if full { allowed += 1 }
                    XCTAssertEqual(result.matrix.isAllowed(principal: p, repository: r, capability: capability), full,
                                   "\(result.matrix.principals[p]) \(capability) \(result.model.repositories[r].label)")
                }
            }
        }
        XCTAssertGreaterThan(allowed, 0, file: file, line: line)
        XCTAssertEqual(allowed, result.matrix.allowedCount, file: file, line: line)
    }
}
