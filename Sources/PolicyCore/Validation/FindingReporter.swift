/// Collects findings for one document, filling in the JSON path, statement index and Sid from the
/// span each finding points at.
public struct FindingReporter: Sendable {
    public let file: String
    /// The parsed JSON tree, for JSON paths; nil when the text was not JSON.
    public let root: JSONNode?
    /// Every statement object in the document (including ones dropped from the model).
    public var statementOutlines: [StatementOutline]
    public private(set) var findings: [Finding] = []
    /// The `Statement` value whose outlines are computed on the first report (most documents
    /// have no findings, so most never need them).
    var pendingStatements: JSONNode?

    /// Where a statement is and what it is called, for attributing findings to it.
    public struct StatementOutline: Sendable, Equatable {
        public var index: Int
        public var sid: String?
        public var span: SourceSpan
    }

    public init(file: String, root: JSONNode?, statementOutlines: [StatementOutline] = []) {
        self.file = file
        self.root = root
        self.statementOutlines = statementOutlines
    }

    /// Attributes findings to the statements of this `Statement` value (object or list).
    public mutating func outlineStatements(of statements: JSONNode) {
        pendingStatements = statements
    }

    static func outlines(of node: JSONNode) -> [StatementOutline] {
        func outline(_ n: JSONNode, _ i: Int) -> StatementOutline {
            StatementOutline(index: i, sid: n["Sid"]?.stringValue, span: n.span)
        }
        switch node.kind {
        case .object: return [outline(node, 0)]
        case .array(let elements): return elements.enumerated().compactMap { $0.element.members == nil ? nil : outline($0.element, $0.offset) }
        default: return []
        }
    }

    public mutating func report(_ issue: RuleDescriptor, at span: SourceSpan, _ message: String, remediation: String? = nil, severity: Severity? = nil) {
        attribute(Finding(code: issue.code, severity: severity ?? issue.severity, category: issue.category, file: file, span: span,
                          path: "", message: message, remediation: remediation))
    }

    /// Adds findings made before the JSON tree was at hand (by the model builder, which reads the
    /// bytes directly), filling in their JSON paths and statements.
    public mutating func attribute(_ unattributed: [Finding]) {
        for finding in unattributed { attribute(finding) }
    }

    mutating func attribute(_ finding: Finding) {
        if let pending = pendingStatements {
            statementOutlines = Self.outlines(of: pending)
            pendingStatements = nil
        }
        var finding = finding
        let offset = finding.span.start.offset
        let statement = statementOutlines.last { $0.span.start.offset <= offset && offset < max($0.span.end.offset, $0.span.start.offset + 1) }
        finding.path = root?.path(to: offset) ?? ""
        finding.statementIndex = statement?.index
        finding.sid = statement?.sid
        findings.append(finding)
    }

    public mutating func append(contentsOf other: [Finding]) { findings.append(contentsOf: other) }
}
