/// The service or task to diagnose is missing from the facts because the ECS calls that would have read it failed
/// (throttled, unreachable, denied, out of time): no verdict is possible, which is exit 3, not bad input.
public struct TargetNotCollected: Error, Sendable {
    /// One line: what is missing and the calls that failed, e.g.
    /// `service web could not be read: ecs DescribeServices of web: DeadlineExceeded (permission ecs:DescribeServices)`.
    public let message: String
}
