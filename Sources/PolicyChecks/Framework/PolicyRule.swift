import PolicyCore

/// One check over one parsed policy. A rule is a value with no state between policies; it reads
/// the document through `CheckInput` and returns findings built with `CheckInput.finding(...)`.
public protocol PolicyRule: Sendable {
    /// The codes this rule can report. Most rules have exactly one.
    var descriptors: [RuleDescriptor] { get }
    func check(_ input: CheckInput) -> [Finding]
}

extension PolicyRule {
    /// The rule's only (or first) descriptor.
    public var descriptor: RuleDescriptor { descriptors[0] }
}
