import Foundation
import PolicyChecks
import PolicyCore
import XCTest

/// Every suggested fix, applied to the policy it was suggested for, passes the default gate: no
/// finding at or above the default fail level, no error, and the finding it fixes is gone.
final class RemediationRoundTripTests: XCTestCase {
    static let owner = CheckContext(accountID: "111122223333", organizationID: "o-a1b2c3d4e5", repositoryName: "employee-api")

    struct Fixture {
        var code: String
        var kind: PolicyKind = .repository
        var statements: String
        var context: CheckContext = RemediationRoundTripTests.owner
    }

    static let fixtures: [Fixture] = [
        Fixture(code: "PUBLIC_ACCESS", statements: #"{"Sid": "Everything", "Effect": "Allow", "Principal": "*", "Action": "ecr:*"}"#),
        Fixture(code: "PUBLIC_ACCESS", statements: #"{"Sid": "PushPull", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability"], "Condition": {"StringLike": {"aws:PrincipalAccount": "1*"}, "Bool": {"aws:SecureTransport": "true"}}}"#),
        Fixture(code: "PUBLIC_ACCESS", statements: #"{"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-a*"}}}"#),
        Fixture(code: "PUBLIC_ACCESS", statements: #"{"Sid": "AllButCI", "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "ecr:SetRepositoryPolicy"}"#),
        Fixture(code: "PUBLIC_ACCESS", statements: #"{"Sid": "Everything", "Effect": "Allow", "Principal": "*", "Action": "ecr:*"}"#, context: CheckContext()),
        Fixture(code: "PUBLIC_ACCESS", kind: .registry, statements: #"{"Sid": "Replicate", "Effect": "Allow", "Principal": "*", "Action": ["ecr:ReplicateImage", "ecr:CreateRepository"], "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/*"}"#,
                context: CheckContext(accountID: "111122223333", organizationID: "o-a1b2c3d4e5", registryPolicyScope: .v1)),
        Fixture(code: "OVERBROAD_WRITE_ACCESS", statements: #"{"Sid": "OrgPush", "Effect": "Allow", "Principal": "*", "Action": ["ecr:PutImage", "ecr:BatchGetImage"], "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#),
        Fixture(code: "OVERBROAD_WRITE_ACCESS", statements: #"{"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]}"#),
        Fixture(code: "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", statements: #"{"Sid": "Build", "Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": ["ecr:BatchGetImage", "ecr:PutImage"], "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#),
        Fixture(code: "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", statements: #"{"Sid": "AnyService", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Condition": {"Bool": {"aws:PrincipalIsAWSService": "true"}, "StringLike": {"aws:SourceAccount": "1*"}}}"#),
        Fixture(code: "REGISTRY_WIDE_EXPOSURE", kind: .registry, statements: #"{"Sid": "Own", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": ["ecr:PutImage", "ecr:BatchGetImage"], "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/*"}"#),
        Fixture(code: "WILDCARD_WITH_NON_LIKE_OPERATOR", statements: #"{"Sid": "CI", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci-*"}}}"#),
        Fixture(code: "WILDCARD_WITH_NON_LIKE_OPERATOR", statements: #"{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5*"}}}"#),
        Fixture(code: "FOR_ALL_VALUES_WITH_SINGLE_VALUED_KEY", statements: #"{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#),
        Fixture(code: "IF_EXISTS_DOES_NOT_RESTRICT", statements: #"{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Condition": {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#),
        Fixture(code: "ALLOW_WITH_NOT_PRINCIPAL", statements: #"{"Sid": "AllButCI", "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "ecr:BatchGetImage"}"#),
        Fixture(code: "LOCKOUT_RISK", statements: #"{"Sid": "Allow", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "ecr:BatchGetImage"}, {"Sid": "DenyAll", "Effect": "Deny", "Principal": "*", "Action": "ecr:*"}"#),
        Fixture(code: "REDUNDANT_ACTION", statements: #"{"Sid": "CI", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": ["ecr:*", "ecr:BatchGetImage"]}"#),
        Fixture(code: "REGISTRY_POLICY_V1_UNSUPPORTED_ACTION", kind: .registry, statements: #"{"Sid": "Replicate", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:ReplicateImage", "ecr:Replicate*"], "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/*"}"#,
                context: CheckContext(accountID: "111122223333", registryPolicyScope: .v1)),
    ]

    func testEverySuggestedFixPassesTheGate() throws {
        var rulesWithFixes = Set<String>()
        for fixture in Self.fixtures {
            let text = #"{"Version": "2012-10-17", "Statement": ["# + fixture.statements + "]}"
            let findings = PolicyChecker().check(text, kind: fixture.kind, file: "policy.json", context: fixture.context)
            let target = findings.filter { $0.code == fixture.code }
            XCTAssertFalse(target.isEmpty, "\(fixture.code) not reported for\n\(text)\n" + findings.map { "\($0.code) \($0.message)" }.joined(separator: "\n"))
            for finding in target {
                // The policy core's findings name their statement by path only.
                guard let index = finding.statementIndex ?? Int(finding.path.dropFirst("Statement[".count).prefix(while: \.isNumber)),
                      let remediation = finding.remediation, let colon = remediation.range(of: ":\n") else { continue }
                rulesWithFixes.insert(fixture.code)
                let fixed = try Self.apply(String(remediation[colon.upperBound...]), toStatement: index, of: text)
                let after = PolicyChecker().check(fixed, kind: fixture.kind, file: "policy.json", context: fixture.context)
                let gate = Gate().evaluate(after, checkedFiles: ["policy.json"], today: CalendarDate(year: 2026, month: 12, day: 4))
                let report = "\(fixture.code) fix:\n\(remediation)\npolicy after the fix:\n\(fixed)\nfindings:\n" + after.map { "\($0.severity) \($0.code) \($0.message)" }.joined(separator: "\n")
                XCTAssertFalse(gate.failed, report)
                XCTAssertFalse(after.contains { $0.category == .error }, report)
                XCTAssertFalse(after.contains { $0.code == fixture.code && $0.statementIndex == index }, report)
            }
        }
        XCTAssertEqual(rulesWithFixes, Set(Self.fixtures.map(\.code)), "a fixture's rule suggested no fix")
    }

    /// A service principal still gets its access through the fixed statement (with its source account).
    func testServicePrincipalFixKeepsTheServicesAccess() throws {
        for statements in [Self.fixtures[8].statements, Self.fixtures[9].statements] {
            let text = #"{"Version": "2012-10-17", "Statement": ["# + statements + "]}"
            let finding = try XCTUnwrap(PolicyChecker().check(text, kind: .repository, file: "p.json", context: Self.owner)
                .first { $0.code == "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL" })
            let remediation = try XCTUnwrap(finding.remediation)
            let fixed = try Self.apply(String(remediation[remediation.range(of: ":\n")!.upperBound...]), toStatement: 0, of: text)
            let document = try XCTUnwrap(PolicyParser.parse(fixed, kind: .repository, file: "p.json").document)
            let request = AccessRequest(principal: .service("codebuild.amazonaws.com"), action: "ecr:BatchGetImage",
                                        resource: "arn:aws:ecr:us-east-1:111122223333:repository/employee-api", resourceAccount: "111122223333",
                                        context: RequestContext(["aws:SourceAccount": .single("111122223333"), "aws:SecureTransport": .single("true")]))
            XCTAssertTrue(Evaluator().evaluate(request, PolicySet(resource: CompiledPolicy(document, name: "p", kind: .repository))).isAllowed, fixed)
        }
    }

    /// Applies a suggested snippet: a whole statement replaces the statement; `"Action": ...`
    /// replaces its Action; `{"Operator": {"key": ...}}` replaces the clause on that key.
    static func apply(_ snippet: String, toStatement index: Int, of policy: String) throws -> String {
        var document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any])
        var statements = try XCTUnwrap(document["Statement"] as? [[String: Any]])
        let trimmed = snippet.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("\"Action\":") {
            let value = try JSONSerialization.jsonObject(with: Data(("{" + trimmed + "}").utf8)) as? [String: Any]
            statements[index]["Action"] = value?["Action"]
        } else {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any])
            if object["Effect"] != nil {
                statements[index] = object
            } else {
                var condition = statements[index]["Condition"] as? [String: [String: Any]] ?? [:]
                for (op, members) in object {
                    for (key, value) in try XCTUnwrap(members as? [String: Any]) {
                        for existing in condition.keys { condition[existing]?[key] = nil }
                        condition[op, default: [:]][key] = value
                    }
                }
                statements[index]["Condition"] = condition.filter { !$0.value.isEmpty }
            }
        }
        document["Statement"] = statements
        return String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), as: UTF8.self)
    }
}
