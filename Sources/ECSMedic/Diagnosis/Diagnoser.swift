import AWSClient

/// Diagnoses one service or task: selects it in the facts, places it on the network, derives what it needs,
/// asks the engines for verdicts and runs the rules.
public struct Diagnoser: Sendable {
    public let engine: RuleEngine
    /// Policies compiled once for every diagnosis this diagnoser makes (an audit's services share their roles').
    let policies = PolicyCache()

    public init(rules: [Rule]) {
        engine = RuleEngine(rules: rules)
    }

    /// The diagnosis of the selected service or task; with `verifyingFixes`, every fix is applied to the facts in
    /// memory and the diagnosis run again to label it `verified` (the finding gone, no new one) or not.
    public func diagnose(_ facts: Facts, selecting selector: TargetSelector, verifyingFixes: Bool = true) throws -> DiagnosisResult {
        try diagnose(facts, selecting: selector, verifyingFixes: verifyingFixes, sharing: nil)
    }

    /// A diagnosis that reuses the verdicts other services of the audit computed (`sharing`); a fix's
    /// re-diagnosis runs on patched facts and shares nothing.
    func diagnose(_ facts: Facts, selecting selector: TargetSelector, verifyingFixes: Bool = true,
                  sharing: SharedVerdicts.Scope?) throws -> DiagnosisResult {
        let (service, task) = try Self.select(selector, in: facts)
        let definitionReference = task?.taskDefinitionArn
            ?? service?.deployments?.first { $0.status == "PRIMARY" }?.taskDefinition ?? service?.taskDefinition
        return try run(facts, selector: selector, service: service, task: task,
                       definition: definitionReference.flatMap(facts.taskDefinition), definitionReference: definitionReference,
                       document: nil, reportsService: true, sharing: sharing,
                       rediagnose: verifyingFixes ? { patched, changes in
                           try self.diagnose(patched, selecting: selector, verifyingFixes: false,
                                             sharing: sharing?.patched(with: changes))
                       } : nil)
    }

    /// Checks a task definition that is not registered yet (`ecs-medic check`), placed where the selected service
    /// (or the only one in the facts) runs its tasks, or in the given awsvpc configuration. `document` is the
    /// definition as the file holds it (what fact conditions read; without it they are unknown).
    public func check(_ definition: TaskDefinition, document: JSONValue? = nil, in facts: Facts, selecting selector: TargetSelector,
                      network: NetworkConfiguration.AwsVpcConfiguration?, verifyingFixes: Bool = true) throws -> DiagnosisResult {
        let rediagnose: ((Facts, [FixChange]) throws -> DiagnosisResult)? = verifyingFixes ? { patched, _ in
            try self.check(definition, document: document, in: patched, selecting: selector, network: network, verifyingFixes: false)
        } : nil
        if let network {
            let launchType = definition.requiresFargate ? "FARGATE" : "EC2"
            let service = ECSService(serviceName: definition.family ?? "task-definition", launchType: launchType,
                                     networkConfiguration: NetworkConfiguration(awsvpcConfiguration: network))
            var facts = facts
            // The service the command line describes, as describe-services would print it.
            facts.documents.add(.service, .object([
                "serviceName": .string(service.serviceName), "launchType": .string(launchType),
                "networkConfiguration": .object(["awsvpcConfiguration": .object([
                    "subnets": .array((network.subnets ?? []).map(JSONValue.string)),
                    "securityGroups": .array((network.securityGroups ?? []).map(JSONValue.string)),
                    "assignPublicIp": .string(network.assignPublicIp ?? "DISABLED"),
                ])]),
            ]))
            return try run(facts, selector: selector, service: service, task: nil, definition: definition,
                           definitionReference: definition.family, document: document, reportsService: false, rediagnose: rediagnose)
        }
        let (service, _) = try Self.select(TargetSelector(cluster: selector.cluster, service: selector.service), in: facts)
        return try run(facts, selector: selector, service: service, task: nil, definition: definition,
                       definitionReference: definition.family, document: document, reportsService: true, rediagnose: rediagnose)
    }

    /// The enabled rules whose findings set the past run against the present configuration
    /// (`AfterStartCheck.setsPastAgainstPresent`).
    var pastAgainstPresentRules: Set<String> {
        Set(engine.rules.compactMap { rule in
            if case .afterStart(let check) = rule.condition, check.setsPastAgainstPresent { return rule.id }
            return nil
        })
    }

    /// The task definition checks the enabled rules use.
    var checks: [TaskDefinitionCheck] {
        TaskDefinitionCheck.allCases.filter { check in
            engine.rules.contains { $0.condition == .taskDefinition(check) }
        }
    }

