/// A position in a source text, as a compiler reports it.
///
/// `line` and `column` count from 1; `column` counts Unicode scalar values (code points) from the
/// start of the line, which is what editors show and what SARIF calls `unicodeCodePoints`.
/// `offset` is the UTF-8 byte offset from the start of the text, from 0.
///
/// Stored as three 32-bit numbers (a span is 24 bytes, not 48): every JSON value and model element
/// carries a span, so their size is most of the memory traffic of parsing. Policies are at most a
/// few MiB; larger values saturate instead of wrapping.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    private var storedLine: UInt32
    private var storedColumn: UInt32
    private var storedOffset: UInt32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = UInt32(clamping: newValue) }
    }

    @inline(__always)
    public init(line: Int, column: Int, offset: Int) {
        storedLine = UInt32(clamping: line)
        storedColumn = UInt32(clamping: column)
        storedOffset = UInt32(clamping: offset)
    }

    /// For the JSON scanner, whose documents are far below 4 GiB (`JSONLimits`): no clamping.
    @inline(__always)
    init(scannedLine line: Int, column: Int, offset: Int) {
        storedLine = UInt32(truncatingIfNeeded: line)
        storedColumn = UInt32(truncatingIfNeeded: column)
        storedOffset = UInt32(truncatingIfNeeded: offset)
    }

    public static let start = SourcePosition(line: 1, column: 1, offset: 0)

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool { lhs.offset < rhs.offset }

    public var description: String { "\(line):\(column)" }
}

/// A half-open range of source text: `start` is the first character, `end` the position just after
/// the last one.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// An empty span at one position (for things that are missing, reported where they belong).
    public init(at position: SourcePosition) {
        self.init(start: position, end: position)
    }

    public static let unknown = SourceSpan(at: .start)

    public var description: String { "\(start)-\(end)" }
}

/// A value together with the span of source text it was read from.
public struct Located<Value> {
    public var value: Value
    public var span: SourceSpan

    public init(_ value: Value, span: SourceSpan) {
        self.value = value
        self.span = span
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
