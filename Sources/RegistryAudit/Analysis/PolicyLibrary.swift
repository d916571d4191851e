import PolicyCore

/// Every policy file of a registry input, parsed and compiled once, with what the parser found.
struct PolicyLibrary: Sendable {
    private(set) var compiled: [PolicyKey: CompiledPolicy] = [:]
    private(set) var parseFindings: [PolicyKey: [Finding]] = [:]
    /// Policies that are not a JSON object at all: the audit cannot go on with them (exit 2).
    private(set) var unreadable: [ManifestError] = []

    init(_ input: RegistryInput) {
        for file in input.sortedPolicies {
            let key = PolicyKey(path: file.path, kind: file.kind)
            let result = PolicyParser.parse(file.text, kind: file.kind, file: file.path)
            parseFindings[key] = result.findings
            guard let document = result.document else {
                let first = result.findings.first { $0.category == .error }
                let position = first?.span.start ?? .start
                unreadable.append(ManifestError("\(file.kind.rawValue) policy is not a JSON policy document: \(first?.message ?? "unreadable")",
                                                at: ManifestLocation(file: file.path, line: position.line, column: position.column)))
                continue
            }
            compiled[key] = CompiledPolicy(document, name: file.path, kind: file.kind)
        }
    }

    func policy(_ reference: PolicyReference?, kind: PolicyKind, in input: RegistryInput) -> CompiledPolicy? {
        guard let reference else { return nil }
        return compiled[PolicyKey(path: input.path(of: reference), kind: kind)]
    }
}
