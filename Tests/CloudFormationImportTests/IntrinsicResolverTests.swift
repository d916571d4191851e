@testable import CloudFormationImport
import PolicyCore
import RegistryAudit
import XCTest

/// Each intrinsic function and YAML trap on a small inline template.
final class IntrinsicResolverTests: XCTestCase {
    let options = CloudFormationOptions(account: "123456789012", region: "eu-west-1", stackName: "s",
                                        parameters: ["Given": "from-cli"], imports: ["shared-Name": "imported", "ssm:/p": "from-ssm"])

    /// The resolved value of `Resources.R.Properties.Value` in `yaml` (resources and sections around it).
    func resolve(_ body: String, sections: String = "", file: String = "t.yaml", options: CloudFormationOptions? = nil) throws -> TemplateValue? {
        let text = sections + "\nResources:\n  R:\n    Type: Custom::Thing\n    Properties:\n      Value: " + body + "\n" + Self.others
        let template = try Template(root: try TemplateParser.parse(text, file: file), file: file, stackName: "s")
        let resolver = IntrinsicResolver(template: template, options: options ?? self.options)
        return try resolver.resolve(try XCTUnwrap(template.resource("R")?.property("Value")))
    }

    static let others = """
      Repo:
        Type: AWS::ECR::Repository
      NamedRole:
        Type: AWS::IAM::Role
        Properties:
          RoleName: deployer
          Path: /team/
      Managed:
        Type: AWS::IAM::ManagedPolicy
        Properties:
          PolicyDocument: {}
      Key:
        Type: AWS::KMS::Key
    """

    func text(_ body: String, sections: String = "") throws -> String? {
        try resolve(body, sections: sections)?.scalarText
    }

    func unresolved(_ body: String, sections: String = "") throws -> UnresolvedValue {
        do {
            let value = try resolve(body, sections: sections)
            XCTFail("resolved to \(String(describing: value?.json.rendered(.compact)))")
        } catch let error as UnresolvedValue {
            return error
        }
        throw XCTSkip("unreachable")
    }

    func testRefAndPseudoParameters() throws {
        XCTAssertEqual(try text("!Ref AWS::AccountId"), "123456789012")
        XCTAssertEqual(try text("!Ref AWS::Region"), "eu-west-1")
        XCTAssertEqual(try text("!Ref AWS::Partition"), "aws")
        XCTAssertEqual(try text("!Ref AWS::URLSuffix"), "amazonaws.com")
        XCTAssertEqual(try text("!Ref AWS::StackName"), "s")
        XCTAssertEqual(try text("{Ref: Given}", sections: "Parameters:\n  Given: {Type: String, Default: default}"), "from-cli")
        XCTAssertEqual(try text("!Ref D", sections: "Parameters:\n  D: {Type: String, Default: default}"), "default")
        XCTAssertNil(try resolve("!Ref AWS::NoValue"))
        XCTAssertEqual(try text("!Ref Repo"), "s-repo-generated")
        XCTAssertEqual(try text("!Ref NamedRole"), "deployer")
        XCTAssertEqual(try text("!Ref Managed"), "arn:aws:iam::123456789012:policy/s-Managed-GENERATED")
        XCTAssertEqual(try unresolved("!Ref Key").message, "Ref Key (AWS::KMS::Key) is known only after deployment")
        XCTAssertEqual(try unresolved("!Ref Nothing").message, "Ref names 'Nothing', which is neither a parameter nor a resource of the template")
        XCTAssertEqual(try unresolved("!Ref AWS::NotificationARNs").message, "AWS::NotificationARNs is known only at deployment")
        let cn = CloudFormationOptions(account: "123456789012", region: "cn-north-1")
        XCTAssertEqual(try resolve("!Sub '${AWS::Partition} ${AWS::URLSuffix}'", options: cn)?.scalarText, "aws-cn amazonaws.com.cn")
    }

    func testGetAttBothForms() throws {
        XCTAssertEqual(try text("!GetAtt NamedRole.Arn"), "arn:aws:iam::123456789012:role/team/deployer")
        XCTAssertEqual(try text("{'Fn::GetAtt': [Repo, Arn]}"), "arn:aws:ecr:eu-west-1:123456789012:repository/s-repo-generated")
        XCTAssertEqual(try text("!GetAtt [Repo, !Ref Attr]", sections: "Parameters:\n  Attr: {Type: String, Default: RepositoryUri}"),
                       "123456789012.dkr.ecr.eu-west-1.amazonaws.com/s-repo-generated")
        XCTAssertEqual(try text("!GetAtt Managed.PolicyArn"), "arn:aws:iam::123456789012:policy/s-Managed-GENERATED")
        XCTAssertEqual(try unresolved("!GetAtt NamedRole.RoleId").message, "Fn::GetAtt NamedRole.RoleId (AWS::IAM::Role) is known only after deployment")
    }

    func testSubBothFormsAndLiterals() throws {
        XCTAssertEqual(try text("!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${NamedRole}'"), "arn:aws:iam::123456789012:role/deployer")
        XCTAssertEqual(try text("!Sub '${NamedRole.Arn}'"), "arn:aws:iam::123456789012:role/team/deployer")
        XCTAssertEqual(try text("!Sub ['${A}-${B}-${!Literal}', {A: !Ref AWS::Region, B: x}]"), "eu-west-1-x-${Literal}")
        XCTAssertEqual(try text("{'Fn::Sub': 'no variables'}"), "no variables")
        XCTAssertEqual(try unresolved("!Sub '${Key.Arn}'").message, "Fn::GetAtt Key.Arn (AWS::KMS::Key) is known only after deployment")
    }

