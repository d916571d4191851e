import Foundation

/// An error answer from an AWS service: the code (`RepositoryNotFoundException`), its message, the HTTP
/// status and request id. Parsed from a JSON body (`__type`, with any `namespace#` prefix removed),
/// the `X-Amzn-Errortype` header, or an XML `<Error><Code>` body (Query services, auth errors), read
/// with libxml2 (`AWSXMLElement`).
public struct AWSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var status: Int
    public var requestId: String?

    public init(code: String, message: String, status: Int, requestId: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.requestId = requestId
    }

    public var description: String {
        "An error occurred (\(code)): \(message.isEmpty ? "HTTP \(status)" : message)"
    }

    /// Reads the error out of any non-2xx response; never fails (falls back to `HTTP<status>`).
    public static func parse(_ response: HTTPResponse, redactor: SecretRedactor = SecretRedactor()) -> AWSServiceError {
        let requestId = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
        var code = response.header("X-Amzn-Errortype").map(normalizeCode)
        var message: String?
        let text = String(decoding: response.body, as: UTF8.self)
        if let json = try? JSONValue.parse(response.body), case .object = json {
            if let type = json["__type"]?.stringValue ?? json["code"]?.stringValue ?? json["Code"]?.stringValue {
                code = normalizeCode(type)
            }
            message = json["message"]?.stringValue ?? json["Message"]?.stringValue ?? json["errorMessage"]?.stringValue
        } else if text.contains("<Error"), let document = try? AWSXMLElement.parse(response.body) {
            // Query services and auth failures: <ErrorResponse><Error><Code>…, S3-style <Error><Code>….
            let error = document.name == "Error" ? document : document.child("Error") ?? document.child("Errors")?.child("Error")
            if let xmlCode = error?.child("Code")?.text { code = xmlCode }
            message = error?.child("Message")?.text
        }
        let fallbackMessage = text.isEmpty ? "" : "unexpected error body: " + redactor.redact(String(text.prefix(200)))
        return AWSServiceError(code: code ?? "HTTP\(response.status)", message: message ?? fallbackMessage,
                               status: response.status, requestId: requestId)
    }

    /// `com.amazonaws.ecr#RepositoryNotFoundException` or `X:http://internal/` → the bare code.
    static func normalizeCode(_ raw: String) -> String {
        var code = Substring(raw)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return code.trimmingCharacters(in: .whitespaces)
    }
}
