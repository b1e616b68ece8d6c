/// One stopped-reason category of design.md §6: what the failure is, what usually causes it, which facts tell
/// those causes apart (the rules that check them name the category in their `explains:`).
public struct StoppedReasonCategory: Sendable, Equatable {
    public let id: String
    public let title: String
    public let causes: [String]
    public let checks: [String]
}
