import Foundation
import PolicyCore

/// Writes `report.html`, `junit.xml`, `results.sarif` and `report.json` into a directory. Each file
/// is rendered straight into its own temporary file beside its destination, up to `workers` of them
/// at the same time (1: one after another); once all four are written they are renamed over their
/// destinations, so a reader never sees half a file. A rendering error (the first in file order
/// when several fail) leaves the old reports untouched and removes every temporary file.
public struct ReportDirectoryWriter: Sendable {
    public static let fileNames = ["report.html", "junit.xml", "results.sarif", "report.json"]

    public var directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Each report's file name and how it is rendered, in the order they are written. They share
    /// one `ReportDerivations` of the report (fingerprints and excerpts are computed once).
    static let renderers: [(name: String, render: @Sendable (AuditReport, ReportDerivations, ReportOutput) throws -> Void)] = [
        ("report.html", { try HTMLReportWriter.render($0, derived: $1, into: $2) }),
        ("junit.xml", { try JUnitReportWriter.render($0, options: JUnitReportWriter.Options(), derived: $1, into: $2) }),
        ("results.sarif", { try SARIFReportWriter.render($0, derived: $1, into: $2) }),
        ("report.json", { try JSONReportWriter.render($0, derived: $1, into: $2) }),
    ]

    /// The rendered reports, by file name.
    public static func render(_ report: AuditReport) throws -> [(name: String, data: Data)] {
        let derived = ReportDerivations(report)
        return try renderers.map { renderer in
            let output = ReportOutput()
            try renderer.render(report, derived, output)
            return (renderer.name, Data(output.bytes))
        }
    }

    /// Renders and writes every report, on up to `workers` threads; returns the written files' URLs.
    @discardableResult
    public func write(_ report: AuditReport, workers: Int = 1) throws -> [URL] {
        try write(report, renderers: Self.renderers, workers: workers)
    }

    /// `write(_:workers:)` with the given renderers (the tests' way to make one fail).
    func write(_ report: AuditReport, renderers: [(name: String, render: @Sendable (AuditReport, ReportDerivations, ReportOutput) throws -> Void)],
               workers: Int) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Shared by the renderers, so computed before any starts: the order and fingerprints, and each
        // finding's excerpt as report.html, junit.xml, report.json (2 lines of context) and
        // results.sarif (none) show it.
        let fingerprints = ReportFingerprints(report, workers: workers)
        let excerpts = PreparedExcerpts(report, sorted: fingerprints.sorted, contextLines: [2, 0], workers: workers)
        let directory = directory
        let rendered = ParallelWork.map(renderers, workers: workers) { renderer -> Result<URL, ReportWriteError> in
            let destination = directory.appendingPathComponent(renderer.name)
            let temporary = directory.appendingPathComponent(".\(renderer.name).\(UUID().uuidString).tmp")
            do {
                try Self.write(temporary.path) { try renderer.render(report, ReportDerivations(report, fingerprints: fingerprints, excerpts: excerpts), $0) }
                return .success(temporary)
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                return .failure(ReportWriteError(file: destination.path, reason: String(describing: error)))
            }
        }
        // Thousands of excerpts and fingerprints for a large registry: freed on another thread while
        // the files are renamed.
        ParallelWork.release((consume fingerprints, consume excerpts), workers: workers)
        var written: [(temporary: URL, destination: URL)] = []
        defer { for file in written { try? FileManager.default.removeItem(at: file.temporary) } }
        for (renderer, outcome) in zip(renderers, rendered) {
            if case .success(let temporary) = outcome { written.append((temporary, directory.appendingPathComponent(renderer.name))) }
        }
        for case .failure(let error) in rendered { throw error }
        var renamed: [URL] = []
        while let file = written.first {
            if rename(file.temporary.path, file.destination.path) != 0 {
                let code = errno
                throw ReportWriteError(file: file.destination.path, reason: String(cString: strerror(code))
                    + (renamed.isEmpty ? "" : " (already replaced: " + renamed.map(\.lastPathComponent).joined(separator: ", ") + ")"))
            }
            renamed.append(file.destination)
            written.removeFirst()
        }
        return renamed
    }
}

extension ReportDirectoryWriter {
    /// Creates `path` (it must not exist) and writes what `render` puts into its output, through
    /// a fixed-size buffer: the report is never held whole in memory.
    static func write(_ path: String, _ render: (ReportOutput) throws -> Void) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw ReportOutputError(code: errno) }
        var closed = false
        defer { if !closed { close(descriptor) } }
        let output = ReportOutput(descriptor: descriptor)
        try render(output)
        try output.finish()
        // On disk before it is renamed over the old report (as `Data.write(to:)` did).
        if fsync(descriptor) != 0 { throw ReportOutputError(code: errno) }
        closed = true
        if close(descriptor) != 0 { throw ReportOutputError(code: errno) }
    }
}

/// A report could not be written.
public struct ReportWriteError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var reason: String
    public var description: String { "cannot write \(file): \(reason)" }
}
