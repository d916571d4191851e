/// Collects findings for one document, filling in the JSON path, statement index and Sid from the
/// span each finding points at.
public struct FindingReporter: Sendable {
    public let file: String
    /// The parsed JSON tree, for JSON paths; nil when the text was not JSON.
    public let root: JSONNode?
    /// Every statement object in the document (including ones dropped from the model).
    public var statementOutlines: [StatementOutline]
    public private(set) var findings: [Finding] = []

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

    public mutating func report(_ issue: IssueCode, at span: SourceSpan, _ message: String, remediation: String? = nil, severity: Severity? = nil) {
        let offset = span.start.offset
        let statement = statementOutlines.last { $0.span.start.offset <= offset && offset < max($0.span.end.offset, $0.span.start.offset + 1) }
        findings.append(Finding(code: issue.code, severity: severity ?? issue.severity, category: issue.category, file: file, span: span,
                                path: root?.path(to: offset) ?? "", statementIndex: statement?.index, sid: statement?.sid,
                                message: message, remediation: remediation))
    }

    public mutating func append(contentsOf other: [Finding]) { findings.append(contentsOf: other) }
}
