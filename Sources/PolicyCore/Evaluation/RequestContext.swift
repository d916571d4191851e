/// The value of one request context key: a single string or a set of strings (multi-valued keys
/// such as `aws:PrincipalTag/...` lists, `aws:TagKeys`, `aws:CalledVia`).
public enum ContextValue: Sendable, Hashable, CustomStringConvertible {
    case single(String)
    case multiple([String])

    /// The values as a set; a single value is a set of one.
    public var values: [String] {
        switch self {
        case .single(let v): [v]
        case .multiple(let vs): vs
        }
    }

    public var description: String {
        switch self {
        case .single(let v): v
        case .multiple(let vs): "[" + vs.joined(separator: ", ") + "]"
        }
    }
}

/// The condition keys a request carries. Keys are case-insensitive, as in IAM.
public struct RequestContext: Sendable, Equatable {
    /// Keyed by the lower-cased key.
    private(set) var storage: [String: ContextValue] = [:] { didSet { entries = storage.map { ($0.key, $0.value) } } }
    /// The same pairs as a small array: a request carries a handful of keys, and comparing a few
    /// short strings is cheaper than hashing one.
    private(set) var entries: [(key: String, value: ContextValue)] = []
    /// Original spellings, for display.
    private(set) var spellings: [String: String] = [:]

    public init() {}

    public init(_ values: [String: ContextValue]) {
        for (k, v) in values { self[k] = v }
    }

    public static func == (a: RequestContext, b: RequestContext) -> Bool { a.storage == b.storage }

    public subscript(key: String) -> ContextValue? {
        get { storage[key.lowercased()] }
        set {
            let lower = key.lowercased()
            storage[lower] = newValue
            spellings[lower] = newValue == nil ? nil : key
        }
    }

    /// Lookup by an already lower-cased key (the evaluator's hot path).
    @inline(__always)
    func value(lowercasedKey: String) -> ContextValue? {
        if entries.count > 12 { return storage[lowercasedKey] }
        // Lengths first: most keys differ in length, and comparing lengths is far cheaper than strings.
        let length = lowercasedKey.utf8.count
        for e in entries where e.key.utf8.count == length && e.key == lowercasedKey { return e.value }
        return nil
    }

    /// The keys as written, sorted.
    public var keys: [String] { spellings.values.sorted() }

    public var isEmpty: Bool { storage.isEmpty }
}
