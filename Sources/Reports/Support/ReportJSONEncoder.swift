import Foundation

/// Encodes a report value as `JSONEncoder` does with `[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]`, byte for byte, without its general machinery (a large registry's
/// report.json and SARIF encode tens of thousands of findings; `JSONEncoder` was most of their time).
/// It knows strings, integers, booleans, nil, arrays and objects, which is all the report types
/// hold; any other value (a `Double`, a `Date`, `Data`, a `URL`) makes `encode` return nil and the
/// caller use `JSONEncoder` itself. Layout: two spaces a level, `"key" : value`, keys in `String`
/// order, an empty object or array as `{`/`[`, a blank line and the closing bracket at the
/// object's indentation; in strings `"`, `\` and C0 controls escaped (`\b \t \n \f \r`, else
/// `\u00xx`), everything else as UTF-8.
enum ReportJSONEncoder {
    /// The `JSONEncoder` whose bytes this encoder writes: the reports' options. Values this encoder
    /// refuses are encoded by it.
    static var reference: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The encoded bytes (no trailing newline), or nil when the value holds a type this encoder leaves to `JSONEncoder`.
    static func encode(_ value: some Encodable) -> [UInt8]? {
        var out: [UInt8] = []
        return encode(value, depth: 0, into: &out) ? out : nil
    }

    /// Appends the value as it stands at `depth` levels (its lines after the first indented by two
    /// spaces a level, as `JSONEncoder`'s output placed there); false, with nothing appended, when
    /// the value holds a type this encoder leaves to `JSONEncoder`.
    static func encode(_ value: some Encodable, depth: Int, into out: inout [UInt8]) -> Bool {
        let root = Box()
        do {
            try Box.encode(value, into: root)
        } catch {
            return false
        }
        root.write(to: &out, depth: depth)
        return true
    }

    /// A value this encoder leaves to `JSONEncoder`.
    struct Unsupported: Error {}

    /// An object member: a key encoded again replaces the value (as in `JSONEncoder`).
    struct Member {
        var key: String
        var box: Box
    }

    /// One JSON value under construction (containers fill it in place).
    final class Box {
        var members: [Member]?
        var elements: [Box]?
        /// A string value.
        var text: String?
        /// The text of a number, boolean or null.
        var literal: String?

        func set(_ key: String, _ box: Box) {
            if let i = members!.firstIndex(where: { $0.key == key }) { members![i].box = box } else { members!.append(Member(key: key, box: box)) }
        }

        static func encode(_ value: some Encodable, into box: Box) throws {
            switch value {
            case let string as String: box.text = string
            case let bool as Bool: box.literal = bool ? "true" : "false"
            case let int as Int: box.literal = String(int)
            case let int as Int32: box.literal = String(int)
            case let int as Int64: box.literal = String(int)
            case let int as UInt: box.literal = String(int)
            case let int as UInt8: box.literal = String(int)
            case is Double, is Float, is Date, is Data, is URL, is Decimal: throw Unsupported()
            default: try value.encode(to: BoxEncoder(box: box))
            }
        }

