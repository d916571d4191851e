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

    /// Whether `path` is `directory` or lies inside it. Each existing directory on the way from `path`
    /// up to the root is compared with `directory` by device and inode number, so `..`, symbolic links
    /// and a case-insensitive file system's other spellings of a name are all seen through.
    static func isWithin(_ path: String, _ directory: String) -> Bool {
        guard let target = identity(directory) else { return false }
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while true {
            if let found = identity(url.path), found == target { return true }
            let parent = url.deletingLastPathComponent().standardizedFileURL
            if parent.path == url.path { return false }
            url = parent
        }
    }

    private struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    private static func identity(_ path: String) -> FileIdentity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }
}
