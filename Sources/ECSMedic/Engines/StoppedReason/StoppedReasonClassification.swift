/// What a stopped reason means: its category of design.md §6 with the causes, the facts that tell them apart and the
/// rules that check those facts, plus the facts the message itself states. Encoded as `ecs-medic explain --format json`.
public struct StoppedReasonClassification: Sendable, Equatable, Codable {
    /// A category id of design.md §6.
    public let category: String
    public let title: String
    public let causes: [String]
    /// The facts that tell the causes apart.
    public let checks: [String]
    /// The ids of the rules that check those facts (whose `explains:` names the category); empty until
    /// `checked(by:)` names them.
    public private(set) var rules: [String] = []
    /// The AWS service the message names (`asm`, `ssm`, `ecr`, `logs`, `s3`, `efs`, `kms`, `sts`).
    public let service: String?
    /// The error the message wraps (`AccessDeniedException`, `RequestCanceled`, `i/o timeout`, `toomanyrequests`, ...).
    public let errorCode: String?
    /// How many times the agent says it tried (`retried 5 time(s)`, `retry count: 1`).
    public let retries: Int?
    /// The ARN, image or file system the message names.
    public let resource: String?

    init(category: StoppedReasonCategory, facts: ReasonFacts) {
        self.category = category.id
        self.title = category.title
        self.causes = category.causes
        self.checks = category.checks
        self.service = facts.service
        self.errorCode = facts.errorCode
        self.retries = facts.retries
        self.resource = facts.resource
    }

    /// The classification naming the rules, of `rules`, that explain its category.
    public func checked(by rules: [Rule]) -> StoppedReasonClassification {
        var copy = self
        copy.rules = rules.explaining(category)
        return copy
    }
}
