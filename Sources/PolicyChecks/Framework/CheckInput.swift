import PolicyCore

/// Everything a rule may read about one policy: the typed document, its JSON tree (for elements
/// the model normalises away, such as empty arrays), where it is attached, and how to build findings
/// that point at the exact source text.
public struct CheckInput: Sendable {
    public var document: PolicyDocument
    /// The parsed JSON tree the document was read from, when available.
    public var root: JSONNode?
    public var kind: PolicyKind
    public var file: String
    public var context: CheckContext
    /// The evaluator-backed analysis, computed once by `PolicyChecker` and shared by the access rules.
    var precomputedAccess: AccessAnalysis?
    /// `BroadGrant.unrestrictedClauses`, computed once by `PolicyChecker`.
    var precomputedUnrestrictedClauses: [BroadGrant.UnrestrictedClause]?
    /// The document compiled by the caller (`PolicyChecker.check(_:compiled:kind:file:context:)`).
    var precompiledPolicy: CompiledPolicy?

    public init(document: PolicyDocument, root: JSONNode?, kind: PolicyKind, file: String, context: CheckContext) {
        self.document = document
        self.root = root
        self.kind = kind
        self.file = file
        self.context = context
    }

    /// What outside callers can do under this policy (computed on demand when not precomputed).
    var access: AccessAnalysis { precomputedAccess ?? AccessAnalysis(self) }

    /// The document compiled for evaluation, named after the file (the caller's, when it gave one).
    var compiledPolicy: CompiledPolicy { precompiledPolicy ?? CompiledPolicy(document, name: file, kind: kind) }

    /// The JSON node of statement `index`, when the tree is available.
    public func statementNode(_ index: Int) -> JSONNode? {
        guard let statement = root?["Statement"] else { return nil }
        if let elements = statement.elements { return index < elements.count ? elements[index] : nil }
        return index == 0 ? statement : nil
    }

    /// The JSON path of the innermost element containing the start of `span` (as the policy core names paths).
    public func path(for span: SourceSpan, statement: Statement? = nil) -> String {
        if let root { return root.path(to: span.start.offset) }
        return statement.map { "Statement[\($0.index)]" } ?? ""
    }

    /// Builds a finding of `descriptor` at `span`, filling file, path, statement index and Sid.
    public func finding(_ descriptor: RuleDescriptor, at span: SourceSpan, statement: Statement? = nil,
                        severity: Severity? = nil, message: String, remediation: String? = nil) -> Finding {
        Finding(code: descriptor.code, severity: severity ?? descriptor.severity, category: descriptor.category,
                file: file, span: span, path: path(for: span, statement: statement),
                statementIndex: statement?.index, sid: statement?.sid?.value,
                message: message, remediation: remediation)
    }

    /// Canonical JSON of a statement (keys sorted, no whitespace); empty when unknown. Rendered on
    /// each call (most statements have no finding and never need it).
    public func canonicalStatement(_ index: Int) -> String {
        statementNode(index).map(StatementCanon.canonical) ?? ""
    }

    /// The name a statement goes by in messages: `Statement 2 ("PublicPull")`, counting from 0 as
    /// the JSON path `Statement[2]` does.
    public func label(_ statement: Statement) -> String {
        if let sid = statement.sid?.value, !sid.isEmpty { return "Statement \(statement.index) (\"\(sid)\")" }
        return "Statement \(statement.index)"
    }
}
