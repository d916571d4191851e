/// The form of `Resource`/`NotResource` entries: `"*"` or an ARN with all six fields, a known
/// partition and a valid account; ECR ARNs name a repository in a region.
///
/// Wildcards and policy variables are allowed anywhere in a resource ARN, so fields holding them
/// are not checked further. Variables themselves are checked by `PolicyVariableRule`.
public struct ResourceARNRule: ValidationRule {
    public init() {}

    static let partitions: Set<String> = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        for statement in context.document.statements {
            guard let resource = statement.resource else { continue }
            for pattern in resource.patterns {
                check(pattern, into: &reporter)
            }
        }
    }

    func check(_ pattern: Located<String>, into reporter: inout FindingReporter) {
        let text = pattern.value
        if text == "*" { return }
        guard text.hasPrefix("arn:") else {
            if text.hasPrefix("${") { return }  // a whole-ARN variable, checked elsewhere
            reporter.report(.invalidARNPrefix, at: pattern.span, "'\(text)' is not an ARN: a resource must be \"*\" or start with arn:",
                            remediation: "\"arn:aws:ecr:us-east-1:123456789012:repository/\(text)\"")
            return
        }
        let fields = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6 else {
            reporter.report(.missingARNField, at: pattern.span,
                            "'\(text)' has \(fields.count) of the 6 ARN fields (arn:partition:service:region:account-id:resource)")
            return
        }
        let partition = String(fields[1]), service = String(fields[2]), region = String(fields[3]), account = String(fields[4])
        if !isDynamic(partition) && !Self.partitions.contains(partition) {
            reporter.report(.invalidPartition, at: pattern.span, "'\(partition)' is not an AWS partition (aws, aws-cn, aws-us-gov, ...)")
        }
        if fields[5].isEmpty {
            reporter.report(.missingARNField, at: pattern.span, "the resource field of '\(text)' is empty")
        }
        if service.isEmpty {
            reporter.report(.missingARNField, at: pattern.span, "the service field of '\(text)' is empty")
        } else if !isDynamic(service) && !service.utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) {
            reporter.report(.invalidService, at: pattern.span, "'\(service)' is not a service name")
        }
        if !account.isEmpty && !isDynamic(account) && !ARN.isAccountID(account) && account != "aws" {
            reporter.report(.invalidARNAccount, at: pattern.span, "the account field '\(account)' of '\(text)' must be a 12-digit account id")
        }
        if service.lowercased() == "ecr" {
            let resource = fields[5]
            if region.isEmpty {
                reporter.report(.missingARNRegion, at: pattern.span, "an ECR ARN needs a region ('\(text)')")
            }
            if account.isEmpty {
                reporter.report(.missingARNAccount, at: pattern.span, "an ECR ARN needs an account id ('\(text)')")
            }
            if !isDynamic(String(resource)) && !resource.hasPrefix("repository/") {
                reporter.report(.invalidARNResource, at: pattern.span,
                                "ECR resources are repositories: the resource part must be repository/NAME, not '\(resource)'")
            }
        }
    }

    /// A field holding a wildcard or a policy variable can stand for anything.
    func isDynamic(_ field: String) -> Bool {
        field.hasWildcard || field.hasVariableMarker
    }
}
