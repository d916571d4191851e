/// What the template itself cannot say: where the stack is deployed and the values given at
/// deployment. Nothing here is guessed by the reader; a value it needs and cannot find is a gap.
public struct CloudFormationOptions: Sendable {
    /// The 12-digit account the stack is deployed in (`AWS::AccountId`).
    public var account: String
    /// The region the stack is deployed in (`AWS::Region`).
    public var region: String
    /// `AWS::StackName`; nil: each template's file name without its extension.
    public var stackName: String?
    /// `--parameter KEY=VALUE`: parameter values, over each parameter's `Default`.
    public var parameters: [String: String]
    /// The organization (`o-...`) the account belongs to, when known: the registry's and principals'
    /// `aws:PrincipalOrgID`.
    public var organization: String?
    /// `--import NAME=VALUE`: values of `Fn::ImportValue` exports (by export name) and of dynamic
    /// references (by the text between `{{resolve:` and `}}`, e.g. `ssm:/ecr/account`).
    public var imports: [String: String]

    public init(account: String, region: String, stackName: String? = nil, parameters: [String: String] = [:], imports: [String: String] = [:],
                organization: String? = nil) {
        self.organization = organization
        self.account = account
        self.region = region
        self.stackName = stackName
        self.parameters = parameters
        self.imports = imports
    }

    /// `aws`, `aws-cn` or `aws-us-gov`, from the region.
    public var partition: String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    /// `AWS::URLSuffix`.
    public var urlSuffix: String { partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com" }
}
