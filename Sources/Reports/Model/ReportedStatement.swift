/// A statement in a policy, as a reviewer finds it again.
public struct ReportedStatement: Sendable, Hashable, Codable {
    /// The policy's name (`repository policy of employee-api`, `ci-push`).
    public var policy: String
    /// The file the policy came from, when it came from one.
    public var file: String?
    /// Index of the statement, from 0.
    public var index: Int?
    public var sid: String?
    /// `Allow` or `Deny`.
    public var effect: String?
    /// Line of the statement in `file`, from 1.
    public var line: Int?

    public init(policy: String, file: String? = nil, index: Int? = nil, sid: String? = nil, effect: String? = nil, line: Int? = nil) {
        self.policy = policy
        self.file = file
        self.index = index
        self.sid = sid
        self.effect = effect
        self.line = line
    }

    /// `ci-push Statement[1] "AllowPush" (Allow) at policies/ci.json:7`.
    public var summary: String {
        var text = policy
        if let index { text += " Statement[\(index)]" }
        if let sid, !sid.isEmpty { text += " \"\(sid)\"" }
        if let effect { text += " (\(effect))" }
        if let file {
            text += " at \(file)"
            if let line { text += ":\(line)" }
        }
        return text
    }
}
