import Foundation
import RegistryAudit
import RegistryImport

/// `DIR/import-report.json`, written by `ecrguard import` beside the manifest: `audit DIR` reads its
/// gaps back, so an imported directory whose import could not read everything keeps failing.
enum ImportReportFile {
    /// The report's gaps, or none when the directory has no report. A report that cannot be read
    /// throws `ManifestErrors` (exit 2): it is never ignored.
    static func gaps(in directory: String) throws -> (path: String, gaps: [ImportGap])? {
        let path = RegistryLoader.join(directory, ImportReport.fileName)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return (path, try ImportReport.decode(try AuditCommand.readText(path), file: path).gaps)
    }
}