    private func run(_ facts: Facts, selector: TargetSelector, service: ECSService?, task: ECSTask?,
                     definition: TaskDefinition?, definitionReference: String?, document: JSONValue?, reportsService: Bool,
                     sharing: SharedVerdicts.Scope? = nil,
                     rediagnose: ((Facts, [FixChange]) throws -> DiagnosisResult)?) throws -> DiagnosisResult {
        let region = facts.region ?? "us-east-1"
        let clusterArn = task?.clusterArn ?? service?.clusterArn
        let cluster = clusterArn.map { String($0.split(separator: "/").last ?? "") } ?? selector.cluster ?? "default"
        var unverified = facts.unverified

        if definition == nil, let definitionReference {
            unverified.append(UnverifiedFact(fact: "task definition \(definitionReference)", reason: "not collected",
                                             permission: "ecs:DescribeTaskDefinition"))
        }

        // The application connects from the task's ENI; the ECS agent fetches secrets, images and logs from the
        // same ENI on Fargate but from the container instance's network on the EC2 launch type.
        let resolver = PlacementResolver(facts: facts)
        var appPlacements: [NetworkPlacement] = []
        var agentPlacements: [NetworkPlacement] = []
        if let task {
            let taskPlacement = resolver.placement(of: task, service: service)
            if task.isFargate {
                // The next task may land in any subnet of the service: check the others too, one verdict each.
                let others = service.map { resolver.placements(of: $0) }?.filter { $0.subnetId != taskPlacement?.subnetId } ?? []
                appPlacements = (taskPlacement.map { [$0] } ?? []) + (taskPlacement == nil ? [] : others)
                agentPlacements = appPlacements
                if taskPlacement == nil {
                    unverified.append(UnverifiedFact(fact: "network placement of task \(task.id)",
                                                     reason: "the task has no ENI attachment", permission: "ecs:DescribeTasks"))
                }
            } else {
                let (agent, missing) = resolver.agentPlacement(of: task)
                agentPlacements = agent.map { [$0] } ?? []
                appPlacements = taskPlacement.map { [$0] } ?? agentPlacements
                if let missing { unverified.append(missing) }
            }
        } else if let service {
            appPlacements = resolver.placements(of: service)
            agentPlacements = service.launchType == "EC2" ? [] : appPlacements
        }

        let discovery = DatabaseDiscovery(facts: facts)
        let database = try definition.flatMap { try discovery.database(for: $0, named: selector.database) }
        if database == nil, definition != nil { unverified += discovery.redactedSecrets() }
        let platformVersion = task?.platformVersion ?? service?.platformVersion
        let (loadBalancers, missingBalancers) = service.map { LoadBalancerResolver(facts: facts).targets(of: $0) } ?? ([], [])
        unverified += missingBalancers
        let needs = definition.map {
            NeedsAnalyzer(facts: facts, region: region).needs(of: $0, database: database, platformVersion: platformVersion,
                                                              loadBalancers: loadBalancers)
        } ?? []
        if definition?.runtimePlatform?.operatingSystemFamily?.uppercased().hasPrefix("WINDOWS") == true {
            appPlacements = appPlacements.map { var copy = $0; copy.ephemeralPorts = NetworkPlacement.windowsEphemeralPorts; return copy }
            agentPlacements = agentPlacements.map { var copy = $0; copy.ephemeralPorts = NetworkPlacement.windowsEphemeralPorts; return copy }
        }
        let reachability = sharing.map { $0.verdicts.engine($0, facts: facts) } ?? ReachabilityEngine(facts: facts)
        let verdicts = needs.flatMap { need in
            (need.isAgentSide ? agentPlacements : appPlacements).map { placement in
                sharing.map { scope in
                    scope.verdicts.path(scope, need: need, placement: placement) {
                        reachability.verdict(for: need, from: placement)
                    }
                } ?? reachability.verdict(for: need, from: placement)
            }
        }
        let placements = (appPlacements + agentPlacements).reduce(into: [NetworkPlacement]()) { result, placement in
            if !result.contains(placement) { result.append(placement) }
        }
        for fact in verdicts.flatMap(\.unverified) {
            let recorded = facts.unverified.first { $0.permission == fact.permission }
            let merged = recorded.map { UnverifiedFact(fact: fact.fact, reason: $0.reason, permission: fact.permission) } ?? fact
            if !unverified.contains(where: { $0.fact == merged.fact }) { unverified.append(merged) }
        }

        var issues: [TaskDefinitionIssue] = []
        var checksMissedFacts = false
        if let definition {
            let inspector = TaskDefinitionInspector(facts: facts, region: region)
            let onFargate = definition.requiresFargate || task?.isFargate == true || service?.launchType == "FARGATE"
            // Where a service (not a task that ran) will run: its awsvpc subnets, which awsvpc mode needs.
            let subnets = task == nil ? service.map { service in
                let deployment = service.deployments?.first { $0.status == "PRIMARY" }
                return (deployment?.networkConfiguration ?? service.networkConfiguration)?.awsvpcConfiguration?.subnets ?? []
            } : nil
            let site = LaunchSite(service: service, task: task, platformVersion: platformVersion)
            for check in checks {
                let (found, missing) = inspector.inspect(definition, check: check, onFargate: onFargate, subnets: subnets,
                                                         site: site)
                issues += found
                // A fact no permission would read (an image outside ECR) is a note, not a gap in the collection.
                checksMissedFacts = checksMissedFacts || missing.contains { $0.permission != nil }
                for fact in missing where !unverified.contains(where: { $0.fact == fact.fact }) { unverified.append(fact) }
            }
        }

        var context = DiagnosisContext(facts: facts, region: region, cluster: cluster, service: service, task: task,
                                       taskDefinition: definition, placements: placements, needs: needs, verdicts: verdicts)
        context.issues = issues
        context.selectedDocuments[.taskDefinition] = document
            ?? definition?.taskDefinitionArn.flatMap { facts.documents.element(.taskDefinition, id: $0) }
        context.selectedDocuments[.service] = service.flatMap { facts.documents.element(.service, id: $0.serviceArn ?? $0.serviceName) }
        context.selectedDocuments[.task] = task.flatMap { facts.documents.element(.task, id: $0.taskArn) }
        for rule in engine.rules {
            guard case .facts(let condition) = rule.condition else { continue }
            let (matches, missing) = FactEvaluator(context: context).evaluate(condition)
            context.factMatches[rule.id] = matches
            checksMissedFacts = checksMissedFacts || !missing.isEmpty
            for fact in missing where !unverified.contains(where: { $0.fact == fact.fact }) { unverified.append(fact) }
        }
        if let definition {
            PermissionAnalyzer(facts: facts, region: region, policies: policies, sharing: sharing).analyze(definition, task: task, into: &context)
            for fact in context.permissions.flatMap(\.unverified) + context.planUnverified
            where !unverified.contains(where: { $0.fact == fact.fact }) {
                unverified.append(fact)
            }
        }
        let afterStart = AfterStartAnalyzer(context: context).analyze()
        context.afterStartIssues = afterStart.issues
        context.logJoins = afterStart.joins
        for fact in afterStart.unverified where !unverified.contains(where: { $0.fact == fact.fact }) {
            unverified.append(fact)
        }
        var findings = engine.findings(in: context)
        if let rediagnose {
            findings = FixVerifier(rediagnosingPatch: rediagnose, facts: facts, before: Set(findings.map(\.fingerprint)),
                                   pastAgainstPresent: pastAgainstPresentRules).label(findings)
        }
        let agedOut = task == nil && service != nil && reportsService
        var result = DiagnosisResult(
            target: .init(account: facts.account, region: region, cluster: cluster,
                          service: reportsService ? service?.serviceName : nil,
                          task: task?.taskArn, taskDefinition: definition?.taskDefinitionArn ?? definitionReference),
            stoppedReason: task.flatMap { Self.stoppedReason(of: $0, findings: findings, rules: engine.rules) }
                ?? service.flatMap { agedOut ? Self.deploymentFailure(of: $0, findings: findings, rules: engine.rules) : nil },
            findings: findings,
            unverified: unverified.sorted { ($0.fact, $0.reason) < ($1.fact, $1.reason) },
            verdicts: verdicts,
            incomplete: checksMissedFacts || Self.isIncomplete(context, definitionKnown: definition != nil || definitionReference == nil))
        result.tasksAgedOut = agedOut
        return result
    }

