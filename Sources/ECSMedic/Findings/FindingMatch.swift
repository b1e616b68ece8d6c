/// What a rule matched before it becomes a finding: the verdicts that share one blocking resource.
public struct FindingMatch: Sendable {
    public var rule: Rule
    /// The resource that blocks (or that the path cannot see past).
    public var blockingResource: String
    public var verdicts: [PathVerdict] = []
    public var permissions: [PermissionVerdict] = []
    public var trust: [TrustVerdict] = []
    public var problems: [ReferenceProblem] = []
    public var overbroad: [OverbroadGrant] = []
    /// The task definition issue, for a `taskDefinition` condition.
    public var issue: TaskDefinitionIssue? = nil
    /// The after-start issue, for an `afterStart` condition.
    public var afterStart: AfterStartIssue? = nil
    /// The values that made a fact condition hold.
    public var facts: FactMatch? = nil

    public init(rule: Rule, blockingResource: String, verdicts: [PathVerdict] = [], permissions: [PermissionVerdict] = [],
                trust: [TrustVerdict] = [], problems: [ReferenceProblem] = []) {
        self.rule = rule
        self.blockingResource = blockingResource
        self.verdicts = verdicts
        self.permissions = permissions
        self.trust = trust
        self.problems = problems
    }

    /// The deciding hop of the first verdict, or its first hop with a warning.
    public var decidingHop: PathHop? {
        verdicts.first.flatMap { verdict in verdict.decidingHop ?? verdict.hops.first { $0.warning != nil } }
    }

    /// The affected subnets, in order of first appearance.
    public var subnets: [String] {
        verdicts.map(\.subnetId).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// The needs that are blocked, in order of first appearance.
    public var needs: [NetworkNeed] {
        verdicts.map(\.need).reduce(into: []) { result, need in
            if !result.contains(where: { $0.name == need.name }) { result.append(need) }
        }
    }
}
