import Foundation

/// Writes `report.html`, `junit.xml`, `results.sarif` and `report.json` into a directory. Every file
/// is rendered first, then written to a temporary file beside its destination and renamed over it,
/// so a reader never sees half a file and a rendering error leaves the old reports untouched.
public struct ReportDirectoryWriter: Sendable {
    public static let fileNames = ["report.html", "junit.xml", "results.sarif", "report.json"]

    public var directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The rendered reports, by file name.
    public static func render(_ report: AuditReport) throws -> [(name: String, data: Data)] {
        [
            ("report.html", try HTMLReportWriter.render(report)),
            ("junit.xml", try JUnitReportWriter.render(report)),
            ("results.sarif", try SARIFReportWriter.render(report)),
            ("report.json", try JSONReportWriter.render(report)),
        ]
    }

    /// Renders every report, then writes them; returns the written files' URLs.
    @discardableResult
    public func write(_ report: AuditReport) throws -> [URL] {
        let files = try Self.render(report)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try files.map { try writeAtomically($0.data, name: $0.name) }
    }

    func writeAtomically(_ data: Data, name: String) throws -> URL {
        let destination = directory.appendingPathComponent(name)
        let temporary = directory.appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary, options: [.withoutOverwriting])
            if rename(temporary.path, destination.path) != 0 {
                let code = errno
                throw ReportWriteError(file: destination.path, reason: String(cString: strerror(code)))
            }
        } catch let error as ReportWriteError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportWriteError(file: destination.path, reason: error.localizedDescription)
        }
        return destination
    }
}

/// A report could not be written.
public struct ReportWriteError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var reason: String
    public var description: String { "cannot write \(file): \(reason)" }
}
