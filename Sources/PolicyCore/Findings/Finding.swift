/// How serious a finding is. Ordered: `info < low < medium < high < critical`.
public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case info, low, medium, high, critical

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// Finding types as IAM Access Analyzer's policy validation names them.
public enum FindingCategory: String, Sendable, CaseIterable, Codable {
    case error = "ERROR"
    case securityWarning = "SECURITY_WARNING"
    case warning = "WARNING"
    case suggestion = "SUGGESTION"
}

/// One problem found in one policy document, pointing at the exact source text.
public struct Finding: Sendable, Equatable, Hashable, Codable {
    /// Stable identifier; Access Analyzer's issue code where one exists (`MISSING_VERSION`).
    public var code: String
    public var severity: Severity
    public var category: FindingCategory
    /// The file as the user named it (repo-relative where possible).
    public var file: String
    /// Where in the file; `SourceSpan.unknown` points at 1:1.
    public var span: SourceSpan
    /// A JSON path into the document: `Statement[2].Principal.AWS[0]`; empty for the whole document.
    public var path: String
    /// Index of the statement the finding is about, from 0.
    public var statementIndex: Int?
    public var sid: String?
    /// What is wrong, in words a reviewer understands without the AWS docs open.
    public var message: String
    /// How to fix it, possibly with a corrected JSON snippet.
    public var remediation: String?
    /// Identifies the same finding across runs and reformatting (code, file, path and the
    /// normalised statement; never line numbers). Set by `PolicyChecker`; used by baselines and
    /// SARIF `partialFingerprints`.
    public var fingerprint: String?

    public init(code: String, severity: Severity, category: FindingCategory, file: String, span: SourceSpan, path: String,
                statementIndex: Int? = nil, sid: String? = nil, message: String, remediation: String? = nil, fingerprint: String? = nil) {
        self.code = code
        self.severity = severity
        self.category = category
        self.file = file
        self.span = span
        self.path = path
        self.statementIndex = statementIndex
        self.sid = sid
        self.message = message
        self.remediation = remediation
        self.fingerprint = fingerprint
    }

    enum CodingKeys: String, CodingKey {
        case code, severity, category, file, line, column, endLine, endColumn, path, statement, sid, message, remediation, fingerprint
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        severity = try c.decode(Severity.self, forKey: .severity)
        category = try c.decode(FindingCategory.self, forKey: .category)
        file = try c.decode(String.self, forKey: .file)
        let line = try c.decode(Int.self, forKey: .line), column = try c.decode(Int.self, forKey: .column)
        let endLine = try c.decodeIfPresent(Int.self, forKey: .endLine) ?? line
        let endColumn = try c.decodeIfPresent(Int.self, forKey: .endColumn) ?? column
        span = SourceSpan(start: SourcePosition(line: line, column: column, offset: 0),
                          end: SourcePosition(line: endLine, column: endColumn, offset: 0))
        path = try c.decode(String.self, forKey: .path)
        statementIndex = try c.decodeIfPresent(Int.self, forKey: .statement)
        sid = try c.decodeIfPresent(String.self, forKey: .sid)
        message = try c.decode(String.self, forKey: .message)
        remediation = try c.decodeIfPresent(String.self, forKey: .remediation)
        fingerprint = try c.decodeIfPresent(String.self, forKey: .fingerprint)
    }

    /// Encodes per DESIGN.md 3.2: `line`/`column` from 1, `statement` the statement index.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(severity, forKey: .severity)
        try c.encode(category, forKey: .category)
        try c.encode(file, forKey: .file)
        try c.encode(span.start.line, forKey: .line)
        try c.encode(span.start.column, forKey: .column)
        try c.encode(span.end.line, forKey: .endLine)
        try c.encode(span.end.column, forKey: .endColumn)
        try c.encode(path, forKey: .path)
        try c.encodeIfPresent(statementIndex, forKey: .statement)
        try c.encodeIfPresent(sid, forKey: .sid)
        try c.encode(message, forKey: .message)
        try c.encodeIfPresent(remediation, forKey: .remediation)
        try c.encodeIfPresent(fingerprint, forKey: .fingerprint)
    }
}
