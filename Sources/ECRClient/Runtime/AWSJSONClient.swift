import Foundation

/// The AWS JSON 1.1 protocol (ECR, Organizations): `POST /` with `X-Amz-Target: <prefix>.<Operation>`
/// and the input's JSON as the body; a 2xx answer's JSON is decoded into the output shape.
public struct AWSJSONClient: Sendable {
    public let executor: AWSRequestExecutor
    public let endpoint: URL
    public let signingName: String
    public let signingRegion: String
    public let targetPrefix: String
    public let jsonVersion: String

    public init(executor: AWSRequestExecutor, endpoint: URL, signingName: String, signingRegion: String,
                targetPrefix: String, jsonVersion: String) {
        self.executor = executor
        self.endpoint = endpoint
        self.signingName = signingName
        self.signingRegion = signingRegion
        self.targetPrefix = targetPrefix
        self.jsonVersion = jsonVersion
    }

    /// Sends one operation and decodes its answer; an answer that does not fit the output shape is
    /// `malformedResponse` with the path of the member that did not fit.
    public func send<Output: JSONShapeDecodable>(_ operation: String, _ input: some JSONShapeEncodable) throws(AWSClientError) -> Output {
        let answer = try sendJSON(operation, body: input.jsonValue())
        do { return try Output(json: answer) } catch {
            throw .malformedResponse(operation: operation, detail: error.description)
        }
    }

    /// Sends a JSON body as given and returns the parsed answer (`{}` for an empty body).
    public func sendJSON(_ operation: String, body: JSONValue) throws(AWSClientError) -> JSONValue {
        let data = try sendData(operation, body: Data(utf8Of: body.compact))
        do { return try JSONValue.parse(data.isEmpty ? Data(utf8Of: "{}") : data) } catch {
            throw .malformedResponse(operation: operation, detail: "\(error) (\(data.count) bytes)")
        }
    }

    func sendData(_ operation: String, body: Data) throws(AWSClientError) -> Data {
        let request = HTTPRequest(method: "POST", endpoint: endpoint, headers: [
            HTTPHeader("Content-Type", "application/x-amz-json-\(jsonVersion)"),
            HTTPHeader("X-Amz-Target", "\(targetPrefix).\(operation)"),
        ], body: body)
        return try executor.send(request, signer: SigV4Signer(service: signingName, region: signingRegion), operation: operation).body
    }
}
