import Foundation

/// The ECR control-plane API (JSON 1.1 over SigV4, signing name `ecr`): typed operations, paging,
/// and a raw form for printing answers as the service sent them.
public final class ECRService: Sendable {
    public static let targetPrefix = "AmazonEC2ContainerRegistry_V20150921"
    public let executor: AWSRequestExecutor
    public let endpoint: URL
    public let region: String

    public init(executor: AWSRequestExecutor, endpoint: URL, region: String) {
        self.executor = executor
        self.endpoint = endpoint
        self.region = region
    }

    /// Sends one operation with a JSON body and returns the parsed JSON answer.
    public func invoke(_ operation: String, body: JSONValue) throws(AWSClientError) -> JSONValue {
        let data = try invokeData(operation, body: Data(body.compact.utf8))
        do {
            return try JSONValue.parse(data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            throw .malformedResponse(operation: operation, detail: "\(error) (\(data.count) bytes)")
        }
    }

    func invokeData(_ operation: String, body: Data) throws(AWSClientError) -> Data {
        let request = HTTPRequest(method: "POST", endpoint: endpoint, headers: [
            HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
            HTTPHeader("X-Amz-Target", "\(Self.targetPrefix).\(operation)"),
        ], body: body)
        return try executor.send(request, signer: SigV4Signer(service: "ecr", region: region), operation: operation).body
    }

    /// A typed call; also returns the raw answer for AWS-CLI-style printing.
    public func performWithRaw<Operation: ECROperation>(_ operation: Operation) throws(AWSClientError) -> (Operation.Response, JSONValue) {
        let name = Operation.operationName
        let body: JSONValue
        do { body = try JSONValue.encode(operation) } catch {
            throw .configuration("cannot encode \(name) request: \(error)")
        }
        let raw = try invoke(name, body: body)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        do {
            return (try decoder.decode(Operation.Response.self, from: Data(raw.compact.utf8)), raw)
        } catch {
            throw .malformedResponse(operation: name, detail: Self.describe(error))
        }
    }

    public func perform<Operation: ECROperation>(_ operation: Operation) throws(AWSClientError) -> Operation.Response {
        try performWithRaw(operation).0
    }

    /// Follows `nextToken` until the last page; stops with an error if a token repeats (a server loop).
    public func performAllPages<Operation: PagedECROperation>(_ operation: Operation) throws(AWSClientError) -> [Operation.Response.Item] {
        var request = operation
        var items: [Operation.Response.Item] = []
        var seen: Set<String> = []
        while true {
            let page = try perform(request)
            items += page.items
            guard let token = page.nextToken, !token.isEmpty else { return items }
            guard seen.insert(token).inserted else {
                throw .malformedResponse(operation: Operation.operationName, detail: "the service repeated nextToken; stopping")
            }
            request.nextToken = token
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing '\(key.stringValue)' at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            "\(context.debugDescription) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default:
            "\(error)"
        }
    }
}
