import PolicyCore

/// Every policy file of a registry input, parsed and compiled once, with what the parser found.
/// The checks read the same parse and compiled policy (`parsedFile(_:)`), so a text is never parsed
/// or compiled a second time and the checks and the access matrix judge the same policy.
struct PolicyLibrary: Sendable {
    private(set) var compiled: [PolicyKey: CompiledPolicy] = [:]
    private(set) var documents: [PolicyKey: PolicyDocument] = [:]
    /// Policies of the same kind and `PolicyDocument.decisionForm` share a number: they decide every
    /// request alike, also when their texts differ in Sids, formatting or statement order.
    private(set) var decisionFormIDs: [PolicyKey: Int] = [:]
    private(set) var parseFindings: [PolicyKey: [Finding]] = [:]
    /// Policies that are not a JSON object at all: the audit cannot go on with them (exit 2).
    private(set) var unreadable: [ManifestError] = []
    /// Each parsed file's JSON tree (files with the same text and kind share one), which the checks
    /// read for paths and excerpts; held until `dropTrees()`, as the trees are most of a parse's memory.
    private var trees: [PolicyKey: JSONNode] = [:]

    private struct TextKey: Hashable { var text: String; var kind: PolicyKind }
    private struct FormKey: Hashable { var form: String; var kind: PolicyKind }

    init(_ input: RegistryInput) {
        var forms: [FormKey: Int] = [:]
        var parsedTexts: [TextKey: PolicyParseResult] = [:]
        let files = input.sortedPolicies
        // The shared vocabulary pays for itself only over many policies (a large registry).
        let interns = files.count >= CommonStrings.worthwhileDocuments
        for file in files {
            let key = PolicyKey(path: file.path, kind: file.kind)
            // Files with the same text and kind parse alike: parse once, re-point the findings.
            let textKey = TextKey(text: file.text, kind: file.kind)
            let result: PolicyParseResult
            if let parsed = parsedTexts[textKey] {
                result = PolicyParseResult(document: parsed.document, findings: parsed.findings.map { var f = $0; f.file = file.path; return f },
                                           root: parsed.root)
            } else {
                result = PolicyParser.parse(file.text, kind: file.kind, file: file.path, internsPolicyWords: interns)
                parsedTexts[textKey] = result
            }
            parseFindings[key] = result.findings
            trees[key] = result.root
            guard let document = result.document else {
                let first = result.findings.first { $0.category == .error }
                let position = first?.span.start ?? .start
                unreadable.append(ManifestError("\(file.kind.rawValue) policy is not a JSON policy document: \(first?.message ?? "unreadable")",
                                                at: ManifestLocation(file: file.path, line: position.line, column: position.column)))
                continue
            }
            compiled[key] = CompiledPolicy(document, name: file.path, kind: file.kind)
            documents[key] = document
            let formKey = FormKey(form: document.decisionForm, kind: file.kind)
            if let id = forms[formKey] {
                decisionFormIDs[key] = id
            } else {
                decisionFormIDs[key] = forms.count
                forms[formKey] = forms.count
            }
        }
    }

    /// `file` as this library parsed and compiled it: exactly what `PolicyParser.parse` of its text
    /// gives (document, findings for this file, JSON tree while held) and the policy the matrix evaluates.
    func parsedFile(_ file: PolicyFile) -> ParsedPolicyFile {
        let key = PolicyKey(path: file.path, kind: file.kind)
        guard let findings = parseFindings[key] else {
            // Not an input file of this library: parse it as the library would have.
            let parsed = PolicyParser.parse(file.text, kind: file.kind, file: file.path)
            return ParsedPolicyFile(file: file, parsed: parsed,
                                    compiled: parsed.document.map { CompiledPolicy($0, name: file.path, kind: file.kind) })
        }
        return ParsedPolicyFile(file: file, parsed: PolicyParseResult(document: documents[key], findings: findings, root: trees[key]),
                                compiled: compiled[key])
    }

    /// Lets the JSON trees go once the checks have read them (the matrix needs only the compiled policies).
    mutating func dropTrees() {
        trees = [:]
    }

    func key(_ reference: PolicyReference?, kind: PolicyKind, in input: RegistryInput) -> PolicyKey? {
        reference.map { PolicyKey(path: input.path(of: $0), kind: kind) }
    }

    func policy(_ reference: PolicyReference?, kind: PolicyKind, in input: RegistryInput) -> CompiledPolicy? {
        guard let reference else { return nil }
        return compiled[PolicyKey(path: input.path(of: reference), kind: kind)]
    }
}
