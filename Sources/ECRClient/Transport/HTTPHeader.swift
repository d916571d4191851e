/// One header line. Requests keep headers as an ordered list so duplicates survive (SigV4 joins them).
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of a header, compared case-insensitively.
    public func value(named name: String) -> String? {
        first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public mutating func remove(named name: String) {
        removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    public mutating func set(_ name: String, _ value: String) {
        remove(named: name)
        append(HTTPHeader(name, value))
    }
}
