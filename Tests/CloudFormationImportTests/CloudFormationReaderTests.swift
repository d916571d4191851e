@testable import CloudFormationImport
import Foundation
import PolicyCore
import RegistryAudit
import TestSupport
import XCTest

/// Reads the hand-written templates under `Fixtures/` (the shapes CloudFormation reads, kept valid
/// by `cfn-lint`, see `testFixturesAreValidTemplates`).
final class CloudFormationReaderTests: XCTestCase {
    static let account = "123456789012"
    static let options = CloudFormationOptions(account: account, region: "us-east-1", parameters: ["ReplicationSourceAccountId": "210987654321"])

    static func fixture(_ name: String) throws -> CloudFormationReader.Source {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent(name)
        return CloudFormationReader.Source(file: name, text: try String(contentsOf: url, encoding: .utf8))
    }

    static func read(_ name: String, _ options: CloudFormationOptions = options) throws -> CloudFormationImport {
        try CloudFormationReader.readWithSources(templates: [fixture(name)], options: options)
    }

    static func policy(_ result: CloudFormationImport, _ path: String) throws -> OrderedJSON {
        let text = try XCTUnwrap(result.policies[path]?.text, "no policy \(path); have \(result.policies.keys.sorted())")
        return OrderedJSON(try JSONParser.parse(text))
    }

    static func statements(_ policy: OrderedJSON) -> [OrderedJSON] {
        if case .array(let statements)? = policy["Statement"] { return statements }
        return []
    }

