import Foundation

/// The string values of a batch (principals, actions, resources, policy names, context texts), each
/// distinct text numbered once by its bytes, with what the reader derived from it. A value seen
/// before is found by hashing its bytes where they lie in the input: no `String` is built and no
/// string is hashed per case. Values are keyed by their decoded text, so `"\u0065cr:PutImage"` and
/// `"ecr:PutImage"` are the same value.
///
/// At most `limit` values (and `byteLimit` bytes of them) are kept, so memory does not grow with the
/// number of cases. A value the table cannot keep is numbered for the case being read only
/// (`isKept` is false; `forgetCaseValues()` drops it before the next case): the reader derives its
/// facts again in every case that has it, and keys no cache by its number.
///
/// The table is its own (`ValueTable`): the values are hashed eight bytes at a time with a seeded
/// word hash instead of `Hasher`'s SipHash, and equal hashes are confirmed byte for byte, so equal
/// bytes are always one value and different bytes never are.
struct BatchValues {
    /// What the reader has derived from one value, by the role it was read in (nil: not yet, or not valid).
    struct Facts {
        /// The principal, and its number among the kept principals (-1 for a value not kept).
        var principal: (identity: PrincipalIdentity, number: Int)?
        var action: ActionFacts?
        var resource: BatchReader.ResourceEntry?
        /// The value's number among the shared policies (`BatchReader.namedIDs`), -1 when it names
        /// none (nil: not looked up yet).
        var sharedPolicy: Int?
    }

    /// Numbers `0..<kept` are the table's; a `BatchValues` is not copied (it lives in one reader,
    /// and its table is shared by copies while these arrays are not).
    private let table: ValueTable
    private var kept = 0
    private(set) var strings: [String] = []
    var facts: [Facts] = []

    let limit: Int
    let byteLimit: Int

    /// - Parameter hashMask: the bits of each value's hash the table keeps (tests keep none, so
    ///   that every value collides with every other).
    init(limit: Int = 16_384, byteLimit: Int = 8 << 20, hashMask: UInt64 = ~0) {
        self.limit = limit
        self.byteLimit = byteLimit
        table = ValueTable(capacity: limit, hashMask: hashMask)
    }

    /// The number of the value with these (decoded UTF-8) bytes, numbering it if it is new (for the
    /// current case only when the table cannot keep it).
    @inline(__always)
    mutating func number(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = table.hash(bytes)
        if let known = table.find(bytes, hash: hash) { return known }
        return add(bytes, hash: hash)
    }

    /// The number of `text`, as `number(of:)`.
    mutating func number(of text: String) -> Int {
        var text = text
        return text.withUTF8 { number(of: $0) }
    }

    /// Whether the value stays numbered after the current case.
    @inline(__always)
    func isKept(_ number: Int) -> Bool { number < kept }

    /// Drops the values of the case just read that the table did not keep.
    @inline(__always)
    mutating func forgetCaseValues() {
        guard strings.count > kept else { return }
        strings.removeLast(strings.count - kept)
        facts.removeLast(facts.count - kept)
    }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        // Kept numbers are the first ones: once a value of this case was not kept, none after it is.
        if strings.count == kept, table.keptBytes + bytes.count <= byteLimit, table.insert(bytes, hash: hash) != nil {
            kept += 1
        }
        strings.append(String(decoding: bytes, as: UTF8.self))
        facts.append(Facts())
        return strings.count - 1
    }
}

/// Byte strings numbered 0, 1, 2, ... in the order they were first inserted: an open-addressing
/// hash table (linear probing) over copies of the bytes it keeps, with room for `capacity` of them
/// made at the start, so it is never more than half full and never rebuilt.
///
/// A lookup probes at most `maxProbes` slots: a value that would land further from its hash's slot
/// is not kept (`insert` is nil, as for a full table), so no input, however its values collide,
/// makes a lookup cost more than `maxProbes` comparisons.
///
/// The table's memory and counts are held by one object and read through plain pointers and
/// constants (no checked access to a stored variable on the lookup path): a `ValueTable` is a
/// handle, and its copies are one table.
struct ValueTable {
    /// How many slots a lookup reads at most.
    static let maxProbes = 32

    struct Entry {
        let base: UnsafePointer<UInt8>?
        let count: Int
        let hash: UInt64
    }

