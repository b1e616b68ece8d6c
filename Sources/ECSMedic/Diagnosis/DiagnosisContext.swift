import AWSClient

/// Everything the rules and fixes of one diagnosis look at: the facts, the target, where it ran, what it needs
/// and the engines' verdicts.
public struct DiagnosisContext: Sendable {
    public var facts: Facts
    public var region: String
    public var cluster: String
    public var service: ECSService?
    public var task: ECSTask?
    public var taskDefinition: TaskDefinition?
    public var placements: [NetworkPlacement]
    public var needs: [NetworkNeed]
    public var verdicts: [PathVerdict]
    /// What the task definition checks found (only the checks an enabled rule uses were run).
    public var issues: [TaskDefinitionIssue] = []
    public var permissions: [PermissionVerdict] = []
    public var trust: [TrustVerdict] = []
    public var referenceProblems: [ReferenceProblem] = []
    public var overbroadGrants: [OverbroadGrant] = []
    /// Facts the agent-call plan needed but could not read (a secret's key, a key's metadata).
    public var planUnverified: [UnverifiedFact] = []
    /// What the after-start facts show (logs, exit codes, memory, health checks).
    public var afterStartIssues: [AfterStartIssue] = []
    /// Log lines that name a destination, joined to the verdicts for it (evidence of the path findings).
    public var logJoins: [LogJoin] = []
    /// The selected task definition, service and task in the AWS CLI's JSON shapes, for fact conditions.
    public var selectedDocuments: [FactRoot: JSONValue] = [:]
    /// What each fact-condition rule matched, by rule id.
    public var factMatches: [String: [FactMatch]] = [:]

    /// The task's security groups (from its placement), empty when unknown.
    public var taskSecurityGroups: [String] {
        placements.first?.securityGroupIds ?? []
    }

    /// The VPC of the task's subnets.
    public var vpcId: String? {
        placements.lazy.compactMap { self.facts.subnet($0.subnetId)?.vpcId }.first
    }

    /// Subnets for a new interface endpoint: the task's subnets (all of the service's when known), one per AZ.
    public var endpointSubnets: [String] {
        let candidates = placements.map(\.subnetId)
            + (service.map { PlacementResolver(facts: facts).placements(of: $0).map(\.subnetId) } ?? [])
        var zones: Set<String> = []
        var chosen: [String] = []
        for id in candidates where !chosen.contains(id) {
            let zone = facts.subnet(id)?.availabilityZone ?? id
            if zones.insert(zone).inserted { chosen.append(id) }
        }
        return chosen
    }
}

extension DiagnosisContext {
    /// The log joins whose verdicts are among a match's: the lines that name what the match cannot reach.
    func logJoins(for match: FindingMatch) -> [LogJoin] {
        logJoins.filter { join in join.verdicts.contains { verdict in match.verdicts.contains(verdict) } }
    }
}
