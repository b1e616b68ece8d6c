import Foundation

/// The AWS SDKs' "standard" retry mode: up to 3 attempts, capped exponential backoff with full jitter,
/// throttling and transient errors retried, and a shared retry quota that stops retry storms.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The backoff before retry `n` is `random(0, 1) * min(baseDelay * 2^(n-1), maxBackoff)` seconds.
    public var baseDelay: Double
    public var maxBackoff: Double

    public init(maxAttempts: Int = 3, baseDelay: Double = 1, maxBackoff: Double = 20) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
    }

    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
                                              "InternalError", "InternalFailure", "ServiceUnavailable"]
    static let transientStatuses: Set<Int> = [500, 502, 503, 504]
    /// Errors that mean the local clock is off; the request is re-signed once with the server's time.
    static let clockSkewCodes: Set<String> = ["RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException",
                                              "SignatureDoesNotMatch", "AuthFailure", "RequestInTheFuture"]

    /// Whether a failed attempt may be retried, and what it costs the quota.
    func retryCost(code: String?, status: Int?, isNetworkError: Bool, isTimeout: Bool) -> Int? {
        if isNetworkError { return isTimeout ? RetryQuota.timeoutCost : RetryQuota.retryCost }
        if let code, Self.throttlingCodes.contains(code) || Self.transientCodes.contains(code) {
            return RetryQuota.retryCost
        }
        if let status, status == 429 || Self.transientStatuses.contains(status) { return RetryQuota.retryCost }
        return nil
    }

    /// Seconds to wait before attempt `attempt + 1` (`attempt` counts from 1).
    func backoff(afterAttempt attempt: Int) -> Double {
        Double.random(in: 0...1) * min(baseDelay * pow(2, Double(attempt - 1)), maxBackoff)
    }
}
