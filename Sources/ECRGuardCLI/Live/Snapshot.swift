import ECRClient
import Foundation

/// `--snapshot DIR`: every raw answer of an import (and every failure), one file per page, named by
/// account, Region, service, operation, subject and page, with an index `snapshot.json`. No
/// credentials are kept: AssumeRole is recorded only as succeeded or failed.
///
///     DIR/snapshot.json
///     DIR/<account>/<region|global>/<service>/<Operation>[.<subject>].<page>.<json|xml>
struct SnapshotIndex: Codable, Sendable {
    static let format = "ecrguard-live-snapshot"
    var format = SnapshotIndex.format
    var version = 1
    /// What the import was asked to read (replayed the same way): the accounts given (nil: the
    /// caller's, or the organization's with `organizationWide`) and the Regions.
    var accounts: [String]?
    var organizationWide: Bool
    var regions: [String]
    var entries: [Entry]

    struct Entry: Codable, Sendable, Comparable {
        var call: LiveCall
        var page: Int
        /// Relative to the snapshot directory; nil for a failure.
        var file: String?
        var failure: LiveCallFailure?

        static func < (a: Self, b: Self) -> Bool { (a.call, a.page) < (b.call, b.page) }
        static func == (a: Self, b: Self) -> Bool { a.call == b.call && a.page == b.page }
    }

    static let fileName = "snapshot.json"

    /// Where the answer of `call`'s page is kept. Subjects (repository names hold `/`) are percent-encoded.
    static func path(_ call: LiveCall, page: Int) -> String {
        let subject = call.subject.map { "." + encode($0) } ?? ""
        let ext = call.service.isQueryProtocol ? "xml" : "json"
        return "\(encode(call.account))/\(encode(call.region))/\(call.service.rawValue)/\(encode(call.operation))\(subject).\(page).\(ext)"
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

struct SnapshotError: Error, CustomStringConvertible {
    var description: String
}

/// Records what another source answers into a snapshot directory while passing it on.
final class SnapshotRecorder: LiveSource, @unchecked Sendable {
    let inner: any LiveSource
    let directory: URL
    private var entries: [SnapshotIndex.Entry] = []
    private let lock = NSLock()

    init(inner: any LiveSource, directory: URL) throws {
        self.inner = inner
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func enter(account: String, callerAccount: String) throws(LiveCallFailure) {
        let call = LiveCall(account: account, service: .sts, operation: "AssumeRole")
        do {
            try inner.enter(account: account, callerAccount: callerAccount)
            record(SnapshotIndex.Entry(call: call, page: 0, file: nil, failure: nil))
        } catch {
            record(SnapshotIndex.Entry(call: call, page: 0, file: nil, failure: error))
            throw error
        }
    }

    func answer(_ request: LiveRequest, page: Int) throws(LiveCallFailure) -> Data {
        let data: Data
        do { data = try inner.answer(request, page: page) } catch {
            record(SnapshotIndex.Entry(call: request.call, page: page, file: nil, failure: error))
            throw error
        }
        let path = SnapshotIndex.path(request.call, page: page)
        let url = directory.appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        } catch {
            throw LiveCallFailure(code: "SnapshotWriteFailed", message: "cannot write \(url.path): \(error.localizedDescription)", status: 0)
        }
        record(SnapshotIndex.Entry(call: request.call, page: page, file: path, failure: nil))
        return data
    }

    private func record(_ entry: SnapshotIndex.Entry) {
        lock.lock()
        entries.append(entry)
        lock.unlock()
    }

    /// Writes `snapshot.json` (entries sorted, so two snapshots of the same account compare equal).
    func finish(_ plan: LiveReadPlan) throws {
        lock.lock()
        var unique: [SnapshotIndex.Entry] = []
        for entry in entries.sorted() where unique.last != entry { unique.append(entry) }
        let index = SnapshotIndex(accounts: plan.accounts, organizationWide: plan.organizationWide, regions: plan.regions, entries: unique)
        lock.unlock()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(index).write(to: directory.appendingPathComponent(SnapshotIndex.fileName))
    }
}

/// Answers from a snapshot directory: the same calls get the same answers (or failures); a call the
/// snapshot does not hold is a failure `NotInSnapshot`, reported like any other unread call.
final class SnapshotSource: LiveSource, @unchecked Sendable {
    let directory: URL
    let accounts: [String]?
    let organizationWide: Bool
    let regions: [String]
    private let entries: [String: SnapshotIndex.Entry]

    init(directory: URL) throws {
        self.directory = directory
        let indexURL = directory.appendingPathComponent(SnapshotIndex.fileName)
        guard let data = FileManager.default.contents(atPath: indexURL.path) else {
            throw SnapshotError(description: "no snapshot at \(directory.path) (\(SnapshotIndex.fileName) is missing)")
        }
        let index: SnapshotIndex
        do { index = try JSONDecoder().decode(SnapshotIndex.self, from: data) } catch {
            throw SnapshotError(description: "\(indexURL.path) is not a snapshot index: \(error)")
        }
        guard index.format == SnapshotIndex.format, index.version == 1 else {
            throw SnapshotError(description: "\(indexURL.path): unsupported snapshot format \(index.format) version \(index.version)")
        }
        accounts = index.accounts
        organizationWide = index.organizationWide
        regions = index.regions
        entries = Dictionary(index.entries.map { (Self.key($0.call, $0.page), $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func key(_ call: LiveCall, _ page: Int) -> String { SnapshotIndex.path(call, page: page) }

    func enter(account: String, callerAccount: String) throws(LiveCallFailure) {
        guard account != callerAccount else { return }
        let entry = try lookup(LiveCall(account: account, service: .sts, operation: "AssumeRole"), page: 0)
        if let failure = entry.failure { throw failure }
    }

    func answer(_ request: LiveRequest, page: Int) throws(LiveCallFailure) -> Data {
        let entry = try lookup(request.call, page: page)
        if let failure = entry.failure { throw failure }
        guard let file = entry.file, let data = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path) else {
            throw LiveCallFailure(code: "NotInSnapshot", message: "the snapshot names \(entry.file ?? "no file") but it cannot be read", status: 0)
        }
        return data
    }

    private func lookup(_ call: LiveCall, page: Int) throws(LiveCallFailure) -> SnapshotIndex.Entry {
        guard let entry = entries[Self.key(call, page)] else {
            throw LiveCallFailure(code: "NotInSnapshot", message: "the snapshot holds no answer to \(call) page \(page)", status: 0)
        }
        return entry
    }
}
