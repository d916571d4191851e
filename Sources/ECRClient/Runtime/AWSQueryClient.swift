import Foundation

/// The AWS Query protocol (IAM, STS): `POST /` with a form body (`Action`, `Version`, the input's
/// members); the answer is XML, `<OperationResponse><OperationResult>…`, decoded into the output shape.
public struct AWSQueryClient: Sendable {
    public let executor: AWSRequestExecutor
    public let endpoint: URL
    public let signingName: String
    public let signingRegion: String
    public let apiVersion: String

    public init(executor: AWSRequestExecutor, endpoint: URL, signingName: String, signingRegion: String, apiVersion: String) {
        self.executor = executor
        self.endpoint = endpoint
        self.signingName = signingName
        self.signingRegion = signingRegion
        self.apiVersion = apiVersion
    }

    /// The form parameters of one call (exposed for tests and `--debug`).
    public func parameters(_ operation: String, _ input: some QueryShapeEncodable) -> QueryParameters {
        var parameters = QueryParameters()
        parameters.append("Action", operation)
        parameters.append("Version", apiVersion)
        input.encodeQuery(into: &parameters, prefix: "")
        return parameters
    }

    /// Sends one operation; `resultWrapper` names the element of the answer that holds the output.
    public func send<Output: XMLShapeDecodable>(_ operation: String, _ input: some QueryShapeEncodable,
                                                resultWrapper: String? = nil, signed: Bool = true) throws(AWSClientError) -> Output {
        let request = HTTPRequest(method: "POST", endpoint: endpoint,
                                  headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                  body: Data(utf8Of: parameters(operation, input).formBody))
        let signer = signed ? SigV4Signer(service: signingName, region: signingRegion) : nil
        let response = try executor.send(request, signer: signer, operation: operation)
        guard let resultWrapper else { return try decodeEmpty(operation) }
        do throws(AWSDecodingError) {
            let root = try AWSXMLElement.parse(response.body)
            guard let result = root.child(resultWrapper) else {
                throw AWSDecodingError("no <\(resultWrapper)> in <\(root.name)>")
            }
            return try Output(xml: result)
        } catch {
            throw .malformedResponse(operation: operation, detail: error.description)
        }
    }

    private func decodeEmpty<Output: XMLShapeDecodable>(_ operation: String) throws(AWSClientError) -> Output {
        do { return try Output(xml: AWSXMLElement(name: "")) } catch {
            throw .malformedResponse(operation: operation, detail: error.description)
        }
    }
}
