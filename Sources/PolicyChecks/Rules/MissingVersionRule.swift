import PolicyCore

/// No `Version`: IAM falls back to 2008-10-17, where policy variables are plain text.
public struct MissingVersionRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "MISSING_VERSION", severity: .low, category: .warning,
        title: "Policy has no Version",
        help: "Without a Version element IAM reads the policy as Version 2008-10-17, in which policy variables such as ${aws:username} are literal text. Add \"Version\": \"2012-10-17\".")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        guard input.document.version == nil else { return [] }
        return [input.finding(Self.descriptor, at: SourceSpan(at: input.document.span.start),
            message: "The policy has no Version element, so IAM reads it as Version 2008-10-17, where policy variables such as ${aws:username} are literal text.",
            remediation: "Add the current version as the first element:\n\"Version\": \"2012-10-17\",")]
    }
}
