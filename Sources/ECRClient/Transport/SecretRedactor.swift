import Foundation

/// Removes secrets from text meant for logs and errors: the signature of an Authorization header,
/// session and metadata tokens, secret keys and authorization tokens in JSON and XML bodies, and any
/// literal secret it was told about.
public struct SecretRedactor: Sendable {
    public static let mask = "<redacted>"
    public var literalSecrets: Set<String>

    public init(literalSecrets: Set<String> = []) {
        self.literalSecrets = literalSecrets
    }

    private static let patterns: [(NSRegularExpression, String)] = {
        let rules: [(String, String)] = [
            // Authorization: AWS4-HMAC-SHA256 Credential=..., Signature=<hex>
            (#"(Signature=)[0-9a-fA-F]+"#, "$1" + mask),
            // Header lines whose whole value is secret.
            (#"(?im)^([ \t]*(?:x-amz-security-token|x-aws-ec2-metadata-token|authorization)\s*:\s*)(?!\s*AWS4-HMAC-SHA256).+$"#, "$1" + mask),
            (#"(?i)((?:x-amz-security-token|x-aws-ec2-metadata-token)\s*:\s*)\S+"#, "$1" + mask),
            // JSON members holding secrets.
            (#"("(?:SecretAccessKey|secretAccessKey|SessionToken|sessionToken|Token|token|authorizationToken|password|Password|secret_access_key|aws_secret_access_key|aws_session_token)"\s*:\s*")(?:[^"\\]|\\.)*""#, "$1" + mask + "\""),
            // XML elements holding secrets (STS responses).
            (#"(<(SecretAccessKey|SessionToken)>)[^<]*(</)"#, "$1" + mask + "$3"),
            // Form bodies (web identity tokens).
            (#"((?:WebIdentityToken|SecretAccessKey)=)[^&\s]+"#, "$1" + mask),
        ]
        return rules.map { (try! NSRegularExpression(pattern: $0.0), $0.1) }
    }()

    public func redact(_ text: String) -> String {
        var result = text
        for secret in literalSecrets where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: Self.mask)
        }
        for (regex, template) in Self.patterns {
            let range = NSRange(result.startIndex..., in: result)
            result = regex.stringByReplacingMatches(in: result, range: range, withTemplate: template)
        }
        return result
    }
}
