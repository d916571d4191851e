/// One expectation from the manifest ("ci-role must be able to push employee-api") and its outcome.
public struct ExpectationResult: Sendable, Hashable, Codable {
    /// A unique, readable name: `ci-role can push employee-api`.
    public var name: String
    public var principal: String?
    public var repository: String?
    public var capability: String?
    /// What the manifest expects: `allowed`, `denied`.
    public var expected: String
    /// What the simulation found: `allowed`, `implicitDeny`, ...
    public var actual: String
    public var passed: Bool
    /// Why the outcome is what it is, naming the deciding statements.
    public var explanation: String
    public var decidingStatements: [ReportedStatement]
    /// Where the expectation is written (the manifest), for SARIF and links.
    public var file: String?
    public var line: Int?

    public init(name: String, principal: String? = nil, repository: String? = nil, capability: String? = nil,
                expected: String, actual: String, passed: Bool, explanation: String,
                decidingStatements: [ReportedStatement] = [], file: String? = nil, line: Int? = nil) {
        self.name = name
        self.principal = principal
        self.repository = repository
        self.capability = capability
        self.expected = expected
        self.actual = actual
        self.passed = passed
        self.explanation = explanation
        self.decidingStatements = decidingStatements
        self.file = file
        self.line = line
    }
}
