import Foundation

/// Where --debug lines go. Every message is redacted before it reaches the sink, so a sink can be
/// stderr or a test buffer without ever seeing a secret.
public final class DebugLog: @unchecked Sendable {
    private let sink: @Sendable (String) -> Void
    private let lock = NSLock()
    private var redactor: SecretRedactor

    public init(redactor: SecretRedactor = SecretRedactor(), sink: @escaping @Sendable (String) -> Void) {
        self.redactor = redactor
        self.sink = sink
    }

    /// Logs to standard error, one line per message, prefixed with `[debug]`.
    public static func standardError() -> DebugLog {
        DebugLog { line in FileHandle.standardError.write(Data(("[debug] " + line + "\n").utf8)) }
    }

    /// Teaches the log a literal secret (a secret key, a token) to mask wherever it appears.
    public func addSecret(_ secret: String) {
        lock.lock(); defer { lock.unlock() }
        redactor.literalSecrets.insert(secret)
    }

    public func log(_ message: @autoclosure () -> String) {
        lock.lock()
        let redacted = redactor.redact(message())
        lock.unlock()
        sink(redacted)
    }
}
