import Foundation

/// The string values of a batch (principals, actions, resources, policy names, context texts), each
/// distinct text numbered once by its bytes, with what the reader derived from it. A value seen
/// before is found by hashing its bytes where they lie in the input: no `String` is built and no
/// string is hashed per case. Values are keyed by their decoded text, so `"\u0065cr:PutImage"` and
/// `"ecr:PutImage"` are the same value.
///
/// At most `limit` values (and `byteLimit` bytes of them) are kept, so memory does not grow with the
/// number of cases; past that, `number(of:)` is nil and the reader works from the text alone.
struct BatchValues {
    /// What the reader has derived from one value, by the role it was read in (nil: not yet, or not valid).
    struct Facts {
        var principal: (identity: PrincipalIdentity, number: Int)?
        var action: ActionFacts?
        var resource: BatchReader.ResourceEntry?
        /// The value's number among the shared policies (`BatchReader.namedIDs`) when it names one.
        var sharedPolicy: Int?
    }

    /// Bytes compared by content; a lookup's key points into the input, a kept key into `storage`.
    private struct Bytes: Hashable {
        let base: UnsafePointer<UInt8>?
        let count: Int

        static func == (a: Bytes, b: Bytes) -> Bool {
            a.count == b.count && (a.count == 0 || memcmp(a.base!, b.base!, a.count) == 0)
        }

        func hash(into h: inout Hasher) {
            h.combine(bytes: UnsafeRawBufferPointer(start: base, count: count))
        }
    }

    /// Owns the kept bytes (freed with the reader).
    private final class Storage {
        var blocks: [UnsafeMutableBufferPointer<UInt8>] = []

        func keep(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<UInt8>? {
            guard !bytes.isEmpty else { return nil }
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
            _ = copy.initialize(from: bytes)
            blocks.append(copy)
            return UnsafePointer(copy.baseAddress)
        }

        deinit {
            for block in blocks { block.deallocate() }
        }
    }

    private var numbers: [Bytes: Int] = [:]
    private let storage = Storage()
    private var keptBytes = 0
    private(set) var strings: [String] = []
    var facts: [Facts] = []

    let limit: Int
    let byteLimit: Int

    init(limit: Int = 16_384, byteLimit: Int = 8 << 20) {
        self.limit = limit
        self.byteLimit = byteLimit
    }

    /// The number of the value with these (decoded UTF-8) bytes, numbering it if it is new; nil when
    /// it is new and the table is full.
    @inline(__always)
    mutating func number(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if let known = numbers[Bytes(base: bytes.baseAddress, count: bytes.count)] { return known }
        return add(bytes)
    }

    /// The number of `text`, as `number(of:)`.
    mutating func number(of text: String) -> Int? {
        var text = text
        return text.withUTF8 { number(of: $0) }
    }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard strings.count < limit, keptBytes + bytes.count <= byteLimit else { return nil }
        let number = strings.count
        numbers[Bytes(base: storage.keep(bytes), count: bytes.count)] = number
        keptBytes += bytes.count
        strings.append(String(decoding: bytes, as: UTF8.self))
        facts.append(Facts())
        return number
    }
}
