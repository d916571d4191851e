/// A policy fixture with expected findings marked inside it: `«CODE»` placed right before the text
/// a finding must point at. The markers are stripped, and each one becomes an expectation of that
/// code at that exact line and column. Test targets add `assertFindings` for what they check.
public struct MarkedPolicy: Sendable {
    public struct Expectation: Equatable, Comparable, Sendable, CustomStringConvertible {
        public var code: String
        public var line: Int
        public var column: Int
        public var description: String { "\(line):\(column) \(code)" }

        public init(code: String, line: Int, column: Int) {
            self.code = code
            self.line = line
            self.column = column
        }

        public static func < (a: Expectation, b: Expectation) -> Bool { (a.line, a.column, a.code) < (b.line, b.column, b.code) }
    }

    /// The fixture without its markers.
    public var text: String
    public var expectations: [Expectation]

    public init(_ marked: String) {
        var text = ""
        var expectations: [Expectation] = []
        var line = 1, column = 1
        var scalars = marked.unicodeScalars[...]
        while let c = scalars.first {
            if c == "«", let close = scalars.firstIndex(of: "»") {
                let code = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                expectations.append(Expectation(code: code, line: line, column: column))
                scalars = scalars[scalars.index(after: close)...]
                continue
            }
            text.unicodeScalars.append(c)
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
            scalars = scalars.dropFirst()
        }
        self.text = text
        self.expectations = expectations
    }
}