        func write(to out: inout [UInt8], depth: Int) {
            if let text {
                Self.appendQuoted(text, to: &out)
            } else if let literal {
                out.append(contentsOf: literal.utf8)
            } else if let elements {
                out.append(UInt8(ascii: "["))
                if elements.isEmpty { out.append(0x0A) }
                for (i, element) in elements.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(0x0A)
                    Self.indent(&out, depth + 1)
                    element.write(to: &out, depth: depth + 1)
                }
                out.append(0x0A)
                Self.indent(&out, depth)
                out.append(UInt8(ascii: "]"))
            } else {
                let members = (self.members ?? []).sorted { $0.key < $1.key }
                out.append(UInt8(ascii: "{"))
                if members.isEmpty { out.append(0x0A) }
                for (i, member) in members.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(0x0A)
                    Self.indent(&out, depth + 1)
                    Self.appendQuoted(member.key, to: &out)
                    out.append(UInt8(ascii: " "))
                    out.append(UInt8(ascii: ":"))
                    out.append(UInt8(ascii: " "))
                    member.box.write(to: &out, depth: depth + 1)
                }
                out.append(0x0A)
                Self.indent(&out, depth)
                out.append(UInt8(ascii: "}"))
            }
        }

        static func indent(_ out: inout [UInt8], _ depth: Int) {
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }

        static let hex = Array("0123456789abcdef".utf8)

        /// `string` in quotes, escaped; runs that need no escape are copied whole.
        static func appendQuoted(_ string: String, to out: inout [UInt8]) {
            out.append(UInt8(ascii: "\""))
            var string = string
            string.withUTF8 { bytes in
                var start = 0
                for i in 0..<bytes.count {
                    let byte = bytes[i]
                    guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == 0x5C else { continue }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    start = i + 1
                    out.append(0x5C)
                    switch byte {
                    case UInt8(ascii: "\""), 0x5C: out.append(byte)
                    case 0x08: out.append(UInt8(ascii: "b"))
                    case 0x09: out.append(UInt8(ascii: "t"))
                    case 0x0A: out.append(UInt8(ascii: "n"))
                    case 0x0C: out.append(UInt8(ascii: "f"))
                    case 0x0D: out.append(UInt8(ascii: "r"))
                    default:
                        out.append(UInt8(ascii: "u"))
                        out.append(UInt8(ascii: "0"))
                        out.append(UInt8(ascii: "0"))
                        out.append(hex[Int(byte >> 4)])
                        out.append(hex[Int(byte & 0xF)])
                    }
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    struct BoxEncoder: Encoder {
        let box: Box
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if box.members == nil { box.members = [] }
            return KeyedEncodingContainer(Keyed<Key>(box: box))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if box.elements == nil { box.elements = [] }
            return Unkeyed(box: box)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(box: box) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        var codingPath: [any CodingKey] = []

        mutating func encodeNil(forKey key: Key) throws { box.set(key.stringValue, Self.null) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let child = Box()
            try Box.encode(value, into: child)
            box.set(key.stringValue, child)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = Box()
            box.set(key.stringValue, child)
            return BoxEncoder(box: child).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Box()
            box.set(key.stringValue, child)
            return BoxEncoder(box: child).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { UnsupportedEncoder() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { UnsupportedEncoder() }

        static var null: Box { let b = Box(); b.literal = "null"; return b }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: Box
        var codingPath: [any CodingKey] = []
        var count: Int { box.elements!.count }

        mutating func encodeNil() throws { box.elements!.append(Keyed<AnyKey>.null) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let child = Box()
            try Box.encode(value, into: child)
            box.elements!.append(child)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = Box()
            box.elements!.append(child)
            return BoxEncoder(box: child).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Box()
            box.elements!.append(child)
            return BoxEncoder(box: child).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { UnsupportedEncoder() }
    }

    struct Single: SingleValueEncodingContainer {
        let box: Box
        var codingPath: [any CodingKey] = []

        mutating func encodeNil() throws { box.literal = "null" }
        mutating func encode<T: Encodable>(_ value: T) throws { try Box.encode(value, into: box) }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// `superEncoder` (which no report type uses): every container it gives fails the encoding.
    struct UnsupportedEncoder: Encoder {
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(FailingKeyed<Key>())
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { FailingUnkeyed() }
        func singleValueContainer() -> any SingleValueEncodingContainer { FailingSingle() }
    }

    struct FailingKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        var codingPath: [any CodingKey] = []
        mutating func encodeNil(forKey key: Key) throws { throw Unsupported() }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw Unsupported() }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(FailingKeyed<NestedKey>())
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { FailingUnkeyed() }
        mutating func superEncoder() -> any Encoder { UnsupportedEncoder() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { UnsupportedEncoder() }
    }

    struct FailingUnkeyed: UnkeyedEncodingContainer {
        var codingPath: [any CodingKey] = []
        var count: Int { 0 }
        mutating func encodeNil() throws { throw Unsupported() }
        mutating func encode<T: Encodable>(_ value: T) throws { throw Unsupported() }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(FailingKeyed<NestedKey>())
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { FailingUnkeyed() }
        mutating func superEncoder() -> any Encoder { UnsupportedEncoder() }
    }

    struct FailingSingle: SingleValueEncodingContainer {
        var codingPath: [any CodingKey] = []
        mutating func encodeNil() throws { throw Unsupported() }
        mutating func encode<T: Encodable>(_ value: T) throws { throw Unsupported() }
    }
}