    func testJoinSelectSplit() throws {
        XCTAssertEqual(try text("!Join [':', [a, !Ref AWS::Region, 3]]"), "a:eu-west-1:3")
        XCTAssertEqual(try text("!Join ['', [a, !Ref AWS::NoValue, b]]"), "ab")
        XCTAssertEqual(try text("!Select [1, !Split [',', 'x,y,z']]"), "y")
        XCTAssertEqual(try text("!Select ['2', [a, b, c]]"), "c")
        XCTAssertEqual(try text("!Select [0, !Ref L]", sections: "Parameters:\n  L: {Type: 'List<String>', Default: ' p , q'}"), "p")
        XCTAssertEqual(try unresolved("!Select [3, [a, b]]").message, "Fn::Select index 3 is outside the list of 2 values")
    }

    func testIfAndConditions() throws {
        let sections = """
        Parameters:
          Env: {Type: String, Default: prod}
        Conditions:
          Prod: !Equals [!Ref Env, prod]
          Dev: !Not [!Condition Prod]
          Both: !And [!Condition Prod, !Equals [a, a]]
          Either: !Or [!Condition Dev, !Equals [!Ref AWS::Region, eu-west-1]]
          Loop: !Not [!Condition Loop]
        """
        XCTAssertEqual(try text("!If [Prod, yes, no]", sections: sections), "yes")
        XCTAssertEqual(try text("!If [Dev, yes, no]", sections: sections), "no")
        XCTAssertEqual(try text("!If [Both, yes, no]", sections: sections), "yes")
        XCTAssertEqual(try text("!If [Either, yes, no]", sections: sections), "yes")
        XCTAssertNil(try resolve("!If [Dev, yes, !Ref AWS::NoValue]", sections: sections))
        XCTAssertEqual(try resolve("[a, !If [Dev, b, !Ref AWS::NoValue], c]", sections: sections)?.json, .array([.string("a"), .string("c")]))
        XCTAssertEqual(try resolve("{A: 1, B: !If [Prod, !Ref AWS::NoValue, 2]}", sections: sections)?.json, .object([("A", .number("1"))]))
        XCTAssertEqual(try unresolved("!If [Loop, a, b]", sections: sections).message, "condition 'Loop' depends on itself")
        XCTAssertEqual(try unresolved("!If [Missing, a, b]", sections: sections).message, "condition 'Missing' is not defined in 'Conditions'")
    }

    func testFindInMap() throws {
        let sections = """
        Mappings:
          Accounts:
            eu-west-1: {Dr: "098765432109"}
        """
        XCTAssertEqual(try text("!FindInMap [Accounts, !Ref AWS::Region, Dr]", sections: sections), "098765432109")
        XCTAssertEqual(try unresolved("!FindInMap [Accounts, us-east-1, Dr]", sections: sections).message, "mapping 'Accounts' has no key 'us-east-1'")
        XCTAssertEqual(try unresolved("!FindInMap [Nope, a, b]", sections: sections).message, "Fn::FindInMap names mapping 'Nope', which 'Mappings' does not define")
    }

    func testImportsAndDynamicReferences() throws {
        XCTAssertEqual(try text("!ImportValue shared-Name"), "imported")
        XCTAssertEqual(try text("!ImportValue {'Fn::Sub': 'shared-${Suffix}'}", sections: "Parameters:\n  Suffix: {Type: String, Default: Name}"), "imported")
        XCTAssertEqual(try text("'{{resolve:ssm:/p}}-x'"), "from-ssm-x")
        XCTAssertEqual(try text("!Sub 'a-{{resolve:ssm:/p}}'"), "a-from-ssm")
        let missing = try unresolved("!ImportValue other")
        XCTAssertEqual(missing.message, "Fn::ImportValue 'other' is the output of another stack; pass --import other=VALUE")
        XCTAssertEqual(missing.location.description, "t.yaml:6:14")
        XCTAssertEqual(try unresolved("'{{resolve:secretsmanager:db:SecretString:password}}'").message,
                       "the dynamic reference {{resolve:secretsmanager:db:SecretString:password}} is read at deployment; pass --import secretsmanager:db:SecretString:password=VALUE")
        XCTAssertEqual(try unresolved("!GetAZs ''").message, "Fn::GetAZs is not evaluated by ecrguard; the value is known only at deployment")
    }

    func testYAMLScalarsAreReadAsWritten() throws {
        XCTAssertEqual(try resolve("{Version: 2012-10-17, Account: 012345678901, Count: 10, On: true, Off: no, Octal: 0o17, Float: 1.5}")?.json.rendered(.compact),
                       #"{"Version":"2012-10-17","Account":"012345678901","Count":10,"On":true,"Off":"no","Octal":"0o17","Float":"1.5"}"#)
        XCTAssertEqual(try resolve("\"true\"")?.json, .string("true"))
    }

    func testTemplateSyntaxErrorsHavePositions() {
        XCTAssertThrowsError(try TemplateParser.parse("Resources:\n  R: !Unknown x\n", file: "t.yaml")) { error in
            XCTAssertEqual((error as? TemplateSyntaxError)?.description, "t.yaml:2:6: unknown YAML tag '!Unknown'")
        }
        XCTAssertThrowsError(try TemplateParser.parse("{\"Resources\": {,}}", file: "t.json")) { error in
            XCTAssertEqual((error as? TemplateSyntaxError)?.location.description, "t.json:1:16")
        }
    }
}
