import Crypto
import Foundation

/// Runs rules over a diagnosis context and turns what they match into findings with evidence and fixes.
public struct RuleEngine: Sendable {
    public let rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    public func findings(in context: DiagnosisContext) -> [Finding] {
        rules.flatMap { rule in matches(of: rule, in: context).map { finding(for: $0, in: context) } }
            .sorted { ($1.severity, $0.rule, $0.fingerprint) < ($0.severity, $1.rule, $1.fingerprint) }
    }

    /// The matches of one rule, one per blocking resource.
    public func matches(of rule: Rule, in context: DiagnosisContext) -> [FindingMatch] {
        switch rule.condition {
        case .path(let needs, let outcome, let kinds):
            var matches: [FindingMatch] = []
            for verdict in context.verdicts where verdict.outcome == outcome && RuleVocabulary.matches(needs, verdict.need) {
                guard let hop = verdict.decidingHop, kinds.contains(hop.kind) else { continue }
                if let index = matches.firstIndex(where: { $0.blockingResource == hop.resource }) {
                    matches[index].verdicts.append(verdict)
                } else {
                    matches.append(FindingMatch(rule: rule, blockingResource: hop.resource, verdicts: [verdict]))
                }
            }
            return matches
        case .taskDefinition(let check):
            return context.issues.filter { $0.check == check }.map { issue in
                var match = FindingMatch(rule: rule, blockingResource: issue.resource)
                match.issue = issue
                return match
            }
        case .permission(let roles, let layers, let grantedToTaskRole):
            var matches: [FindingMatch] = []
            for verdict in context.permissions where roles.contains(verdict.role) {
                let deciding = verdict.decidingLayers
                guard !deciding.isEmpty, deciding.contains(where: layers.contains) else { continue }
                if let grantedToTaskRole, (verdict.allowedForTaskRole ?? false) != grantedToTaskRole { continue }
                let blocking = grantedToTaskRole == true
                    ? (context.taskDefinition?.taskRoleArn).flatMap { Diagnoser.roleArn($0, account: context.facts.account) } ?? verdict.roleArn
                    : deciding == [.endpointPolicy] ? verdict.endpointId ?? verdict.roleArn : verdict.roleArn
                if let index = matches.firstIndex(where: { $0.blockingResource == blocking }) {
                    matches[index].permissions.append(verdict)
                } else {
                    matches.append(FindingMatch(rule: rule, blockingResource: blocking, permissions: [verdict]))
                }
            }
            return matches
        case .overbroad(let actions):
            return context.overbroadGrants.filter { $0.probeActions.contains(where: actions.contains) }.map { grant in
                var match = FindingMatch(rule: rule, blockingResource: grant.policy)
                match.overbroad = [grant]
                return match
            }
        case .trust(let roles):
            return context.trust.filter { roles.contains($0.role) && $0.trusted == false }
                .map { FindingMatch(rule: rule, blockingResource: $0.roleArn, trust: [$0]) }
        case .reference(let kinds):
            return context.referenceProblems.filter { kinds.contains($0.kind) }
                .map { FindingMatch(rule: rule, blockingResource: $0.reference, problems: [$0]) }
        case .afterStart(let check):
            return context.afterStartIssues.filter { $0.check == check }.map { issue in
                var match = FindingMatch(rule: rule, blockingResource: issue.resource)
                match.afterStart = issue
                return match
            }
        case .facts:
            return (context.factMatches[rule.id] ?? []).map { found in
                var match = FindingMatch(rule: rule, blockingResource: found.resource)
                match.facts = found
                return match
            }
        case .warning(let needs, let kinds):
            var matches: [FindingMatch] = []
            for verdict in context.verdicts where RuleVocabulary.matches(needs, verdict.need) {
                guard let hop = verdict.hops.first(where: { $0.warning != nil && kinds.contains($0.kind) }) else { continue }
                if let index = matches.firstIndex(where: { $0.blockingResource == hop.resource }) {
                    matches[index].verdicts.append(verdict)
                } else {
                    matches.append(FindingMatch(rule: rule, blockingResource: hop.resource, verdicts: [verdict]))
                }
            }
            return matches
        }
    }

