import Foundation
import PolicyCore

/// The JSON of the ECR API: PolicyCore's order-preserving value, which keeps member order and
/// number text, so API answers can be printed the way the service sent them (like the AWS CLI
/// does) and user JSON can be forwarded unchanged.
public typealias JSONValue = OrderedJSON

extension OrderedJSON {
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var arrayValue: [OrderedJSON]? { if case .array(let a) = self { a } else { nil } }
    public var doubleValue: Double? {
        switch self {
        case .number(let n): Double(n)
        case .int(let i): Double(i)
        default: nil
        }
    }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }

    /// Reads an API answer or user JSON with PolicyCore's strict RFC 8259 parser (a leading byte
    /// order mark is skipped; nesting is limited so bad input cannot crash, size is not).
    public static func parse(_ data: Data) throws(JSONValueError) -> OrderedJSON {
        let bomLength = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let bytes = bomLength == 0 ? data : Data(data.dropFirst(bomLength))
        do throws(JSONSyntaxError) {
            return OrderedJSON(try JSONParser.parse(bytes, limits: apiLimits, internsPolicyWords: false))
        } catch {
            throw JSONValueError(offset: error.position.offset + bomLength, message: error.message)
        }
    }

    private static let apiLimits = JSONLimits(maxDepth: 256, maxBytes: Int.max)

    public static func parse(_ text: String) throws(JSONValueError) -> OrderedJSON {
        try parse(Data(utf8Of: text))
    }

    /// Converts an `Encodable` value through JSONEncoder (member order: declaration order is not
    /// guaranteed by JSONEncoder, so requests are built from this only where order does not matter).
    public static func encode(_ value: some Encodable) throws -> OrderedJSON {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return try parse(encoder.encode(value))
    }

    /// Compact form, for request bodies.
    public var compact: String { rendered(.compact) }

    /// The AWS CLI's `--output json` form: four-space indentation, non-ASCII kept as is.
    public var pretty: String { rendered(.awsCLI) }
}
