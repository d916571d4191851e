import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One cached registry login: the decoded user and password from `GetAuthorizationToken`, with when it
/// was requested and when it expires.
public struct CachedRegistryToken: Codable, Sendable, Equatable {
    public var username: String
    public var password: String
    public var requestedAt: Date
    public var expiresAt: Date

    public init(username: String, password: String, requestedAt: Date, expiresAt: Date) {
        self.username = username
        self.password = password
        self.requestedAt = requestedAt
        self.expiresAt = expiresAt
    }

    /// A token is used for the first half of its lifetime (6 of ECR's 12 hours), then fetched again, as
    /// amazon-ecr-credential-helper does: a cached token never reaches its end while in use.
    public func isFresh(at now: Date) -> Bool {
        let lifetime = expiresAt.timeIntervalSince(requestedAt)
        guard lifetime > 0 else { return false }
        return now >= requestedAt && now < requestedAt.addingTimeInterval(lifetime / 2)
    }
}

/// The token cache file: a JSON object keyed by registry host, readable by its owner only (0600), and
/// replaced atomically (a temporary file in the same directory, then rename) so a reader never sees half
/// a file. An unreadable cache is ignored and rewritten: it holds nothing that cannot be fetched again.
public struct RegistryTokenCache: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func load() -> [String: CachedRegistryToken] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return (try? decoder.decode([String: CachedRegistryToken].self, from: data)) ?? [:]
    }

    public func save(_ entries: [String: CachedRegistryToken]) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(entries)
        try AtomicFile.write(data, to: path, mode: 0o600)
    }
}

/// Replaces a file atomically: a temporary file in the same directory (created with `mode`), written and
/// synced, then renamed over the target. A reader sees the old file or the new one, never half of one.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, mode: mode_t) throws(RegistryError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch { throw RegistryError(.localFile, "cannot create \(directory): \(error.localizedDescription)") }
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(UUID().uuidString.prefix(8)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw RegistryError(.localFile, "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw RegistryError(.localFile, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// The Docker credential-helper protocol (`docker-credential-ecrguard get|store|erase|list|version`), as
/// Docker calls it: the request on stdin (a server URL for get and erase, JSON for store), the answer on
/// stdout, and on failure the error message on stdout with exit status 1. Answers to the protocol's edge
/// cases are amazon-ecr-credential-helper's, word for word; `erase` forgets the cached token.
public struct ECRCredentialHelper {
    public struct Answer: Equatable, Sendable {
        public var output: String
        public var status: Int32
        /// Why a login failed, for stderr (Docker shows only stdout): never a secret.
        public var diagnostic: String?

        public init(output: String, status: Int32, diagnostic: String? = nil) {
            self.output = output
            self.status = status
            self.diagnostic = diagnostic
        }
    }

    public static let notFound = "credentials not found in native keychain"

    public var cache: RegistryTokenCache
    public var clock: () -> Date
    /// Fetches a token for an ECR host (GetAuthorizationToken in the host's Region and account; ECR
    /// Public's GetAuthorizationToken for `public.ecr.aws`).
    public var fetch: (ECRRegistryHost) throws -> CachedRegistryToken
    public var version: String
    /// How the program was called (argv[0]), for the usage line.
    public var programName = "docker-credential-ecrguard"

    public init(cache: RegistryTokenCache, version: String, clock: @escaping () -> Date = { Date() },
                fetch: @escaping (ECRRegistryHost) throws -> CachedRegistryToken) {
        self.cache = cache
        self.version = version
        self.clock = clock
        self.fetch = fetch
    }

    public func handle(_ arguments: [String], input: Data) -> Answer {
        guard let action = arguments.first else { return Answer(output: "Usage: \(programName) <store|get|erase|list|version>\n", status: 1) }
        let text = String(decoding: input, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch action {
        case "get": return get(text)
        case "store":
            // The token comes from AWS, never from `docker login`: validate the request, then refuse.
            guard (try? JSONSerialization.jsonObject(with: input)) is [String: Any] else {
                return Answer(output: "invalid character '\(text.first.map(String.init) ?? "")' looking for beginning of value\n", status: 1)
            }
            return Answer(output: "not implemented\n", status: 1)
        case "erase":
            guard !text.isEmpty else { return Answer(output: "no credentials server URL\n", status: 1) }
            var entries = cache.load()
            if let key = Self.key(text), entries.removeValue(forKey: key) != nil {
                do { try cache.save(entries) } catch { return Answer(output: "\(error)\n", status: 1) }
            }
            return Answer(output: "", status: 0)
        case "list": return list()
        case "version": return Answer(output: version + "\n", status: 0)
        default: return Answer(output: "Unknown credential action `\(action)`\n", status: 1)
        }
    }

    /// The cache key: the host, lower case, without scheme, port or path.
    static func key(_ serverURL: String) -> String? {
        guard ECRRegistryHost(serverURL) != nil else { return nil }
        var text = serverURL.lowercased()
        for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        return String(text.prefix { $0 != "/" && $0 != ":" })
    }

    private func get(_ serverURL: String) -> Answer {
        guard !serverURL.isEmpty else { return Answer(output: "no credentials server URL\n", status: 1) }
        guard let host = ECRRegistryHost(serverURL), let key = Self.key(serverURL) else {
            return Answer(output: Self.notFound + "\n", status: 1)
        }
        var entries = cache.load()
        let now = clock()
        let token: CachedRegistryToken
        if let cached = entries[key], cached.isFresh(at: now) {
            token = cached
        } else {
            do { token = try fetch(host) } catch {
                return Answer(output: Self.notFound + "\n", status: 1, diagnostic: "\(error)")
            }
            let fetched = token
            entries[key] = fetched
            // A cache that cannot be written costs a token request next time, never the login.
            try? cache.save(entries)
        }
        let answer: [String: String] = ["ServerURL": serverURL, "Username": token.username, "Secret": token.password]
        guard let data = try? JSONSerialization.data(withJSONObject: answer, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return Answer(output: Self.notFound + "\n", status: 1)
        }
        return Answer(output: String(decoding: data, as: UTF8.self) + "\n", status: 0)
    }

    private func list() -> Answer {
        let now = clock()
        var listed: [String: String] = [:]
        for (host, token) in cache.load() where token.isFresh(at: now) { listed["https://" + host] = token.username }
        let data = (try? JSONSerialization.data(withJSONObject: listed, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Answer(output: String(decoding: data, as: UTF8.self) + "\n", status: 0)
    }
}
