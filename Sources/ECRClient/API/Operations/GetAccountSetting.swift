public struct GetAccountSetting: ECROperation {
    public static let operationName = "GetAccountSetting"
    /// `BASIC_SCAN_TYPE_VERSION` or `REGISTRY_POLICY_SCOPE`.
    public var name: String
    public init(name: String) { self.name = name }
    public struct Response: Decodable, Sendable, Equatable {
        public var name: String?
        public var value: String?
    }
}
