import Foundation
import PolicyCore

/// The findings a repository has already accepted as they are: with `--baseline`, only findings
/// whose fingerprint is not in the baseline fail the gate. Fingerprints ignore line numbers, so
/// edits elsewhere in a file keep old findings baselined; changing the statement makes them new.
public struct Baseline: Sendable, Equatable {
    public struct Entry: Sendable, Equatable, Codable {
        public var fingerprint: String
        public var code: String
        public var file: String
        public var path: String
        /// For the reader of the baseline file; not used for matching.
        public var message: String

        public init(fingerprint: String, code: String, file: String, path: String, message: String) {
            self.fingerprint = fingerprint
            self.code = code
            self.file = file
            self.path = path
            self.message = message
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// A baseline of these findings (those without a fingerprint are skipped: nothing stable to match).
    public init(findings: [Finding]) {
        entries = findings.compactMap { f in
            f.fingerprint.map { Entry(fingerprint: $0, code: f.code, file: f.file, path: f.path, message: f.message) }
        }
        entries.sort { ($0.file, $0.code, $0.path, $0.fingerprint) < ($1.file, $1.code, $1.path, $1.fingerprint) }
    }

    public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    private struct FileFormat: Codable {
        var ecrguardBaseline: Int
        var findings: [Entry]
    }

    public static let formatVersion = 1

    /// Reads a baseline file written by `render`.
    public static func parse(_ data: Data, file: String) throws(FormatError) -> Baseline {
        do {
            let decoded = try JSONDecoder().decode(FileFormat.self, from: data)
            guard decoded.ecrguardBaseline == formatVersion else {
                throw FormatError(file: file, message: "baseline format \(decoded.ecrguardBaseline) is not supported (expected \(formatVersion)); write it again with --write-baseline")
            }
            return Baseline(entries: decoded.findings)
        } catch let error as FormatError {
            throw error
        } catch {
            throw FormatError(file: file, message: "not an ecrguard baseline (write one with --write-baseline): \(Self.describe(error))")
        }
    }

    /// Deterministic, pretty-printed JSON (sorted entries and keys), so the file diffs well in review.
    public func render() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and ints cannot fail.
        var data = (try? encoder.encode(FileFormat(ecrguardBaseline: Self.formatVersion, findings: entries))) ?? Data()
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// How many findings with each fingerprint the baseline accepts.
    var counts: [String: Int] {
        entries.reduce(into: [:]) { $0[$1.fingerprint, default: 0] += 1 }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing key '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context): context.debugDescription
        case DecodingError.dataCorrupted(let context): context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        default: "\(error)"
        }
    }
}
