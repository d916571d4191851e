import Foundation

/// `audit --live` and `diff DIR --live`: the accounts imported exactly as `import live` would write
/// them, into `keep` or a new temporary directory, then read like any policies/ directory (gaps
/// included, from its import-report.json). The import's summary goes to standard error, so the
/// command's own output (`--format json`) stays what it is.
enum LiveAudit {
    static func importDirectory(_ options: LiveImportOptions, keep: String?) throws -> String {
        let directory = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-live-\(UUID().uuidString)").path
        let run = try LiveImportRunner.live(options)
        FileHandle.standardError.write(Data(try LiveImportOutput.write(run, to: directory).text.utf8))
        return directory
    }
}
