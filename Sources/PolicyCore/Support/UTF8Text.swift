#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether the two strings have the same UTF-8 bytes. `==` on `String` compares canonical
    /// equivalence (`é` equals `e` followed by a combining accent); AWS compares what was sent, and
    /// positions count what was written, so tables of policy text, names and forms compare bytes.
    public func hasSameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var a = self, b = other
        return a.withUTF8 { x in b.withUTF8 { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }
}

/// Unicode-scalar counts and offsets of valid UTF-8 (a scalar is one byte that is not `10xxxxxx`,
/// then its continuation bytes): what `unicodeScalars` gives, without decoding. Policy positions
/// and lengths count scalars, as AWS's size limits do.
public enum UTF8Scalars {
    /// How many scalars the bytes hold.
    public static func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// `text.unicodeScalars.count`.
    public static func count(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { count($0) }
    }

    /// The byte offset of the scalar `scalars` scalars after the one at byte `start` (a scalar's
    /// first byte), or `bytes.count` when there are not that many.
    public static func offset(ofScalar scalars: Int, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start, remaining = scalars
        while index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 {
                if remaining == 0 { return index }
                remaining -= 1
            }
            index += 1
        }
        return bytes.count
    }
}

extension [String] {
    /// The elements with `separator` between them, as `joined(separator:)` writes them. Written out
    /// because the standard library's `joined` is unspecialized generic code: its first call in a
    /// process resolves associated types at run time, which scans every protocol conformance record
    /// of the binary (about 0.1 ms, and every `ecrguard ecr` call is a new process that signs).
    public func joinedText(separator: String) -> String {
        var text = ""
        for (index, element) in enumerated() {
            if index > 0 { text += separator }
            text += element
        }
        return text
    }
}

/// A text compared and hashed by its UTF-8 bytes, for tables keyed by text.
///
/// Swift's `==` on `String` treats canonically equivalent texts as equal (`é` and `e` followed by a
/// combining acute accent). To AWS they are different (its string conditions and action names compare
/// what was sent), and to the parser they have different columns and lengths: the audit's tables of
/// policy texts and decision forms, and the catalog's remembered action names, are keyed by the bytes.
public struct ExactText: Hashable, Sendable {
    public var text: String

    public init(_ text: String) {
        self.text = text
    }

    public static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        lhs.text.hasSameBytes(as: rhs.text)
    }

    public func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