    func testYAMLRegistryIsReadWithEveryIntrinsic() throws {
        let result = try Self.read("ecr-registry.yaml")
        XCTAssertEqual(result.gaps, [])
        let registry = try XCTUnwrap(result.manifest.registry(account: Self.account, region: "us-east-1"))
        XCTAssertEqual(registry.repositories.map(\.name), ["ecr-registry/api", "ecr-registry-workerrepository-generated"])
        XCTAssertEqual(registry.location.description, "ecr-registry.yaml:36:3")

        // Unquoted `Version: 2012-10-17` stays the string; Fn::Sub with pseudo parameters and a parameter.
        let registryPolicy = try Self.policy(result, "registries/123456789012-us-east-1.json")
        XCTAssertEqual(registryPolicy["Version"], .string("2012-10-17"))
        let statement = try XCTUnwrap(Self.statements(registryPolicy).first)
        XCTAssertEqual(statement["Principal"]?["AWS"], .string("arn:aws:iam::210987654321:root"))
        XCTAssertEqual(statement["Resource"], .string("arn:aws:ecr:us-east-1:123456789012:repository/*"))
        XCTAssertEqual(result.policies["registries/123456789012-us-east-1.json"]?.origin, "Resources.RegistryPolicy.Properties.PolicyText")

        // Fn::FindInMap (dev), Fn::Select/Split/Join over a CommaDelimitedList (spaces trimmed),
        // Fn::If with a false-by-Not condition keeps the statement, Fn::GetAtt of an unnamed role.
        let api = try XCTUnwrap(registry.repository(named: "ecr-registry/api"))
        XCTAssertEqual(api.tagMutability, .mutable)
        XCTAssertFalse(api.scanOnPush)
        XCTAssertEqual(api.location.description, "ecr-registry.yaml:51:3")
        XCTAssertEqual(api.policy?.path, "repositories/123456789012/us-east-1/ecr-registry/api.json")
        let apiPolicy = try Self.policy(result, "repositories/123456789012/us-east-1/ecr-registry/api.json")
        guard case .array(let statements)? = apiPolicy["Statement"] else { return XCTFail("no statements") }
        XCTAssertEqual(statements.count, 2)
        XCTAssertEqual(statements[0]["Principal"]?["AWS"], .array([.string("111122223333"), .string("444455556666")]))
        XCTAssertEqual(statements[1]["Principal"]?["AWS"], .string("arn:aws:iam::123456789012:role/ecr-registry-DeveloperRole-GENERATED"))

        // Findings in the policy file can be pointed back at the template.
        let apiSource = try XCTUnwrap(result.policies["repositories/123456789012/us-east-1/ecr-registry/api.json"])
        XCTAssertEqual(apiSource.templateLocation(of: "Statement[1].Principal.AWS").description, "ecr-registry.yaml:73:22")
        XCTAssertEqual(apiSource.templateLocation(of: "Statement[1].Action[2]").description, "ecr-registry.yaml:77:19")
        XCTAssertEqual(apiSource.templateLocation(of: "Statement[1].Nothing[3]").description, "ecr-registry.yaml:70:15")

        // Fn::Sub list form over a JSON string policy: variables, pseudo parameters and `${!literal}`.
        let worker = try XCTUnwrap(registry.repositories.last)
        XCTAssertEqual(worker.encryption, .kms(key: "known after deployment (WorkerRepository.Properties.EncryptionConfiguration.KmsKey)"))
        let workerPolicy = try Self.policy(result, "repositories/123456789012/us-east-1/ecr-registry-workerrepository-generated.json")
        guard case .array(let workerStatements)? = workerPolicy["Statement"] else { return XCTFail("no statements") }
        XCTAssertEqual(workerStatements[0]["Condition"]?["StringLike"]?["aws:sourceArn"], .string("arn:aws:lambda:us-east-1:123456789012:function:dev-*"))
        // ... and point back into the literal block, where `${...}` is still written.
        let workerSource = try XCTUnwrap(result.policies["repositories/123456789012/us-east-1/ecr-registry-workerrepository-generated.json"])
        XCTAssertEqual(workerSource.templateLocation(of: "Statement[0].Condition.StringLike.aws:sourceArn").description, "ecr-registry.yaml:97:63")
        XCTAssertEqual(workerSource.templateLocation(of: "Statement[1].Sid").description, "ecr-registry.yaml:100:24")
        XCTAssertEqual(workerSource.templateLocation(of: "").description, "ecr-registry.yaml:87:29")
        XCTAssertEqual(workerStatements[1]["Condition"]?["StringNotEquals"]?["aws:ResourceTag/team"], .string("${aws:PrincipalTag/team}"))

        // A resource whose condition is false is not created; the pull through cache rule is read.
        XCTAssertEqual(registry.replication.count, 0)
        XCTAssertEqual(registry.pullThroughCache.map(\.upstreamRegistryUrl), ["registry-1.docker.io"])
        XCTAssertEqual(registry.pullThroughCache.first?.credentialArn,
                       "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub")

        // Roles: path in the ARN, inline policy and a managed policy of the template by `Ref` (its ARN).
        let build = try XCTUnwrap(result.manifest.principal(named: "123456789012/role/ecr-registry-BuildRole-GENERATED"))
        XCTAssertEqual(build.identity, "arn:aws:iam::123456789012:role/ci/ecr-registry-BuildRole-GENERATED")
        XCTAssertEqual(build.identityPolicies.map(\.path), [
            "identity/123456789012/role/ci/ecr-registry-BuildRole-GENERATED.inline.login.json",
            "identity/managed/123456789012/ecr-push.json",
        ])
        let push = try Self.policy(result, "identity/managed/123456789012/ecr-push.json")
        XCTAssertEqual(Self.statements(push).first?["Resource"],
                       OrderedJSON.array([.string("arn:aws:ecr:us-east-1:123456789012:repository/ecr-registry/api"),
                               .string("arn:aws:ecr:us-east-1:123456789012:repository/ecr-registry-workerrepository-generated")]))
        XCTAssertTrue(result.notes.contains { $0.contains("WorkerRepository has no explicit name") && $0.contains("'ecr-registry-workerrepository-generated'") })
    }

