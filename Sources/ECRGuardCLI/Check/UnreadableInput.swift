import Foundation
import PolicyCore

/// A policy file `check` cannot read (missing, a directory, not readable). It becomes an INPUT_ERROR
/// finding at the file, so every output format reports it next to the other files' findings and
/// the gate ends with exit 2; a file that can be read but is not JSON is JSON_SYNTAX_ERROR instead.
struct UnreadableInput: Error, CustomStringConvertible {
    var file: String
    var reason: String

    var description: String { "\(file): cannot read the file: \(reason)" }

    /// The file's bytes, or why they cannot be read.
    static func read(_ file: String) -> Result<Data, UnreadableInput> {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: file, isDirectory: &isDirectory) else {
            return .failure(UnreadableInput(file: file, reason: "no such file"))
        }
        if isDirectory.boolValue { return .failure(UnreadableInput(file: file, reason: "it is a directory, not a policy file")) }
        guard let data = manager.contents(atPath: file) else {
            let reason = manager.isReadableFile(atPath: file) ? "reading it failed" : "permission denied"
            return .failure(UnreadableInput(file: file, reason: reason))
        }
        return .success(data)
    }

    var finding: Finding {
        Finding(code: AuditDescriptors.inputError.code, severity: .critical, category: .error, file: file,
                span: SourceSpan(at: SourcePosition(line: 1, column: 1, offset: 0)), path: "",
                message: "cannot read the file: \(reason); nothing in it was checked",
                remediation: "Name a readable policy file; ecrguard never passes what it cannot read.")
    }
}
