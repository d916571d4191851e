import PolicyCore

/// Findings that mean a file could not be read (INPUT_ERROR) or parsed (JSON_SYNTAX_ERROR), so no
/// other rule was checked in it: SARIF adds a tool execution notification for each, and JUnit marks
/// the file's other rules skipped rather than passed.
public enum InputErrors {
    public static let codes: Set<String> = [AuditDescriptors.inputError.code, RuleDescriptor.jsonSyntaxError.code]

    public static func isInputError(_ finding: Finding) -> Bool {
        finding.category == .error && codes.contains(finding.code)
    }
}
