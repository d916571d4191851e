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
    /// The encoded bytes (no trailing newline), or nil when the value holds a type this encoder leaves to `JSONEncoder`.
    static func encode(_ value: some Encodable) -> [UInt8]? {
        let root = Box()
        do {
            try Box.encode(value, into: root)
        } catch {
            return nil
        }
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        root.write(to: &out, depth: 0)
        return out
    }

    /// A value this encoder leaves to `JSONEncoder`.
    struct Unsupported: Error {}

    /// One JSON value under construction (containers fill it in place).
    final class Box {
        var object: [String: Box]?
        var array: [Box]?
        /// The encoded text of a string, number, boolean or null.
        var scalar: [UInt8]?

        static func encode(_ value: some Encodable, into box: Box) throws {
            switch value {
            case let string as String: box.scalar = quoted(string)
            case let bool as Bool: box.scalar = Array((bool ? "true" : "false").utf8)
            case let int as Int: box.scalar = Array(String(int).utf8)
            case let int as Int32: box.scalar = Array(String(int).utf8)
            case let int as Int64: box.scalar = Array(String(int).utf8)
            case let int as UInt: box.scalar = Array(String(int).utf8)
            case let int as UInt8: box.scalar = Array(String(int).utf8)
            case is Double, is Float, is Date, is Data, is URL, is Decimal: throw Unsupported()
            default: try value.encode(to: BoxEncoder(box: box))
            }
        }

        func write(to out: inout [UInt8], depth: Int) {
            if let scalar {
                out.append(contentsOf: scalar)
            } else if let array {
                out.append(UInt8(ascii: "["))
                if array.isEmpty {
                    out.append(0x0A)
                } else {
                    for (i, element) in array.enumerated() {
                        out.append(contentsOf: i == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                        Self.indent(&out, depth + 1)
                        element.write(to: &out, depth: depth + 1)
                    }
                }
                out.append(0x0A)
                Self.indent(&out, depth)
                out.append(UInt8(ascii: "]"))
            } else {
                let members = (object ?? [:]).sorted { $0.key < $1.key }
                out.append(UInt8(ascii: "{"))
                if members.isEmpty {
                    out.append(0x0A)
                } else {
                    for (i, member) in members.enumerated() {
                        out.append(contentsOf: i == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                        Self.indent(&out, depth + 1)
                        out.append(contentsOf: Self.quoted(member.key))
                        out.append(contentsOf: Array(" : ".utf8))
                        member.value.write(to: &out, depth: depth + 1)
                    }
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

        static func quoted(_ string: String) -> [UInt8] {
            var out: [UInt8] = [UInt8(ascii: "\"")]
            out.reserveCapacity(string.utf8.count + 2)
            for byte in string.utf8 {
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, UInt8(ascii: "\"")])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0..<0x20: out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
            return out
        }
    }

    struct BoxEncoder: Encoder {
        let box: Box
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if box.object == nil { box.object = [:] }
            return KeyedEncodingContainer(Keyed<Key>(box: box))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if box.array == nil { box.array = [] }
            return Unkeyed(box: box)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(box: box) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        var codingPath: [any CodingKey] = []

        mutating func encodeNil(forKey key: Key) throws { box.object![key.stringValue] = Self.null }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let child = Box()
            try Box.encode(value, into: child)
            box.object![key.stringValue] = child
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = Box()
            box.object![key.stringValue] = child
            return BoxEncoder(box: child).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Box()
            box.object![key.stringValue] = child
            return BoxEncoder(box: child).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { UnsupportedEncoder() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { UnsupportedEncoder() }

        static var null: Box { let b = Box(); b.scalar = Array("null".utf8); return b }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: Box
        var codingPath: [any CodingKey] = []
        var count: Int { box.array!.count }

        mutating func encodeNil() throws { box.array!.append(Keyed<AnyKey>.null) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let child = Box()
            try Box.encode(value, into: child)
            box.array!.append(child)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = Box()
            box.array!.append(child)
            return BoxEncoder(box: child).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Box()
            box.array!.append(child)
            return BoxEncoder(box: child).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { UnsupportedEncoder() }
    }

    struct Single: SingleValueEncodingContainer {
        let box: Box
        var codingPath: [any CodingKey] = []

        mutating func encodeNil() throws { box.scalar = Array("null".utf8) }
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