    /// Owns the slots, the entries and the kept bytes (freed with the table).
    private final class Storage {
        /// Entry index + 1 per slot, 0 for an empty slot; `mask + 1` slots.
        let slots: UnsafeMutablePointer<Int32>
        let mask: Int
        let entries: UnsafeMutablePointer<Entry>
        let capacity: Int
        /// Chunks the kept bytes are copied into, and the free room in the last one.
        var chunks: [UnsafeMutableRawPointer] = []
        var free: UnsafeMutableRawPointer?
        var freeCount = 0
        var count = 0
        var keptBytes = 0

        init(capacity: Int) {
            var slotCount = 16
            while slotCount < 2 * capacity { slotCount *= 2 }
            slots = .allocate(capacity: slotCount)
            slots.initialize(repeating: 0, count: slotCount)
            mask = slotCount - 1
            entries = .allocate(capacity: max(1, capacity))
            self.capacity = capacity
        }

        deinit {
            slots.deallocate()
            entries.deallocate()
            for chunk in chunks { chunk.deallocate() }
        }
    }

    private let storage: Storage
    private let seed: UInt64
    private let hashMask: UInt64

    /// How many values the table keeps.
    var count: Int { storage.count }
    /// Their bytes.
    var keptBytes: Int { storage.keptBytes }

    init(capacity: Int, hashMask: UInt64 = ~0) {
        storage = Storage(capacity: capacity)
        self.hashMask = hashMask
        // The process's random hashing seed (the one `Dictionary` uses), so values that collide in
        // one run do not in the next.
        var h = Hasher()
        h.combine(0x5EED as UInt64)
        seed = UInt64(truncatingIfNeeded: h.finalize())
    }

    @inline(__always)
    func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { Self.wordHash(bytes, seed: seed) & hashMask }

    /// The number of these bytes, nil when they are not in the table.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let slots = storage.slots, mask = storage.mask, entries = storage.entries
        var slot = Int(truncatingIfNeeded: hash) & mask
        for _ in 0..<Self.maxProbes {
            let e = Int(slots[slot])
            if e == 0 { return nil }
            let entry = entries[e - 1]
            if entry.hash == hash, entry.count == bytes.count,
               entry.count == 0 || memcmp(entry.base!, bytes.baseAddress!, entry.count) == 0 {
                return e - 1
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Keeps a copy of bytes not in the table (`find` was nil) and returns their number; nil when
    /// the table is full or their probe sequence is.
    func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let s = storage
        guard s.count < s.capacity else { return nil }
        let slots = s.slots, mask = s.mask
        var slot = Int(truncatingIfNeeded: hash) & mask
        for _ in 0..<Self.maxProbes {
            if slots[slot] == 0 {
                let number = s.count
                (s.entries + number).initialize(to: Entry(base: keep(bytes), count: bytes.count, hash: hash))
                slots[slot] = Int32(number + 1)
                s.count += 1
                s.keptBytes += bytes.count
                return number
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// A copy of the bytes that lives as long as the table.
    private func keep(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<UInt8>? {
        guard let source = bytes.baseAddress else { return nil }
        let s = storage
        if s.freeCount < bytes.count {
            let size = max(64 << 10, bytes.count)
            let chunk = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
            s.chunks.append(chunk)
            s.free = chunk
            s.freeCount = size
        }
        let copy = s.free!
        copy.copyMemory(from: source, byteCount: bytes.count)
        s.free = copy + bytes.count
        s.freeCount -= bytes.count
        return UnsafePointer(copy.assumingMemoryBound(to: UInt8.self))
    }

    /// A seeded hash of the bytes, eight at a time: each word is mixed in with a folded 64×64→128-bit
    /// multiply (as wyhash and foldhash do); the last word is the last eight bytes (overlapping the
    /// one before) or, for fewer than eight, the bytes read one by one; the length is mixed in at
    /// the start.
    static func wordHash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        let k0: UInt64 = 0x243F_6A88_85A3_08D3, k1: UInt64 = 0x1319_8A2E_0370_7344
        let n = bytes.count
        let h = fold(seed ^ UInt64(truncatingIfNeeded: n), k0)
        // No bytes: the same hash whether or not the empty buffer has an address.
        guard n > 0, let base = bytes.baseAddress else { return fold(h, k0) }
        let raw = UnsafeRawPointer(base)
        if n >= 8 {
            var h = h, i = 0
            while n - i > 8 {
                h = fold(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self), k1)
                i += 8
            }
            return fold(h ^ raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), k0)
        }
        var tail: UInt64 = 0
        for i in 0..<n { tail |= UInt64(base[i]) << UInt64(8 * i) }
        return fold(h ^ tail, k0)
    }

    /// The high and low halves of the full product, XORed.
    @inline(__always)
    private static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let p = a.multipliedFullWidth(by: b)
        return p.high ^ p.low
    }
}
