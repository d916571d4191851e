import PolicyCore
import RegistryAudit

extension ImportedState {
    /// The state as the audit reads it: the manifest rendered by `ManifestWriter` and decoded by
    /// `RegistryLoader`, with policies read from memory. What is audited is exactly what `import`
    /// would write to `directory` (locations name `directory/ecrguard.yaml` and the policy files).
    public func registryInput(directory: String) throws(ManifestErrors) -> RegistryInput {
        let files = ManifestWriter.files(for: self)
        var texts: [String: String] = [:]
        for (path, text) in files { texts[RegistryLoader.join(directory, path)] = text }
        let manifestPath = RegistryLoader.join(directory, RegistryLoader.manifestName)
        let snapshot = texts
        return try RegistryLoader.load(manifestText: files[RegistryLoader.manifestName] ?? "", manifestPath: manifestPath,
                                       directory: directory) { path in
            guard let text = snapshot[path] else { throw MissingImportedPolicy(path: path) }
            return text
        }
    }
}

/// The manifest of an imported state names a policy the reader did not provide (a reader bug; the
/// loader reports it at the manifest line naming the file).
struct MissingImportedPolicy: Error, CustomStringConvertible {
    var path: String
    var description: String { "the import did not provide this policy" }
}

extension ImportGap {
    /// The gap as an audit finding: its code's descriptor (severity high), at its location.
    public var finding: Finding {
        let descriptor = ImportDescriptors.descriptor(for: code) ?? ImportDescriptors.callFailed
        let position = SourcePosition(line: location.line, column: location.column, offset: 0)
        return Finding(code: descriptor.code, severity: descriptor.severity, category: descriptor.category, file: location.file,
                       span: SourceSpan(at: position), path: subject, message: "\(subject): \(message)",
                       remediation: descriptor.remediation)
    }
}

extension RegistryAuditor {
    /// Audits an imported state exactly as `import` would write it to `directory`, its gaps added as
    /// findings: the one call `audit --live/--terraform-plan/--cloudformation` needs, so no reader
    /// can audit a state and forget what it could not read.
    public func audit(_ state: ImportedState, directory: String) throws(ManifestErrors) -> RegistryAuditResult {
        var result = audit(try state.registryInput(directory: directory))
        result.add(state.gaps)
        return result
    }
}

extension RegistryAuditResult {
    /// Adds each gap as a finding, keeping the audit's finding order (file, position, code).
    public mutating func add(_ gaps: [ImportGap]) {
        guard !gaps.isEmpty else { return }
        findings += gaps.sorted(by: <).map(\.finding)
        findings.sort { ($0.file, $0.span.start.line, $0.span.start.column, $0.code) < ($1.file, $1.span.start.line, $1.span.start.column, $1.code) }
    }
}
