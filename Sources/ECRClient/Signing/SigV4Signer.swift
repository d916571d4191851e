import Foundation
import PolicyCore

/// AWS Signature Version 4 for headers. Pure: the clock is a parameter and nothing is read from the
/// environment, so every step can be checked against AWS's published examples.
public struct SigV4Signer: Sendable {
    public struct Options: Sendable {
        /// Remove `.`/`..` and empty path segments (every service except S3).
        public var normalizePath = true
        /// Add `x-amz-content-sha256` with the payload hash.
        public var signBody = false
        /// Add `X-Amz-Security-Token` after signing instead of signing it (some services want that).
        public var omitSessionTokenFromSignature = false

        public init(normalizePath: Bool = true, signBody: Bool = false, omitSessionTokenFromSignature: Bool = false) {
            self.normalizePath = normalizePath
            self.signBody = signBody
            self.omitSessionTokenFromSignature = omitSessionTokenFromSignature
        }
    }

    /// Every intermediate value of one signature.
    public struct Result: Sendable {
        public var request: HTTPRequest
        public var canonicalRequest: CanonicalRequest
        public var stringToSign: String
        public var signature: String
    }

    public var service: String
    public var region: String
    public var options: Options

    public init(service: String, region: String, options: Options = Options()) {
        self.service = service
        self.region = region
        self.options = options
    }

    public static let algorithm = "AWS4-HMAC-SHA256"

    public func sign(_ request: HTTPRequest, credentials: AWSCredentials, date: Date) -> Result {
        let amzDate = AmzDate(date)
        var signed = request
        for name in ["Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256"] {
            signed.headers.remove(named: name)
        }
        if signed.headers.value(named: "Host") == nil {
            signed.headers.insert(HTTPHeader("Host", request.hostHeader), at: 0)
        }
        signed.headers.append(HTTPHeader("X-Amz-Date", amzDate.timestamp))
        let payloadHash = CryptoDigest.sha256Hex(request.body)
        if options.signBody {
            signed.headers.append(HTTPHeader("X-Amz-Content-Sha256", payloadHash))
        }
        if let token = credentials.sessionToken, !options.omitSessionTokenFromSignature {
            signed.headers.append(HTTPHeader("X-Amz-Security-Token", token))
        }
        let canonical = CanonicalRequest(request: signed, normalizePath: options.normalizePath, payloadHash: payloadHash)
        let scope = "\(amzDate.day)/\(region)/\(service)/aws4_request"
        let stringToSign = [Self.algorithm, amzDate.timestamp, scope, CryptoDigest.sha256Hex(Array(canonical.text.utf8))].joinedText(separator: "\n")
        let key = signingKey(secret: credentials.secretAccessKey, day: amzDate.day)
        let signature = CryptoDigest.hex(CryptoDigest.hmacSHA256(key: key, data: Array(stringToSign.utf8)))
        signed.headers.append(HTTPHeader(
            "Authorization",
            "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"))
        if let token = credentials.sessionToken, options.omitSessionTokenFromSignature {
            signed.headers.append(HTTPHeader("X-Amz-Security-Token", token))
        }
        return Result(request: signed, canonicalRequest: canonical, stringToSign: stringToSign, signature: signature)
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")
    func signingKey(secret: String, day: String) -> [UInt8] {
        var key = CryptoDigest.hmacSHA256(key: Array(("AWS4" + secret).utf8), data: Array(day.utf8))
        for part in [region, service, "aws4_request"] {
            key = CryptoDigest.hmacSHA256(key: key, data: Array(part.utf8))
        }
        return key
    }
}
