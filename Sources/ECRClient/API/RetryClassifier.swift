/// Which failures the standard retry mode retries: throttling and transient error codes, 500/502/503/504,
/// and transport failures (connection refused or reset, timeouts, truncated bodies).
public enum RetryClassifier {
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    public static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "InternalError", "IDPCommunicationError"]
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// Codes that mean "your clock is off": the request may succeed when signed with the server's time.
    public static let clockSkewCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException", "SignatureDoesNotMatch",
        "RequestInTheFuture", "AuthFailure",
    ]

    public static func isClockSkew(_ error: AWSServiceError) -> Bool { clockSkewCodes.contains(error.code) }

    public static func isRetryable(_ error: AWSServiceError) -> Bool {
        throttlingCodes.contains(error.code) || transientCodes.contains(error.code) || transientStatuses.contains(error.status)
            || error.status == 429
    }
}
