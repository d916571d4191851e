import Foundation

/// Signs, sends and retries one AWS request (standard retry mode) and turns failures into
/// `AWSClientError`. Credentials are fetched for every attempt, so a refresh between retries is used.
public final class AWSRequestExecutor: Sendable {
    public let transport: any HTTPTransport
    public let credentials: (any CredentialProvider)?
    public let retry: RetryPolicy
    public let quota: RetryQuota
    public let clock: @Sendable () -> Date
    public let sleep: @Sendable (TimeInterval) -> Void
    public let debugLog: DebugLog?
    private let skew = ClockSkew()

    public init(transport: any HTTPTransport, credentials: (any CredentialProvider)?, retry: RetryPolicy = RetryPolicy(),
                quota: RetryQuota = RetryQuota(), clock: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }, debugLog: DebugLog? = nil) {
        self.transport = transport
        self.credentials = credentials
        self.retry = retry
        self.quota = quota
        self.clock = clock
        self.sleep = sleep
        self.debugLog = debugLog
    }

    /// Sends `request` (signed with `signer` unless nil) and returns the first 2xx response.
    public func send(_ request: HTTPRequest, signer: SigV4Signer?, operation: String) throws(AWSClientError) -> HTTPResponse {
        var attempt = 1
        while true {
            var outgoing = request
            if let signer {
                guard let credentials else { throw .credentials("no credential provider for a signed request") }
                let current = try credentials.credentials(now: clock())
                debugLog?.addSecret(current.secretAccessKey)
                if let token = current.sessionToken { debugLog?.addSecret(token) }
                outgoing = signer.sign(request, credentials: current, date: clock() + skew.offset).request
            }
            let failure: AWSClientError
            let retryable: Bool
            var timedOut = false
            do {
                let response = try transport.send(outgoing)
                if (200..<300).contains(response.status) {
                    quota.refund()
                    return response
                }
                let error = AWSServiceError.parse(response)
                failure = .service(error)
                // A clock-skew rejection is retried once with the server's clock (as the SDKs do).
                let corrected = signer != nil && RetryClassifier.isClockSkew(error) && skew.adjust(serverDate: response.header("Date"), localNow: clock())
                if corrected { debugLog?.log("\(operation): clock skew detected; signing with the server's time (offset \(Int(skew.offset)) s)") }
                retryable = RetryClassifier.isRetryable(error) || corrected
            } catch {
                failure = .transport(error)
                retryable = error.isRetryable
                timedOut = error.kind == .timedOut
            }
            guard retryable, attempt < retry.maxAttempts, quota.acquire(timeout: timedOut) else { throw failure }
            let delay = retry.delay(beforeRetry: attempt)
            debugLog?.log("\(operation): attempt \(attempt) failed (\(failure)); retrying in \(String(format: "%.3f", delay))s")
            sleep(delay)
            attempt += 1
        }
    }
}
