extension PolicyParser {
    /// Parses a policy embedded as a JSON value inside a larger document (a batch simulation file,
    /// a manifest). Spans and findings point into the enclosing file; `path` is relative to `node`.
    public static func parse(node: JSONNode, kind: PolicyKind, file: String) -> PolicyParseResult {
        var builder = PolicyModelBuilder(kind: kind, reporter: FindingReporter(file: file, root: node))
        let document = builder.build(node)
        var reporter = builder.reporter
        if let document {
            let context = ValidationContext(document: document, root: node, kind: kind,
                                            characterCount: node.span.end.offset - node.span.start.offset)
            PolicyValidator.standard.validate(context, into: &reporter)
        }
        let findings = reporter.findings.sorted { ($0.span.start.offset, $0.code) < ($1.span.start.offset, $1.code) }
        return PolicyParseResult(document: document, findings: findings, root: node)
    }
}
