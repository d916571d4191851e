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

    public static func parse(_ data: Data) throws(JSONValueError) -> OrderedJSON {
        var parser = JSONValueParser(Array(data))
        return try parser.parseDocument()
    }

    public static func parse(_ text: String) throws(JSONValueError) -> OrderedJSON {
        try parse(Data(text.utf8))
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
