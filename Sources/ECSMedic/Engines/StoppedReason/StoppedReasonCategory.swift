/// One stopped-reason category of design.md §6: what the failure is, what usually causes it, which facts tell
/// those causes apart, and which rules of design.md §5 check those facts.
public struct StoppedReasonCategory: Sendable, Equatable {
    public let id: String
    public let title: String
    public let causes: [String]
    public let checks: [String]
    public let rules: [String]
}
