/// What a validation rule sees: the model, the JSON it came from, and where the policy is attached.
public struct ValidationContext: Sendable {
    public var document: PolicyDocument
    public var root: JSONNode
    public var kind: PolicyKind
    /// Length of the policy text in Unicode code points (what ECR's size limit counts).
    public var characterCount: Int
    /// The JSON object of each statement of the model, by the offset where it starts.
    let statementNodes: [Int: JSONNode]

    public init(document: PolicyDocument, root: JSONNode, kind: PolicyKind, characterCount: Int) {
        self.document = document
        self.root = root
        self.kind = kind
        self.characterCount = characterCount
        var nodes: [Int: JSONNode] = [:]
        switch root["Statement"]?.kind {
        case .object?: if let node = root["Statement"] { nodes[node.span.start.offset] = node }
        case .array(let elements)?: for node in elements where node.members != nil { nodes[node.span.start.offset] = node }
        default: break
        }
        self.statementNodes = nodes
    }
}

/// One check of a parsed policy. Rules report through the reporter, which fills in paths and
/// statement attribution.
public protocol ValidationRule: Sendable {
    func check(_ context: ValidationContext, into reporter: inout FindingReporter)
}

/// Runs the validation rules over a parsed document.
public struct PolicyValidator: Sendable {
    public var rules: [any ValidationRule]

    public init(rules: [any ValidationRule]) { self.rules = rules }

    public func validate(_ context: ValidationContext, into reporter: inout FindingReporter) {
        for rule in rules { rule.check(context, into: &reporter) }
    }

    /// Every rule of the core, in the order their findings are most useful.
    public static let standard = PolicyValidator(rules: [
        PrincipalPlacementRule(),
        ResourcePlacementRule(),
        SidRule(),
        PrincipalFormatRule(),
        ResourceARNRule(),
        ActionRule(),
        ConditionRule(),
        PolicyVariableRule(),
        PolicySizeRule(),
        OrganizationsPolicyRule(),
    ])
}
