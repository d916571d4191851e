import Foundation

/// The form parameters of one Query protocol request, in the order they are added (Action and
/// Version first, then the input's members in model order, as botocore serializes them).
public struct QueryParameters: Sendable, Equatable {
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var parameters: [Parameter] = []

    public init() {}

    public mutating func append(_ name: String, _ value: String) {
        parameters.append(Parameter(name: name, value: value))
    }

    public subscript(name: String) -> String? { parameters.first { $0.name == name }?.value }

    /// `application/x-www-form-urlencoded` body as botocore writes it (Python's `urlencode`: every
    /// byte but `A-Za-z0-9-_.~` percent-encoded, a space as `+`).
    public var formBody: String {
        func encode(_ text: String) -> String { URIEncoding.encode(text).replacingOccurrences(of: "%20", with: "+") }
        return parameters.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }
}

/// A value written as Query parameters under `prefix` (a structure's members under `prefix.Name`,
/// list items under `prefix.member.N`, map entries under `prefix.entry.N.key`/`.value`, N from 1).
public protocol QueryShapeEncodable {
    func encodeQuery(into parameters: inout QueryParameters, prefix: String)
}

extension String: QueryShapeEncodable {
    public func encodeQuery(into parameters: inout QueryParameters, prefix: String) { parameters.append(prefix, self) }
}

extension Int: QueryShapeEncodable {
    public func encodeQuery(into parameters: inout QueryParameters, prefix: String) { parameters.append(prefix, String(self)) }
}

extension Bool: QueryShapeEncodable {
    public func encodeQuery(into parameters: inout QueryParameters, prefix: String) { parameters.append(prefix, self ? "true" : "false") }
}

extension Double: QueryShapeEncodable {
    public func encodeQuery(into parameters: inout QueryParameters, prefix: String) { parameters.append(prefix, "\(self)") }
}

extension Data: QueryShapeEncodable {
    public func encodeQuery(into parameters: inout QueryParameters, prefix: String) { parameters.append(prefix, base64EncodedString()) }
}

extension AWSTimestamp: QueryShapeEncodable {
    /// ISO 8601 in UTC, as botocore writes Query timestamps.
    public func encodeQuery(into parameters: inout QueryParameters, prefix: String) { parameters.append(prefix, iso8601) }
}

extension Array: QueryShapeEncodable where Element: QueryShapeEncodable {
    /// An empty list is sent as `prefix=` (botocore does so, and services read it as "none").
    public func encodeQuery(into parameters: inout QueryParameters, prefix: String) {
        if isEmpty { parameters.append(prefix, ""); return }
        for (index, element) in enumerated() {
            element.encodeQuery(into: &parameters, prefix: "\(prefix).member.\(index + 1)")
        }
    }
}

extension OrderedMap: QueryShapeEncodable where Value: QueryShapeEncodable {
    public func encodeQuery(into parameters: inout QueryParameters, prefix: String) {
        for (index, entry) in entries.enumerated() {
            parameters.append("\(prefix).entry.\(index + 1).key", entry.key)
            entry.value.encodeQuery(into: &parameters, prefix: "\(prefix).entry.\(index + 1).value")
        }
    }
}
