/// Short texts assembled byte by byte in the string's own storage: the pieces a report writes for
/// every finding (`file:line:column`, sort keys, anchors). A string interpolation of the same pieces
/// cost several times as much (its buffer grown piece by piece, every integer formatted through
/// `description`), and a large report makes tens of thousands of them.
struct AssembledText {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private(set) var count = 0

    private init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress!
        capacity = buffer.count
    }

    /// The string `build` appends, in at most `capacity` bytes (more is a programming error).
    /// Count `decimalLimit` bytes for each integer.
    static func string(capacity: Int, _ build: (inout AssembledText) -> Void) -> String {
        String(unsafeUninitializedCapacity: max(1, capacity)) { buffer in
            var text = AssembledText(buffer)
            build(&text)
            return text.count
        }
    }

    /// The most bytes `append(decimal:)` writes (`-9223372036854775808`).
    static let decimalLimit = 20

    mutating func append(_ byte: UInt8) {
        precondition(count < capacity, "assembled text longer than its capacity")
        base[count] = byte
        count += 1
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        precondition(count + bytes.count <= capacity, "assembled text longer than its capacity")
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// `String(value)`, left-padded with `0` to `width` bytes (a shorter width pads nothing), as
    /// `String(repeating: "0", count: max(0, width - s.count)) + s` for `s = String(value)`.
    /// Counts at most `max(width, decimalLimit)` bytes.
    mutating func append(decimal value: Int, width: Int = 0) {
        Self.withDecimal(value) { digits in
            for _ in 0..<max(0, width - digits.count) { append(UInt8(ascii: "0")) }
            append(digits)
        }
    }

    /// The bytes of `String(value)`, made on the stack and handed to `body`.
    static func withDecimal<Result>(_ value: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // The digits backwards from the end of a small buffer.
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &scratch) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var magnitude = value.magnitude, first = bytes.count
            repeat {
                first -= 1
                bytes[first] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                first -= 1
                bytes[first] = UInt8(ascii: "-")
            }
            return body(UnsafeBufferPointer(rebasing: bytes[first...]))
        }
    }
}
