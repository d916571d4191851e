import PolicyCore

/// Empty arrays and objects in a statement: the element is there but says nothing.
public struct EmptyArrayRule: PolicyRule {
    public static let action = RuleDescriptor(code: "EMPTY_ARRAY_ACTION", severity: .low, category: .suggestion,
        title: "Empty Action array", help: "An empty Action or NotAction array matches no action (or, for NotAction, every action). List the actions, or remove the statement.")
    public static let resource = RuleDescriptor(code: "EMPTY_ARRAY_RESOURCE", severity: .low, category: .suggestion,
        title: "Empty Resource array", help: "An empty Resource or NotResource array matches no resource (or, for NotResource, every resource). List the resources, or remove the statement.")
    public static let principal = RuleDescriptor(code: "EMPTY_ARRAY_PRINCIPAL", severity: .low, category: .suggestion,
        title: "Empty Principal array or object", help: "An empty principal list names nobody. List the principals, or remove the entry.")
    public static let condition = RuleDescriptor(code: "EMPTY_ARRAY_CONDITION", severity: .low, category: .suggestion,
        title: "Empty condition value array or object", help: "A condition key with no values, or an operator with no keys, makes the condition's meaning depend on edge cases of IAM. Give the values, or remove the key.")
    public var descriptors: [RuleDescriptor] { [Self.action, Self.resource, Self.principal, Self.condition] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        var findings: [Finding] = []
        for statement in input.document.statements {
            guard let members = input.statementNode(statement.index)?.members else { continue }
            for member in members {
                switch member.key {
                case "Action", "NotAction":
                    if Self.isEmpty(member.value) { findings.append(report(Self.action, member, statement, input)) }
                case "Resource", "NotResource":
                    if Self.isEmpty(member.value) { findings.append(report(Self.resource, member, statement, input)) }
                case "Principal", "NotPrincipal":
                    if Self.isEmpty(member.value) { findings.append(report(Self.principal, member, statement, input)) }
                    for inner in member.value.members ?? [] where Self.isEmpty(inner.value) {
                        findings.append(report(Self.principal, inner, statement, input))
                    }
                case "Condition":
                    if Self.isEmpty(member.value) { findings.append(report(Self.condition, member, statement, input)) }
                    for op in member.value.members ?? [] {
                        if Self.isEmpty(op.value) { findings.append(report(Self.condition, op, statement, input)) }
                        for key in op.value.members ?? [] where Self.isEmpty(key.value) {
                            findings.append(report(Self.condition, key, statement, input))
                        }
                    }
                default:
                    break
                }
            }
        }
        return findings
    }

    private func report(_ descriptor: RuleDescriptor, _ member: JSONMember, _ statement: Statement, _ input: CheckInput) -> Finding {
        let what = member.value.elements != nil ? "an empty array" : "an empty object"
        return input.finding(descriptor, at: member.value.span, statement: statement,
            message: "\(input.label(statement)): \"\(member.key)\" is \(what), so it names nothing.",
            remediation: "Give \"\(member.key)\" at least one value, or remove it.")
    }

    static func isEmpty(_ node: JSONNode) -> Bool {
        switch node.kind {
        case .array(let e): e.isEmpty
        case .object(let m): m.isEmpty
        default: false
        }
    }
}
