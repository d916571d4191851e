/// A JSON object that keeps its keys in insertion order, as Python's `dict` does (the AWS CLI
/// prints results in that order). Setting an existing key replaces its value in place. Keys are
/// compared by Unicode scalars, not by canonical equivalence, so "é" and "e\u{301}" are two keys.
public struct JMESObject: Sendable, Equatable, Sequence {
    public typealias Entry = (key: String, value: JMESValue)

    public private(set) var keys: [String] = []
    public private(set) var values: [JMESValue] = []
    /// Positions by key, kept only for objects large enough that a linear search would cost more.
    private var positions: [ExactKey: Int]?
    private static let indexThreshold = 12

    public init() {}

    public init(_ entries: [Entry]) {
        for entry in entries { self[entry.key] = entry.value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> JMESValue? {
        get { position(of: key).map { values[$0] } }
        set {
            if let i = position(of: key) {
                if let newValue { values[i] = newValue } else { remove(at: i) }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
                if positions != nil {
                    positions![ExactKey(key)] = keys.count - 1
                } else if keys.count > Self.indexThreshold {
                    buildIndex()
                }
            }
        }
    }

    public func makeIterator() -> Iterator { Iterator(object: self) }

    /// The entries in order. A concrete iterator, not `AnyIterator`: its closure box is a generic type
    /// the runtime instantiates, and finding its conformance scans every conformance of the binary.
    public struct Iterator: IteratorProtocol {
        let object: JMESObject
        var index = 0

        public mutating func next() -> Entry? {
            guard index < object.keys.count else { return nil }
            defer { index += 1 }
            return (object.keys[index], object.values[index])
        }
    }

    public static func == (a: JMESObject, b: JMESObject) -> Bool {
        a.count == b.count && a.allSatisfy { entry in b[entry.key] == entry.value }
    }

    private func position(of key: String) -> Int? {
        if let positions { return positions[ExactKey(key)] }
        return keys.firstIndex { $0.utf8.elementsEqual(key.utf8) }
    }

    private mutating func remove(at i: Int) {
        keys.remove(at: i)
        values.remove(at: i)
        if positions != nil { buildIndex() }
    }

    private mutating func buildIndex() {
        var index: [ExactKey: Int] = [:]
        for (i, key) in keys.enumerated() { index[ExactKey(key)] = i }
        positions = index
    }
}

/// A string compared and hashed by its UTF-8 bytes (Swift's `String ==` uses canonical equivalence).
struct ExactKey: Hashable, Sendable {
    var string: String
    init(_ string: String) { self.string = string }
    static func == (a: ExactKey, b: ExactKey) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }
    func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// Orders strings by Unicode code point, as Python does (UTF-8 byte order is code point order).
    func precedesByCodePoint(_ other: String) -> Bool {
        utf8.lexicographicallyPrecedes(other.utf8)
    }
}