    /// The service and task the selector names (design.md §3): `--task`, else `--service` and its newest stopped
    /// task (or the service alone when its tasks have aged out), else the only service or task there is.
    static func select(_ selector: TargetSelector, in facts: Facts) throws -> (ECSService?, ECSTask?) {
        do {
            return try selectCollected(selector, in: facts)
        } catch let error as InputError {
            let failed = facts.unverified.filter { $0.permission?.hasPrefix("ecs:") == true }
            guard !failed.isEmpty else { throw error }
            let target = selector.task.map { "task \($0)" } ?? selector.service.map { "service \($0)" } ?? "the target"
            throw TargetNotCollected(message: "\(target) could not be read: "
                + failed.map { "\($0.fact): \($0.reason) (permission \($0.permission ?? ""))" }.joined(separator: ", "))
        }
    }

    private static func selectCollected(_ selector: TargetSelector, in facts: Facts) throws -> (ECSService?, ECSTask?) {
        let services = facts.services ?? []
        let tasks = facts.tasks ?? []
        if let reference = selector.task {
            guard let task = tasks.first(where: { $0.taskArn == reference || $0.id == reference }) else {
                let known = tasks.map(\.id).joined(separator: ", ")
                throw InputError("task \(reference) is not in the facts\(known.isEmpty ? " (no tasks)" : " (tasks: \(known))")")
            }
            return (services.first { $0.owns(task) }, task)
        }
        if let name = selector.service {
            let named = services.filter { $0.serviceName == name || $0.serviceArn == name }
            // Services of one name in several clusters: `--cluster` says which.
            guard let service = named.first(where: { selector.cluster == nil || $0.clusterName == selector.cluster }) ?? named.first else {
                let known = services.map(\.serviceName).joined(separator: ", ")
                throw InputError("service \(name) is not in the facts\(known.isEmpty ? " (no services)" : " (services: \(known))")")
            }
            return (service, service.newestTask(in: tasks))
        }
        if services.count == 1, let service = services.first {
            return (service, service.newestTask(in: tasks))
        }
        if services.isEmpty, tasks.count == 1, let task = tasks.first {
            return (nil, task)
        }
        if services.count > 1 {
            throw InputError("several services in the facts: choose one with --service (\(services.map(\.serviceName).joined(separator: ", ")))")
        }
        if tasks.count > 1 {
            throw InputError("several tasks in the facts: choose one with --task (\(tasks.map(\.id).joined(separator: ", ")))")
        }
        throw InputError("no ECS service or task in the facts (ecs describe-services / describe-tasks)")
    }