    func testProdParametersChangeConditionsAndMappings() throws {
        var options = Self.options
        options.parameters["Environment"] = "prod"
        options.stackName = "registry"
        let result = try Self.read("ecr-registry.yaml", options)
        XCTAssertEqual(result.gaps, [])
        let registry = try XCTUnwrap(result.manifest.registries.first)
        let api = try XCTUnwrap(registry.repository(named: "registry/api"))
        XCTAssertEqual(api.tagMutability, .immutable)
        XCTAssertTrue(api.scanOnPush)
        let apiPolicy = try Self.policy(result, "repositories/123456789012/us-east-1/registry/api.json")
        guard case .array(let statements)? = apiPolicy["Statement"] else { return XCTFail("no statements") }
        XCTAssertEqual(statements.count, 1, "Fn::If chose AWS::NoValue: the statement is left out")
        XCTAssertEqual(registry.replication.count, 1)
        XCTAssertEqual(registry.replication[0].destinations.map(\.label), ["123456789012/us-west-2"])
        XCTAssertEqual(registry.replication[0].filters.map(\.prefix), ["registry"])
        XCTAssertEqual(registry.replication[0].location.description, "ecr-registry.yaml:128:13")
    }

    func testRequiredParameterWithoutValueIsAGapNotAGuess() throws {
        let result = try Self.read("ecr-registry.yaml", CloudFormationOptions(account: Self.account, region: "us-east-1"))
        XCTAssertEqual(result.gaps.map(\.code), ["IAC_VALUE_UNKNOWN"])
        XCTAssertEqual(result.gaps.first?.subject, "Resources.RegistryPolicy.Properties.PolicyText")
        XCTAssertEqual(result.gaps.first?.location.description, "ecr-registry.yaml:45:20")
        XCTAssertEqual(result.gaps.first?.message, "parameter 'ReplicationSourceAccountId' has no value and no Default; pass --parameter ReplicationSourceAccountId=VALUE")
        XCTAssertNil(result.policies["registries/123456789012-us-east-1.json"])
        XCTAssertNil(result.manifest.registries.first?.registryPolicy)
    }

    func testJSONTemplateInTheShapeCDKSynthesizes() throws {
        var options = Self.options
        options.parameters = ["OrgId": "o-a1b2c3d4e5"]
        let result = try Self.read("cdk-synth.json", options)
        XCTAssertEqual(result.gaps, [])
        let registry = try XCTUnwrap(result.manifest.registries.first)
        XCTAssertEqual(registry.repositories.map(\.name), ["app", "cdk-synth-legacy"])
        XCTAssertEqual(registry.repositories[0].location.description, "cdk-synth.json:9:5")
        XCTAssertEqual(registry.repositories[0].tagMutability, .immutable)
        XCTAssertTrue(registry.repositories[0].scanOnPush)
        let app = try Self.policy(result, "repositories/123456789012/us-east-1/app.json")
        guard case .array(let statements)? = app["Statement"] else { return XCTFail("no statements") }
        XCTAssertEqual(statements[0]["Condition"]?["StringEquals"]?["aws:PrincipalOrgID"], .string("o-a1b2c3d4e5"))
        XCTAssertEqual(statements[1]["Principal"]?["AWS"], .string("arn:aws:iam::123456789012:root"))
        // A string RepositoryPolicyText is parsed and pretty-printed.
        let legacyText = try XCTUnwrap(result.policies["repositories/123456789012/us-east-1/cdk-synth-legacy.json"]?.text)
        XCTAssertTrue(legacyText.hasPrefix("{\n  \"Version\": \"2008-10-17\",\n"), legacyText)
        // A user gets its group's policies flattened, and an AWS::IAM::Policy naming it by Ref.
        let user = try XCTUnwrap(result.manifest.principal(named: "123456789012/user/deployer"))
        XCTAssertEqual(user.identity, "arn:aws:iam::123456789012:user/deployer")
        XCTAssertEqual(user.identityPolicies.map(\.path), [
            "identity/123456789012/user/deployer.inline.push-legacy.json",
            "identity/123456789012/group/deployers.inline.pull-app.json",
        ])
        let push = try Self.policy(result, "identity/123456789012/user/deployer.inline.push-legacy.json")
        XCTAssertEqual(Self.statements(push).first?["Resource"],
                       OrderedJSON.string("arn:aws:ecr:us-east-1:123456789012:repository/cdk-synth-legacy"))
        XCTAssertEqual(result.manifest.principals.count, 1, "groups are not principals")
    }

