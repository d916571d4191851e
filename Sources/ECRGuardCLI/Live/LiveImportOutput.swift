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

    /// Writes the directory; returns what was imported and every gap (each also in import-report.json).
    static func write(_ run: LiveImportRun, to directory: String) throws -> String {
        let state = state(run)
        do { try ImportedStateDirectory.write(state, to: directory) } catch {
            throw CLIFailure.runtime("cannot write \(directory): \(error)")
        }
        return summary(state, run: run, directory: directory)
    }

    static func summary(_ state: ImportedState, run: LiveImportRun, directory: String) -> String {
        let manifest = state.manifest
        let leftOut = state.provenance.leftOutCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        var lines = [
            "Imported \(manifest.registries.count) registr\(manifest.registries.count == 1 ? "y" : "ies") with "
                + "\(manifest.registries.map(\.repositories.count).reduce(0, +)) repositories and \(manifest.principals.count) principals "
                + "from \(run.read.accounts.count) account(s) into \(directory)/",
        ]
        if !leftOut.isEmpty { lines.append("Principals left out: " + leftOut.joined(separator: "; ")) }
        if !state.gaps.isEmpty {
            lines.append("\(state.gaps.count) part(s) could not be read (import-report.json; 'ecrguard audit \(directory)' fails on them):")
            for gap in state.gaps.sorted(by: { ($0.location.file, $0.subject) < ($1.location.file, $1.subject) }) {
                lines.append("  \(gap.location.file):\(gap.location.line):\(gap.location.column): high \(gap.code) \(gap.subject): \(gap.message)")
            }
        }
        let sent = run.requestsSent > 0 ? "\(run.requestsSent) requests, " : ""
        lines.append("\(run.read.pagesRead) answers read, \(sent)\(String(format: "%.2f", run.seconds)) s")
        return lines.joined(separator: "\n")
    }
}
