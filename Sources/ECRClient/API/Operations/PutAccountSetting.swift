public struct PutAccountSetting: ECROperation {
    public static let operationName = "PutAccountSetting"
    public var name: String
    /// For `REGISTRY_POLICY_SCOPE`: `V1` or `V2`.
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
    public typealias Response = GetAccountSetting.Response
}