    func testValuesFromOutsideTheTemplateNeedImports() throws {
        let result = try Self.read("shared-values.yaml", CloudFormationOptions(account: Self.account, region: "us-east-1"))
        XCTAssertEqual(result.gaps.map(\.message), [
            "parameter 'CiAccountId' is read from SSM parameter '/org/accounts/ci' at deployment; pass --import ssm:/org/accounts/ci=VALUE",
            "parameter 'AuditorRoleName' has no value and no Default; pass --parameter AuditorRoleName=VALUE",
        ])
        XCTAssertEqual(result.gaps.map(\.location.description), ["shared-values.yaml:22:20", "shared-values.yaml:40:11"])

        let options = CloudFormationOptions(account: Self.account, region: "us-east-1", parameters: ["AuditorRoleName": "auditor"],
                                            imports: ["ssm:/org/accounts/ci": "333333333333"])
        let partial = try Self.read("shared-values.yaml", options)
        XCTAssertEqual(partial.gaps.map(\.message), [
            "Fn::ImportValue 'platform-PullRoleArn' is the output of another stack; pass --import platform-PullRoleArn=VALUE",
            "role 'auditor' is not defined in the template: only the policies the template attaches to it are known",
        ])
        XCTAssertEqual(partial.gaps.first?.location.description, "shared-values.yaml:27:20")

        var complete = options
        complete.imports["platform-PullRoleArn"] = "arn:aws:iam::444444444444:role/puller"
        complete.imports["ssm:/org/security/pull-role-arn"] = "arn:aws:iam::555555555555:role/security"
        let full = try Self.read("shared-values.yaml", complete)
        XCTAssertEqual(full.gaps.map(\.code), ["IAC_VALUE_UNKNOWN"], "the role defined elsewhere stays a gap")
        let policy = try Self.policy(full, "repositories/123456789012/us-east-1/shared/base.json")
        guard case .array(let statements)? = policy["Statement"] else { return XCTFail("no statements") }
        XCTAssertEqual(statements.map { $0["Principal"]?["AWS"] }, [
            .string("arn:aws:iam::333333333333:root"), .string("arn:aws:iam::444444444444:role/puller"), .string("arn:aws:iam::555555555555:role/security"),
        ])
        XCTAssertEqual(full.manifest.principal(named: "123456789012/role/auditor")?.identityPolicies.map(\.path),
                       ["identity/123456789012/role/auditor.inline.ecr-audit.json"])
    }

    func testTransformIsUnsupportedAndNamesTheProcessedTemplate() throws {
        let result = try Self.read("sam-function.yaml")
        XCTAssertEqual(result.gaps.count, 1)
        let gap = try XCTUnwrap(result.gaps.first)
        XCTAssertEqual(gap.code, "IAC_UNSUPPORTED")
        XCTAssertEqual(gap.location.description, "sam-function.yaml:2:1")
        XCTAssertTrue(gap.message.hasPrefix("Transform AWS::Serverless-2016-10-31 rewrites the template"), gap.message)
        XCTAssertTrue(gap.message.contains("aws cloudformation get-template --template-stage Processed"))
        XCTAssertTrue(gap.message.contains("sam build") && gap.message.contains("cdk synth"))
        XCTAssertTrue(result.manifest.principals.isEmpty)
        XCTAssertEqual(result.manifest.registries.map(\.repositories.count), [0], "only the stack's empty registry")
        XCTAssertEqual(result.manifest.registries.first?.location.description, "sam-function.yaml:1:1")
    }

    func testFixturesAreValidTemplates() throws {
        let cfnLint = try TestRequirements.executable("cfn-lint")
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 4)
        let result = try runProcess(URL(fileURLWithPath: cfnLint), names.map { dir.appendingPathComponent($0).path })
        // cfn-lint's status is a bit mask: 2 errors, 4 warnings (2008-10-17 is kept on purpose), 8 informational.
        XCTAssertEqual(result.status & 2, 0, result.stdout + result.stderr)
    }
}