    func finding(for match: FindingMatch, in context: DiagnosisContext) -> Finding {
        let rule = match.rule
        var finding = Finding(
            rule: rule.id, severity: rule.severity, title: rule.title,
            message: MessageTemplate(rule.message).render(match, context),
            resources: resources(of: match, in: context),
            evidence: evidence(of: match, in: context),
            fixes: rule.fixes.compactMap { FixCatalog.fix($0, for: match, in: context) },
            fingerprint: Self.fingerprint(rule: rule.id, blocking: match.blockingResource),
            taskDefinitionField: match.issue?.field ?? match.afterStart?.field ?? match.facts?.taskDefinitionField ?? context.taskDefinition.flatMap {
                TaskDefinitionFields.field(for: match.needs.map(\.name), in: $0)
            })
        finding.paths = match.verdicts
        finding.permissions = match.permissions
        return finding
    }

    static func fingerprint(rule: String, blocking: String) -> String {
        SHA256.hash(data: Data("\(rule)\n\(blocking)".utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The blocking resource first, then every other resource on the paths, the subnets and the VPC.
    private func resources(of match: FindingMatch, in context: DiagnosisContext) -> [String] {
        var resources = [match.blockingResource]
        func add(_ id: String?) {
            if let id, !id.isEmpty, !resources.contains(id) { resources.append(id) }
        }
        if let issue = match.issue {
            issue.related.forEach(add)
            add(context.taskDefinition?.taskDefinitionArn ?? context.taskDefinition?.family)
            return resources
        }
        if match.facts != nil { return resources }
        if let issue = match.afterStart {
            issue.related.forEach(add)
            add(context.taskDefinition?.taskDefinitionArn)
            add(context.task?.taskArn)
            return resources
        }
        for verdict in match.verdicts {
            for hop in verdict.hops where hop.passes != true {
                add(hop.resource)
            }
        }
        for verdict in match.permissions {
            add(verdict.roleArn)
            add(verdict.call.resource == "*" ? nil : verdict.call.resource)
            add(verdict.endpointId)
        }
        match.trust.forEach { add($0.roleArn) }
        match.overbroad.forEach { add($0.roleArn) }
        match.subnets.forEach { add($0) }
        if !match.verdicts.isEmpty { add(context.vpcId) }
        return resources
    }

    /// Why the task needs it, then the path walked from the task to the blocking hop (or the policy decision).
    private func evidence(of match: FindingMatch, in context: DiagnosisContext) -> [Evidence] {
        if let issue = match.issue { return issue.evidence }
        if let issue = match.afterStart { return issue.evidence }
        if let found = match.facts { return found.evidence }
        if !match.permissions.isEmpty || !match.trust.isEmpty || !match.problems.isEmpty || !match.overbroad.isEmpty {
            return PermissionEvidence(context: context).evidence(of: match)
        }
        guard let verdict = match.verdicts.first else { return [] }
        var evidence = match.needs.map { need in
            Evidence(fact: "\(need.displayName) is needed for \(need.reasons.prefix(3).joined(separator: "; "))",
                     resource: context.taskDefinition?.taskDefinitionArn ?? context.task?.taskDefinitionArn ?? "task definition",
                     source: "ecs:DescribeTaskDefinition")
        }
        if let placement = context.placements.first(where: { $0.subnetId == verdict.subnetId }) {
            evidence.append(Evidence(
                fact: "the task ran in \(placement.subnetId)\(placement.privateIP.map { " at \($0)" } ?? "")"
                    + (placement.securityGroupIds.map { " with \($0.joined(separator: ", "))" } ?? "")
                    + " (\(placement.source))",
                resource: placement.subnetId, source: context.task != nil ? "ecs:DescribeTasks" : "ecs:DescribeServices"))
        }
        // What the container logged about the same destination: the log and the network verdict, one finding.
        for join in context.logJoins(for: match) {
            evidence.insert(contentsOf: join.evidence, at: match.needs.count)
        }
        evidence += verdict.hops.map { Evidence(fact: $0.detail, resource: $0.resource, source: $0.source) }
        if match.subnets.count > 1 || context.placements.count > 1 {
            let total = Set(context.verdicts.filter { $0.need.name == verdict.need.name }.map(\.subnetId)).count
            evidence.append(Evidence(fact: "\(match.subnets.count) of \(total) subnets affected: \(match.subnets.joined(separator: ", "))",
                                     resource: match.subnets.first ?? "", source: "ec2:DescribeSubnets"))
        }
        return evidence
    }
}
