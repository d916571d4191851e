import Foundation
import PolicyChecks
import PolicyCore
import RegistryAudit
import RegistryImport

/// The state an `import live` or `import snapshot` run produced, and how it is written and summarised.
enum LiveImportOutput {
    static func state(_ run: LiveImportRun) -> ImportedState {
        LiveStateMapper.state(run.read) { account, details, resourcePolicies in
            LiveIdentities.state(account: account, details: details, resourcePolicies: resourcePolicies)
        }
    }

    /// Writes the directory; returns what `import` prints (what was imported, each gap) and whether it is incomplete.
    /// `layered` turns the state read into the state written (`audit DIR --live` lays it over DIR); the
    /// summary's first line counts what was read, the rest what was written.
    static func write(_ run: LiveImportRun, to directory: String,
                      layered: (ImportedState) -> ImportedState = { $0 }) throws -> (text: String, incomplete: Bool) {
        let read = state(run)
        let state = layered(read)
        let summary = try ImportOutput.write(state, to: directory)
        let sent = run.requestsSent > 0 ? ", \(run.requestsSent) requests" : ""
        let text = "Read \(run.read.accounts.count) account(s) in \(run.read.regions.count) Region(s): \(read.manifest.registries.count) registries, "
            + "\(read.manifest.registries.map(\.repositories.count).reduce(0, +)) repositories (\(run.read.pagesRead) answers\(sent), "
            + String(format: "%.2f s", run.seconds) + ").\n" + ImportOutput.text(state, directory: directory, summary: summary)
        return (text, ImportOutput.isIncomplete(state))
    }
}