    /// How the task stopped, its category (design.md §6), and whether a finding of a rule that checks that category
    /// explains it (nil when no rule checks the category).
    static func stoppedReason(of task: ECSTask, findings: [Finding], rules: [Rule]) -> DiagnosisResult.StoppedReasonReport? {
        let containers = task.containerStops
        guard task.stoppedReason != nil || task.stopCode != nil || containers.contains(where: { $0.reason != nil }) else {
            return nil
        }
        let classification = StoppedReasonClassifier().classify(stopCode: task.stopCode, stoppedReason: task.stoppedReason,
                                                                containers: containers).checked(by: rules)
        let explained = classification.rules.isEmpty
            ? nil : findings.contains { classification.rules.contains($0.rule) }
        return .init(text: task.stoppedReason, stopCode: task.stopCode, category: classification.category,
                     explainedByFacts: explained, explainingRules: classification.rules)
    }

    /// When no task is left, what the service's primary deployment says about its failed tasks: the rollout's
    /// reason when tasks failed (`failedTasks` > 0 or rollout `FAILED`), classified like a stopped reason.
    static func deploymentFailure(of service: ECSService, findings: [Finding], rules: [Rule]) -> DiagnosisResult.StoppedReasonReport? {
        let deployments = service.deployments ?? []
        guard let deployment = deployments.first(where: { $0.status == "PRIMARY" }) ?? deployments.first,
              (deployment.failedTasks ?? 0) > 0 || deployment.rolloutState == "FAILED",
              let reason = deployment.rolloutStateReason else {
            return nil
        }
        let classification = StoppedReasonClassifier().classify(stopCode: nil, stoppedReason: reason, containers: [])
            .checked(by: rules)
        let explained = classification.rules.isEmpty
            ? nil : findings.contains { classification.rules.contains($0.rule) }
        return .init(text: reason, stopCode: nil, category: classification.category, explainedByFacts: explained,
                     explainingRules: classification.rules)
    }

    /// Whether a fact a verdict needed was missing: an unknown path for lack of facts, an undecidable permission,
    /// an unreadable trust policy, a call the agent makes that could not be planned (the key protecting a secret
    /// unknown), a task that could not be placed, or no task definition. The standing SCP caveat does not count.
    static func isIncomplete(_ context: DiagnosisContext, definitionKnown: Bool) -> Bool {
        !definitionKnown
            || (context.task != nil && context.placements.isEmpty)
            || context.verdicts.contains { $0.outcome == .unknown && !$0.unverified.isEmpty }
            || context.permissions.contains { $0.decision == nil }
            || context.trust.contains { $0.trusted == nil }
            || context.planUnverified.contains { $0.permission != "organizations:ListPoliciesForTarget" }
    }

    /// A role given by name or ARN in a task definition, as an ARN.
    static func roleArn(_ reference: String, account: String?) -> String? {
        if reference.hasPrefix("arn:") { return reference }
        guard let account else { return nil }
        return "arn:aws:iam::\(account):role/\(reference)"
    }


}
