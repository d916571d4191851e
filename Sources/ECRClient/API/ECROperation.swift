/// One ECR API operation: the request is the value itself (encoded as the JSON body), `Response`
/// is what a 2xx answer decodes to.
public protocol ECROperation: Encodable, Sendable {
    associatedtype Response: Decodable & Sendable
    /// The name after `AmazonEC2ContainerRegistry_V20150921.` in `X-Amz-Target`.
    static var operationName: String { get }
}

/// Operations answered in pages (`nextToken`).
public protocol PagedECROperation: ECROperation where Response: PagedResponse {
    var nextToken: String? { get set }
}

public protocol PagedResponse {
    associatedtype Item: Sendable
    var nextToken: String? { get }
    var items: [Item] { get }
}

/// An answer with no members we read (`{}`).
public struct EmptyResponse: Decodable, Sendable, Equatable {
    public init() {}
}
