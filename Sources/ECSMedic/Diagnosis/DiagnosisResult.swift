/// The outcome of diagnosing one service or task (one entry of the report's `results`, design.md §4).
public struct DiagnosisResult: Sendable, Equatable, Codable {
    public var target: Target
    public var stoppedReason: StoppedReasonReport?
    public var findings: [Finding]
    public var unverified: [UnverifiedFact]
    /// Findings a suppression in `.ecs-medic.yaml` left out (absent when none).
    public var suppressed: [SuppressedFinding]? = nil
    /// Every network verdict behind the findings (printed with `--path`; not part of the JSON contract).
    public var verdicts: [PathVerdict] = []
    /// True when a verdict an enabled rule needed could not be reached for lack of facts (exit code 3).
    public var incomplete = false
    /// True when the service was diagnosed without a task because none is left (ECS keeps stopped tasks for about
    /// an hour): only its current configuration, events and deployment were checked.
    public var tasksAgedOut = false

    enum CodingKeys: String, CodingKey { case target, stoppedReason, findings, unverified, suppressed }

    public struct Target: Sendable, Equatable, Codable {
        public var account: String?
        public var region: String?
        public var cluster: String?
        public var service: String?
        public var task: String?
        public var taskDefinition: String?

        /// What was diagnosed, for a heading: `service demo-ecs-service, task 1a2b`, else the task definition.
        public var title: String {
            let parts = [service.map { "service \($0)" }, task.map { "task \($0.split(separator: "/").last.map(String.init) ?? $0)" }]
                .compactMap { $0 }
            return parts.isEmpty ? taskDefinition ?? "target" : parts.joined(separator: ", ")
        }

        /// Where it runs: `cluster demo-ecs-cluster, ap-northeast-2, account 111122223333`.
        public var location: String {
            "cluster \(cluster ?? "?"), \(region ?? "?")\(account.map { ", account \($0)" } ?? "")"
        }
    }

    /// The task's stop as AWS reported it, its category, and whether the current facts explain it.
    public struct StoppedReasonReport: Sendable, Equatable, Codable {
        public var text: String?
        public var stopCode: String?
        public var category: String?
        public var explainedByFacts: Bool?

        /// How the task stopped in one line: the stop code and the reason.
        public var line: String { [stopCode, text].compactMap { $0 }.joined(separator: ": ") }

        /// Whether the findings explain the stop, in the words every report uses; nil when it was not decided.
        public var explanation: String? {
            explainedByFacts.map {
                $0 ? "explained by the findings below"
                    : "not explained by the current facts: the configuration may have changed since the task stopped"
            }
        }
        /// The enabled rules whose `explains:` names the category (not part of the JSON contract).
        public var explainingRules: [String] = []

        enum CodingKeys: String, CodingKey { case text, stopCode, category, explainedByFacts }
    }
}
