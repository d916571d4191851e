extension PolicyParser {
    /// Parses a policy embedded as a JSON value inside a larger document (a batch simulation file,
    /// a manifest). `node` is the policy's value in the tree of `bytes`, the whole enclosing file, so
    /// spans and findings point into that file; `path` is relative to `node`.
    public static func parse(node: JSONNode, in bytes: UnsafeBufferPointer<UInt8>, kind: PolicyKind, file: String) -> PolicyParseResult {
        var scanner = JSONScanner(bytes: bytes, limits: .default)
        scanner.move(to: node.span.start)
        var builder = PolicyModelBuilder(kind: kind, scanner: scanner, file: file)
        let document: PolicyDocument?
        do throws(JSONSyntaxError) {
            document = try builder.buildEmbedded(depth: 1)
        } catch {
            // The enclosing file was parsed already, so this only happens if `node` is not from `bytes`.
            let finding = Finding(code: RuleDescriptor.jsonSyntaxError.code, severity: RuleDescriptor.jsonSyntaxError.severity, category: .error, file: file,
                                  span: SourceSpan(at: error.position), path: "", message: "invalid JSON: \(error.message)")
            return PolicyParseResult(document: nil, findings: [finding], root: nil)
        }
        var reporter = FindingReporter(file: file, root: node)
        if let statements = node["Statement"] { reporter.outlineStatements(of: statements) }
        reporter.attribute(builder.reporter.findings)
        if let document {
            let context = ValidationContext(document: document, root: node, kind: kind,
                                            characterCount: node.span.end.offset - node.span.start.offset)
            PolicyValidator.standard.validate(context, into: &reporter)
        }
        return PolicyParseResult(document: document, findings: sorted(reporter.findings), root: node)
    }
}
