/// Where something was written in the manifest (or another YAML/JSON input): file, line and column
/// from 1, columns counting Unicode code points as editors show them.
public struct ManifestLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = max(line, 1)
        self.column = max(column, 1)
    }

    public var description: String { "\(file):\(line):\(column)" }
}
