/// What parsing a policy produced: the model (when the text is a JSON object) and every finding.
public struct PolicyParseResult: Sendable {
    /// nil only when the text is not JSON or not a JSON object.
    public var document: PolicyDocument?
    /// Every error AWS would reject (category `.error`) plus the core's warnings, in source order.
    public var findings: [Finding]
    /// The JSON tree of the text (for JSON paths and raw access). Built only when needed: by `parse`
    /// (validation reads it) and whenever there are findings; nil on a syntax error and for a
    /// `parseStructure` without findings.
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
    /// `internsPolicyWords`: see `CommonStrings.worthwhileDocuments` (a reader of many policies).
    public static func parse(_ text: String, kind: PolicyKind, file: String, internsPolicyWords: Bool = false) -> PolicyParseResult {
        var text = text
        return text.withUTF8 { parse(buffer: $0, kind: kind, file: file, validate: true, internsPolicyWords: internsPolicyWords) }
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

    static func parse(buffer: UnsafeBufferPointer<UInt8>, kind: PolicyKind, file: String, validate: Bool,
                      internsPolicyWords: Bool = false) -> PolicyParseResult {
        // The model straight from the bytes; the tree only when validation or findings need it:
        // recorded during the same scan for validation, parsed afterwards for findings.
        var scanner = JSONScanner(bytes: buffer, limits: .default, internsPolicyWords: internsPolicyWords)
        if validate { scanner.recording = TreeRecording() }
        var builder = PolicyModelBuilder(kind: kind, scanner: scanner, file: file)
        let document: PolicyDocument?
        do throws(JSONSyntaxError) {
            document = try builder.buildDocument()
        } catch {
            return syntaxErrorResult(buffer: buffer, file: file, streamingError: error)
        }
        let modelFindings = builder.reporter.findings
        guard validate || !modelFindings.isEmpty else {
            return PolicyParseResult(document: document, findings: [], root: nil)
        }
        let root: JSONNode
        if let recorded = builder.scanner.recording?.root {
            root = recorded
        } else {
            switch JSONParser.parse(buffer: buffer, limits: .default, internsPolicyWords: internsPolicyWords) {
            case .success(let node): root = node
            case .failure(let error): return syntaxErrorResult(buffer: buffer, file: file, streamingError: error)
            }
        }
        var reporter = FindingReporter(file: file, root: root)
        if let statements = root["Statement"] { reporter.outlineStatements(of: statements) }
        reporter.attribute(modelFindings)
        if validate, let document {
            let context = ValidationContext(document: document, root: root, kind: kind, characterCount: UTF8Scalars.count(buffer))
            PolicyValidator.standard.validate(context, into: &reporter)
        }
        return PolicyParseResult(document: document, findings: sorted(reporter.findings), root: root)
    }

    /// The result for text that is not JSON. The message and position come from the tree parser, so
    /// they are the same whichever reader met the error first (both use the same scanner steps).
    static func syntaxErrorResult(buffer: UnsafeBufferPointer<UInt8>, file: String, streamingError: JSONSyntaxError) -> PolicyParseResult {
        var error = streamingError
        if case .failure(let treeError) = JSONParser.parse(buffer: buffer, limits: .default) { error = treeError }
        let finding = Finding(code: RuleDescriptor.jsonSyntaxError.code, severity: RuleDescriptor.jsonSyntaxError.severity, category: .error, file: file,
                              span: SourceSpan(at: error.position), path: "", message: "invalid JSON: \(error.message)")
        return PolicyParseResult(document: nil, findings: [finding], root: nil)
    }

    /// Findings in source order (by offset, then code).
    static func sorted(_ findings: [Finding]) -> [Finding] {
        findings.sorted { ($0.span.start.offset, $0.code) < ($1.span.start.offset, $1.code) }
    }
}
