import PolicyCore

/// How many findings there are of each severity.
public struct SeverityCounts: Sendable, Hashable, Codable {
    public var critical = 0
    public var high = 0
    public var medium = 0
    public var low = 0
    public var info = 0

    public init() {}

    public init(_ severities: some Sequence<Severity>) {
        for severity in severities { self[severity] += 1 }
    }

    public subscript(severity: Severity) -> Int {
        get {
            switch severity {
            case .critical: critical
            case .high: high
            case .medium: medium
            case .low: low
            case .info: info
            }
        }
        set {
            switch severity {
            case .critical: critical = newValue
            case .high: high = newValue
            case .medium: medium = newValue
            case .low: low = newValue
            case .info: info = newValue
            }
        }
    }

    public var total: Int { critical + high + medium + low + info }

    /// Severities from the most to the least serious, for display.
    public static let displayOrder: [Severity] = Severity.allCases.reversed()
}
