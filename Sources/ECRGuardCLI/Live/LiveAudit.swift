import Foundation
import RegistryAudit
import RegistryImport

/// `audit --live` and `diff DIR --live`: the accounts imported exactly as `import live` would write
/// them, into `keep` or a new temporary directory, then read like any policies/ directory (gaps
/// included, from its import-report.json). The import's summary goes to standard error, so the
/// command's own output (`--format json`) stays what it is.
enum LiveAudit {
    /// With `base` (`audit DIR --live`), the import is laid over DIR's manifest as a Terraform plan or a
    /// CloudFormation stack is (`ImportedState.layered(over:)`): the live registries, repositories and
    /// principals replace DIR's of the same identity, DIR's other entries and its expectations stay, and
    /// the gaps of DIR's own import-report.json are kept, so the directory written is exactly what is
    /// audited and `audit KEPT` gives the same verdict. DIR is read before any request is sent, and
    /// never written.
    static func importDirectory(_ options: LiveImportOptions, keep: String?, over base: String? = nil) throws -> String {
        let directory = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-live-\(UUID().uuidString)").path
        var layering: (input: RegistryInput, gaps: [ImportGap])?
        if let base {
            do {
                let input = try AuditCommand.readInput(base)
                layering = (input, try ImportReportFile.gaps(in: AuditCommand.locateManifest(base).directory)?.gaps ?? [])
            } catch let errors as ManifestErrors {
                throw CLIFailure.runtime(errors.description)
            } catch let error as AuditCommand.FileReadError {
                throw CLIFailure.runtime(error.reason)
            }
        }
        let run = try LiveImportRunner.live(options)
        let written = try LiveImportOutput.write(run, to: directory) { read in
            guard let layering else { return read }
            var state = read.layered(over: layering.input)
            state.gaps += layering.gaps
            return state
        }
        FileHandle.standardError.write(Data(written.text.utf8))
        return directory
    }

    /// Whether two paths name the same directory (after `..`, `.` and symbolic links).
    static func sameDirectory(_ a: String, _ b: String) -> Bool {
        func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        return resolved(a) == resolved(b)
    }
}
