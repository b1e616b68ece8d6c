import Foundation

/// The standard retry mode's token bucket, shared by every call of a client: a retry takes 5 tokens
/// (10 after a timeout), a success gives back what its retries took (or 1), and no retry happens when empty.
final class RetryQuota: @unchecked Sendable {
    static let capacity = 500
    static let retryCost = 5
    static let timeoutCost = 10

    private let lock = NSLock()
    private var available = RetryQuota.capacity

    /// Takes `cost` tokens when there are enough; false means the quota is spent and the call must not retry.
    func acquire(_ cost: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard available >= cost else { return false }
        available -= cost
        return true
    }

    /// Returns tokens after a success: what the call's retries took, or 1 when it needed none.
    func release(_ cost: Int) {
        lock.lock()
        defer { lock.unlock() }
        available = min(RetryQuota.capacity, available + max(cost, 1))
    }

    var tokens: Int {
        lock.lock()
        defer { lock.unlock() }
        return available
    }
}
