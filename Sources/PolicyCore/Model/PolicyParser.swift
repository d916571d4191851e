/// What parsing a policy produced: the model (when the text is a JSON object) and every finding.
public struct PolicyParseResult: Sendable {
    /// nil only when the text is not JSON or not a JSON object.
    public var document: PolicyDocument?
    /// Every error AWS would reject (category `.error`) plus the core's warnings, in source order.
    public var findings: [Finding]
    /// The JSON tree the document was built from (for JSON paths and raw access); nil on a syntax error.
    public var root: JSONNode?

    public init(document: PolicyDocument?, findings: [Finding], root: JSONNode?) {
        self.document = document
        self.findings = findings
        self.root = root
    }

    /// Whether any finding is an error (AWS would reject the policy).
    public var hasErrors: Bool { findings.contains { $0.category == .error } }
}

/// Parses policy text into a `PolicyDocument` and validates it for its kind.
public enum PolicyParser {
    /// Parses and validates. `document` is nil only when the text is not a usable JSON object.
    public static func parse(_ text: String, kind: PolicyKind, file: String) -> PolicyParseResult {
        var text = text
        return text.withUTF8 { parse(buffer: $0, kind: kind, file: file, validate: true) }
    }

    /// Parses and validates UTF-8 bytes as read from a file (invalid UTF-8 is reported, not repaired).
    public static func parse(bytes: some Collection<UInt8>, kind: PolicyKind, file: String) -> PolicyParseResult {
        if let result = bytes.withContiguousStorageIfAvailable({ parse(buffer: $0, kind: kind, file: file, validate: true) }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { parse(buffer: $0, kind: kind, file: file, validate: true) }
    }

    /// Builds the model and reports structural errors only (no kind-specific validation rules).
    public static func parseStructure(_ text: String, kind: PolicyKind, file: String) -> PolicyParseResult {
        var text = text
        return text.withUTF8 { parse(buffer: $0, kind: kind, file: file, validate: false) }
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>, kind: PolicyKind, file: String, validate: Bool) -> PolicyParseResult {
        let root: JSONNode
        let duplicates: [(repeated: JSONMember, first: JSONMember)]
        switch JSONParser.parseReportingDuplicates(buffer: buffer, limits: .default) {
        case .success(let parsed):
            (root, duplicates) = parsed
        case .failure(let error):
            let finding = Finding(code: IssueCode.jsonSyntaxError.code, severity: IssueCode.jsonSyntaxError.severity, category: .error, file: file,
                                  span: SourceSpan(at: error.position), path: "", message: "invalid JSON: \(error.message)")
            return PolicyParseResult(document: nil, findings: [finding], root: nil)
        }
        var builder = PolicyModelBuilder(kind: kind, reporter: FindingReporter(file: file, root: root))
        let document = builder.build(root, duplicateKeys: duplicates)
        var reporter = builder.reporter
        if validate, let document {
            let context = ValidationContext(document: document, root: root, kind: kind, characterCount: characterCount(buffer))
            PolicyValidator.standard.validate(context, into: &reporter)
        }
        let findings = reporter.findings.sorted { ($0.span.start.offset, $0.code) < ($1.span.start.offset, $1.code) }
        return PolicyParseResult(document: document, findings: findings, root: root)
    }

    /// Unicode code points in valid UTF-8: every byte that is not a continuation byte.
    static func characterCount(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for b in buffer where b & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
