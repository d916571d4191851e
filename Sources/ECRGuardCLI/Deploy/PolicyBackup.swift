import ECRClient
import Foundation

/// Saves the live policy or replication configuration a change is about to replace, one file per
/// change, written to a temporary name and renamed so no half file is left behind.
final class PolicyBackup {
    let directory: String
    private(set) var written = 0

    init(directory: String) { self.directory = directory }

    /// Returns the path written, or nil when there was nothing live to save.
    /// Files are named after the account that answered and the Region the live value was read in.
    func save(_ change: PlannedChange, live: LiveRegistry) throws -> String? {
        let prefix = "\(live.account)-\(live.region)"
        let (name, text): (String, String?)
        switch change {
        case .setRepositoryPolicy(let repository, let live, _):
            (name, text) = ("\(prefix)-repository-\(repository.replacingOccurrences(of: "/", with: "_")).json", live)
        case .putRegistryPolicy(let live, _):
            (name, text) = ("\(prefix)-registry-policy.json", live)
        case .putReplication(let live, _):
            (name, text) = ("\(prefix)-replication.json", live?.jsonValue().pretty)
        default:
            return nil
        }
        guard let text else { return nil }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = (directory as NSString).appendingPathComponent(name)
            let temporary = path + ".tmp"
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
            written += 1
            return path
        } catch {
            throw CLIFailure.runtime("cannot save a backup of the live policy in \(directory): \(error.localizedDescription); nothing more was changed")
        }
    }
}
