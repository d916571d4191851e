/// The switches that pick among a service's endpoints.
public struct EndpointSettings: Sendable, Equatable {
    public var region: String
    public var useFIPS: Bool
    public var useDualStack: Bool
    /// --endpoint-url, or AWS_ENDPOINT_URL_<SERVICE>/AWS_ENDPOINT_URL/the profile's endpoint_url.
    public var override: String?

    public init(region: String, useFIPS: Bool = false, useDualStack: Bool = false, override: String? = nil) {
        self.region = region
        self.useFIPS = useFIPS
        self.useDualStack = useDualStack
        self.override = override
    }
}
