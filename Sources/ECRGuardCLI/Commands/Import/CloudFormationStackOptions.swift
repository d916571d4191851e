import ArgumentParser
import CloudFormationImport
import Foundation

/// Where a CloudFormation stack is deployed: `--account`, `--region` and `--organization` of
/// `import cloudformation` (`audit` shares its own between its inputs: `IaCLocationOptions`).
struct CloudFormationLocationOptions: ParsableArguments {
    @Option(help: "The account the stack is deployed in (AWS::AccountId).")
    var account: AccountArgument

    @Option(help: "The Region the stack is deployed in (AWS::Region; also gives AWS::Partition and AWS::URLSuffix).")
    var region: RegionArgument

    @Option(help: "The organization (o-...) the account belongs to: the registry's and principals' aws:PrincipalOrgID.")
    var organization: OrganizationArgument?
}

/// The values a CloudFormation stack is given at deployment, shared by `import cloudformation` and
/// `audit --cloudformation`.
struct CloudFormationStackOptions: ParsableArguments {
    @Option(name: .customLong("stack-name"), help: "AWS::StackName, also the prefix of names CloudFormation would generate (default: each template's file name without extension).")
    var stackName: String?

    @Option(name: .customLong("parameter"), help: ArgumentHelp("A template parameter's value, over its Default (repeatable).", valueName: "KEY=VALUE"))
    var parameters: [Assignment] = []

    @Option(name: .customLong("import"), help: ArgumentHelp("The value of an Fn::ImportValue export or of a dynamic reference such as ssm:/name (the text between '{{resolve:' and '}}'; repeatable).", valueName: "NAME=VALUE"))
    var imports: [Assignment] = []

    /// `NAME=VALUE`; the value may contain `=`.
    struct Assignment: ExpressibleByArgument {
        var name: String
        var value: String
        init?(argument: String) {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
            name = String(argument[..<equals])
            value = String(argument[argument.index(after: equals)...])
        }
    }

    /// The reader's options; `fallback` gives account and Region when they were not passed (the one
    /// registry of a manifest the templates are layered over).
    func readerOptions(account: String?, region: String?, fallback: (account: String, region: String)? = nil) throws -> CloudFormationOptions {
        guard let account = account ?? fallback?.account else {
            throw ValidationError("--account is required: the account the stack is deployed in (AWS::AccountId)")
        }
        guard let region = region ?? fallback?.region else {
            throw ValidationError("--region is required: the Region the stack is deployed in (AWS::Region)")
        }
        return CloudFormationOptions(account: account, region: region, stackName: stackName,
                                     parameters: Dictionary(parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                                     imports: Dictionary(imports.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }))
    }

    /// The templates' texts, by the paths the user named (locations name them).
    static func sources(_ paths: [String]) throws -> [CloudFormationReader.Source] {
        try paths.map { CloudFormationReader.Source(file: $0, text: try AuditCommand.readText($0)) }
    }
}
