/// A rule as data (design.md §8): what it checks, how bad it is, what it says, how to fix it, and the
/// fixtures that show it firing and not firing.
public struct Rule: Sendable, Equatable {
    public var id: String
    public var title: String
    public var severity: Severity
    public var category: String
    /// The stopped-reason categories (design.md §6) whose stops a finding of this rule can explain.
    public var explains: [String] = []
    public var rationale: String
    public var condition: RuleCondition
    /// The finding's message, with `{placeholders}` filled from the match (documented in rules/README.md).
    public var message: String
    /// Fix ids this rule offers, in order of preference.
    public var fixes: [String]
    public var examples: [RuleExample]
    /// The built-in rule id this user rule replaces.
    public var overrides: String?
    /// The file the rule came from, for error messages.
    public var file: String
}

/// How serious a finding is; `--fail-on` compares against it.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case note, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What must hold in the facts and engine verdicts for a rule to fire.
public enum RuleCondition: Sendable, Equatable {
    /// A network path verdict: for one of `needs`, the path ends with `outcome` at a hop of one of `kinds`.
    case path(needs: [String], outcome: PathVerdict.Outcome, at: [PathHop.Kind])
    /// A task definition check (fargate-size, execution-role, log-group, image) finds an issue.
    case taskDefinition(TaskDefinitionCheck)
    /// A permission verdict: a call the agent makes with one of `roles` is denied, decided in one of `layers`;
    /// with `grantedToTaskRole`, only when the task role would (true) or would not (false) be allowed instead.
    case permission(roles: [PermissionVerdict.Role], layers: [PolicyLayer], grantedToTaskRole: Bool?)
    /// A policy on the execution role alone allows one of `actions` on resources the task does not use.
    case overbroad(actions: [String])
    /// One of `roles` does not trust `ecs-tasks.amazonaws.com`.
    case trust(roles: [PermissionVerdict.Role])
    /// A `valueFrom` that is malformed or names something that does not exist.
    case reference(kinds: [ReferenceProblem.Kind])
    /// A hop of one of `kinds`, on a path to one of `needs`, lets the traffic through but carries a warning.
    case warning(needs: [String], at: [PathHop.Kind])
    /// What the task's logs, exit codes, memory figures or health checks show after it started finds an issue.
    case afterStart(AfterStartCheck)
    /// A condition over the facts themselves, in the AWS CLI's JSON shapes (design.md §8.1).
    case facts(FactCondition)
}

/// One example of a rule: a fixture folder and whether the rule must fire on it (and on which resource).
public struct RuleExample: Sendable, Equatable {
    public var fixture: String
    public var fires: Bool
    public var resource: String?
    /// A task definition file in the fixture folder to `check` against the fixture's service, instead of
    /// diagnosing the deployment as it is.
    public var taskDefinition: String? = nil
    /// The line of the example in the rule file.
    public var line: Int
}
