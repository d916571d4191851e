import PolicyCore

/// Checks one policy text: the policy core's parse and validation (whose errors always fail the
/// gate), then every rule. Pure: the caller reads files and decides what to do with the findings.
public struct PolicyChecker: Sendable {
    public var rules: [any PolicyRule]

    public init(rules: [any PolicyRule] = RuleCatalog.all) {
        self.rules = rules
    }

    /// Findings sorted by position, each with a stable `fingerprint` for baselines.
    public func check(_ text: String, kind: PolicyKind, file: String, context: CheckContext = .unknown) -> [Finding] {
        run(PolicyParser.parse(text, kind: kind, file: file), compiled: nil, kind: kind, file: file, context: context)
    }

    /// Checks UTF-8 bytes as read from a file; invalid UTF-8 is reported as an error, not repaired.
    public func check(bytes: some Collection<UInt8>, kind: PolicyKind, file: String, context: CheckContext = .unknown) -> [Finding] {
        run(PolicyParser.parse(bytes: bytes, kind: kind, file: file), compiled: nil, kind: kind, file: file, context: context)
    }

    /// Checks a policy the caller has already parsed with `PolicyParser.parse(_:kind:file:)` (the
    /// tree included) for `file`, and compiled, when it has, as `CompiledPolicy(document, name: file,
    /// kind: kind)`: the findings of checking its text, without parsing or compiling it again.
    public func check(_ parsed: PolicyParseResult, compiled: CompiledPolicy?, kind: PolicyKind, file: String,
                      context: CheckContext = .unknown) -> [Finding] {
        run(parsed, compiled: compiled, kind: kind, file: file, context: context)
    }

    /// Whether findings say the text was not a JSON policy at all (the CLI exits 2 for such input).
    public static func isUnreadable(_ findings: [Finding]) -> Bool {
        findings.contains { $0.code == RuleDescriptor.jsonSyntaxError.code }
    }

    private func run(_ parsed: PolicyParseResult, compiled: CompiledPolicy?, kind: PolicyKind, file: String, context: CheckContext) -> [Finding] {
        guard let document = parsed.document else {
            return Self.finish(parsed.findings, input: nil)
        }
        var input = CheckInput(document: document, root: parsed.root, kind: kind, file: file, context: context)
        input.precompiledPolicy = compiled
        input.precomputedAccess = AccessAnalysis(input)
        input.precomputedUnrestrictedClauses = BroadGrant.findUnrestrictedClauses(input)
        var findings = parsed.findings
        var seen: [String: Int] = [:]
        for (i, f) in findings.enumerated() { seen["\(f.code)@\(f.span.start.offset)"] = i }
        for rule in rules {
            for finding in rule.check(input) {
                let key = "\(finding.code)@\(finding.span.start.offset)"
                if let i = seen[key] {
                    // The policy core reported the same thing at the same place: keep its finding
                    // (and category), adding the rule's remediation when the core has none.
                    if findings[i].remediation == nil { findings[i].remediation = finding.remediation }
                    continue
                }
                seen[key] = findings.count
                findings.append(finding)
            }
        }
        return Self.finish(findings, input: input)
    }

    private static func finish(_ findings: [Finding], input: CheckInput?) -> [Finding] {
        // Each statement with a finding rendered once.
        var canonical: [Int: String] = [:]
        func canonicalStatement(_ index: Int) -> String? {
            guard let input else { return nil }
            if let known = canonical[index] { return known }
            let text = input.canonicalStatement(index)
            canonical[index] = text
            return text
        }
        var result = findings.map { finding in
            var f = finding
            if f.fingerprint == nil {
                f.fingerprint = Fingerprint.of(f, file: f.file, canonicalStatement: f.statementIndex.flatMap(canonicalStatement))
            }
            return f
        }
        result.sort { a, b in
            if a.span.start.offset != b.span.start.offset { return a.span.start.offset < b.span.start.offset }
            return a.code < b.code
        }
        return result
    }
}
