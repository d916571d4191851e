/// `TAGGED`, `UNTAGGED` or `ANY`.
public struct TagStatusFilter: Codable, Sendable, Equatable {
    public var tagStatus: String
}
