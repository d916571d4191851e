/// Why a text is not valid JSON (RFC 8259), and where.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the problem starts (line and column from 1, column in Unicode code points).
    public var position: SourcePosition
    /// What is wrong, in words (`expected ',' or '}' after an object member`).
    public var message: String

    public init(position: SourcePosition, message: String) {
        self.position = position
        self.message = message
    }

    public var description: String { "\(position.line):\(position.column): \(message)" }
}

/// Bounds that keep parsing of hostile input cheap: the parser never recurses deeper than
/// `maxDepth` and never reads more than `maxBytes`.
public struct JSONLimits: Sendable, Equatable {
    /// Maximum nesting of arrays and objects (the top-level value is depth 1).
    public var maxDepth: Int
    /// Maximum input size in bytes.
    public var maxBytes: Int

    public init(maxDepth: Int, maxBytes: Int) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// Generous for IAM policies (the largest AWS accepts is a few tens of kilobytes; ECR's is
    /// 10,240 characters) while keeping memory bounded.
    public static let `default` = JSONLimits(maxDepth: 64, maxBytes: 4 << 20)
}
