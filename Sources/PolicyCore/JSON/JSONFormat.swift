/// How `OrderedJSON.rendered(_:)` lays out its text.
public struct JSONFormat: Sendable, Equatable {
    /// One level of indentation; `nil` writes everything on one line with no spaces.
    public var indent: String?
    /// Object members sorted by key instead of kept in order.
    public var sortedKeys: Bool
    /// Arrays of scalars written on one line (`["a", "b"]`) when that line fits this many characters.
    public var inlineScalarArrayWidth: Int?

    public init(indent: String?, sortedKeys: Bool = false, inlineScalarArrayWidth: Int? = nil) {
        self.indent = indent
        self.sortedKeys = sortedKeys
        self.inlineScalarArrayWidth = inlineScalarArrayWidth
    }

    /// One line, members in order: request bodies, `--json` without `--pretty`.
    public static let compact = JSONFormat(indent: nil)
    /// Two-space indentation, members in order.
    public static let pretty = JSONFormat(indent: "  ")
    /// One line with keys sorted: the same text however a document is indented or ordered.
    public static let canonical = JSONFormat(indent: nil, sortedKeys: true)
    /// The AWS CLI's `--output json` form: four-space indentation, members in order.
    public static let awsCLI = JSONFormat(indent: "    ")
    /// How IAM policies are usually written: two-space indentation, short scalar arrays on one line.
    public static let policy = JSONFormat(indent: "  ", inlineScalarArrayWidth: 100)

    /// The same format with object keys sorted.
    public var withSortedKeys: JSONFormat {
        var copy = self
        copy.sortedKeys = true
        return copy
    }

    func newline(_ out: inout String, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }
}
