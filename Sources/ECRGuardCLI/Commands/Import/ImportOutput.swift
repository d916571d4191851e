import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport

/// Writes an imported state as a `policies/` directory: the manifest, the policy files and
/// `import-report.json`, each rewritten only when its bytes change. A directory an earlier import
/// wrote is updated in place (its files that the new state no longer has are removed, so the
/// directory is exactly the state); any other non-empty directory is refused, so an import never
/// mixes with or overwrites hand-written files.
enum ImportOutput {
    struct Summary {
        var written: Int
        var unchanged: Int
        var removed: Int
    }

    static func write(_ state: ImportedState, to directory: String) throws -> Summary {
        var files = ManifestWriter.files(for: state)
        for reserved in [RegistryLoader.manifestName, ImportReport.fileName] where state.policies[reserved] != nil {
            throw CLIFailure.runtime("refusing to write a policy file named '\(reserved)': the name is the import's own")
        }
        files[ImportReport.fileName] = ImportReport(state).text
        for path in files.keys where !isSafeRelativePath(path) {
            throw CLIFailure.runtime("refusing to write '\(path)': an import writes only relative paths inside --out")
        }
        let fm = FileManager.default
        let previous = try previousImport(in: directory)
        var summary = Summary(written: 0, unchanged: 0, removed: 0)
        for path in previous.subtracting(files.keys).sorted() {
            let full = RegistryLoader.join(directory, path)
            if fm.fileExists(atPath: full) {
                try fm.removeItem(atPath: full)
                summary.removed += 1
            }
        }
        var created: Set<String> = []
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let url = URL(fileURLWithPath: RegistryLoader.join(directory, path))
            if let existing = fm.contents(atPath: url.path), existing == Data(text.utf8) {
                summary.unchanged += 1
                continue
            }
            do {
                let parent = url.deletingLastPathComponent()
                if created.insert(parent.path).inserted { try fm.createDirectory(at: parent, withIntermediateDirectories: true) }
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw CLIFailure.runtime("cannot write '\(url.path)': \(error.localizedDescription)")
            }
            summary.written += 1
        }
        return summary
    }

    /// The files an earlier import wrote to `directory` (its manifest, report and every policy file
    /// the manifest names); empty for a missing or empty directory. Throws for a directory that holds
    /// anything else.
    static func previousImport(in directory: String) throws -> Set<String> {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { throw CLIFailure.runtime("--out '\(directory)' is a file, not a directory") }
        let entries = try fm.contentsOfDirectory(atPath: directory).filter { $0 != ".DS_Store" }
        if entries.isEmpty { return [] }
        let manifestPath = RegistryLoader.join(directory, RegistryLoader.manifestName)
        guard entries.contains(ImportReport.fileName), let text = try? AuditCommand.readText(manifestPath) else {
            throw CLIFailure.runtime("--out '\(directory)' is not empty and was not written by 'ecrguard import' (it has no \(ImportReport.fileName)); choose an empty or new directory")
        }
        let manifest: Manifest
        do {
            manifest = try ManifestDecoder.decode(text, file: manifestPath)
        } catch {
            throw CLIFailure.runtime("--out '\(directory)' holds an earlier import whose manifest cannot be read; remove it or choose another directory:\n\(error)")
        }
        return Set(RegistryLoader.references(in: manifest).map(\.0.path).filter(isSafeRelativePath) + [RegistryLoader.manifestName, ImportReport.fileName])
    }

    /// No absolute path, no empty, `.` or `..` segment.
    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.hasPrefix("/") && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// Whether the written directory is incomplete: gaps, or principals whose SCPs were not collected
    /// (`import` then exits 1, as the audit of the directory will fail).
    static func isIncomplete(_ state: ImportedState) -> Bool {
        !state.gaps.isEmpty || state.manifest.principals.contains(where: \.serviceControlPoliciesNotCollected)
    }

    /// The lines `import` prints: what was written, then each gap as a finding line.
    static func text(_ state: ImportedState, directory: String, summary: Summary) -> String {
        let p = state.provenance
        var lines = ["Imported \(p.principalsIncluded) principals and \(state.policies.count) policy files into \(directory) "
                     + "(\(summary.written) files written, \(summary.unchanged) unchanged, \(summary.removed) removed)."]
        let leftOut = p.leftOutCounts.sorted { $0.key < $1.key }
        if !leftOut.isEmpty {
            lines.append("Left out: " + leftOut.map { "\($0.value) (\($0.key))" }.joined(separator: "; ") + "; listed in \(ImportReport.fileName).")
        }
        let notCollected = state.manifest.principals.filter(\.serviceControlPoliciesNotCollected).count
        if notCollected > 0 {
            lines.append("SCPs not collected for \(notCollected) principal\(notCollected == 1 ? "" : "s") (SCPS_NOT_COLLECTED fails 'ecrguard audit \(directory)' until the manifest names their SCP levels).")
        }
        if state.gaps.isEmpty {
            if notCollected == 0 { lines.append("Nothing was left unread.") }
        } else {
            lines.append("\(state.gaps.count) gap\(state.gaps.count == 1 ? "" : "s") (each fails 'ecrguard audit \(directory)' until imported again):")
            for gap in ImportReport(state).gaps {
                let f = gap.finding
                lines.append("\(f.file):\(f.span.start.line):\(f.span.start.column): \(f.severity.rawValue) \(f.code) \(f.message)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
