import Foundation

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
    private(set) var storage: [String: ContextValue] = [:]
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

    /// Lookup by an already lower-cased key. (The evaluator reads `AccessRequest`'s context table.)
    func value(lowercasedKey: String) -> ContextValue? {
        storage[lowercasedKey]
    }

    /// The keys as written, sorted.
    public var keys: [String] { spellings.values.sorted() }

    public var isEmpty: Bool { storage.isEmpty }
}

/// Equality of two ASCII strings (for them, equal bytes is exactly `==`), cheaper than `==` for
/// context keys: lengths first, then one `memcmp` (word-wise, where a byte loop over keys sharing
/// prefixes such as `aws:principal` cost several instructions a byte).
@inline(__always)
func asciiBytesEqual(_ a: String, _ b: String) -> Bool {
    let n = a.utf8.count
    guard n == b.utf8.count else { return false }
    let result = a.utf8.withContiguousStorageIfAvailable { pa in
        b.utf8.withContiguousStorageIfAvailable { pb -> Bool in
            n == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, n) == 0
        }
    }
    if let r = result ?? nil { return r }
    return a == b
}
