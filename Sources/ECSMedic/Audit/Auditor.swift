/// Diagnoses every service of a set of facts (`ecs-medic audit`): the network, IAM and registry facts are
/// decoded once and shared, the rules compiled once, and each service sees only its own tasks, task
/// definitions and VPC's network facts, so that the cost per service does not grow with the size of the account.
/// (EC2-launch-type services keep the whole account's network facts: their agent runs on container instances
/// whose network is looked up separately.)
public struct Auditor: Sendable {
    public let diagnoser: Diagnoser

    public init(rules: [Rule]) {
        diagnoser = Diagnoser(rules: rules)
    }

    /// The services to audit, sorted by cluster then name: every active one, or those of `clusters` (names or ARNs).
    public func services(in facts: Facts, clusters: [String] = []) -> [ECSService] {
        (facts.services ?? [])
            .filter { $0.status != "INACTIVE" }
            .filter { service in
                clusters.isEmpty || clusters.contains { $0 == service.clusterName || $0 == service.clusterArn }
            }
            .sorted { ($0.clusterName ?? "", $0.serviceName) < ($1.clusterName ?? "", $1.serviceName) }
    }

    /// One result per service, in `services(in:clusters:)` order; `progress` is called after each one.
    public func audit(_ facts: Facts, clusters: [String] = [],
                      progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> [DiagnosisResult] {
        let services = services(in: facts, clusters: clusters)
        if services.isEmpty {
            let known = Set((facts.services ?? []).compactMap(\.clusterName)).sorted().joined(separator: ", ")
            throw InputError(clusters.isEmpty
                ? "no ECS service in the facts (ecs describe-services)"
                : "no service of cluster \(clusters.joined(separator: ", ")) in the facts\(known.isEmpty ? "" : " (clusters: \(known))")")
        }
        let tasksByGroup = Dictionary(grouping: facts.tasks ?? []) { $0.group ?? "" }
        let tasksByDeployment = Dictionary(grouping: facts.tasks ?? []) { $0.startedBy ?? "" }
        let definitions = Dictionary((facts.taskDefinitions ?? []).compactMap { definition in
            definition.taskDefinitionArn.map { ($0, definition) }
        }, uniquingKeysWith: { first, _ in first })
        let partition = VPCPartition(facts)
        let shared = SharedVerdicts()
        var results: [DiagnosisResult] = []
        results.reserveCapacity(services.count)
        for (index, service) in services.enumerated() {
            var (partitionKey, own) = service.launchType == "EC2" ? ("", facts) : partition.facts(for: service, in: facts)
            own.services = [service]
            // A service's tasks: its group, or started by one of its deployments, in its cluster.
            own.tasks = facts.tasks.map { _ in
                let deployments = (service.deployments ?? []).flatMap { tasksByDeployment[$0.id] ?? [] }
                var seen: Set<String> = []
                return ((tasksByGroup["service:\(service.serviceName)"] ?? []) + deployments).filter { task in
                    (task.clusterArn == nil || task.clusterArn == service.clusterArn) && seen.insert(task.taskArn).inserted
                }
            }
            let references = [service.taskDefinition] + (service.deployments ?? []).map(\.taskDefinition)
                + (own.tasks ?? []).map(\.taskDefinitionArn)
            // A short `family:revision` reference falls back to a scan of the definitions.
            own.taskDefinitions = facts.taskDefinitions.map { _ in
                Set(references.compactMap { $0 }).sorted().compactMap { definitions[$0] ?? facts.taskDefinition($0) }
            }
            var result = try diagnoser.diagnose(own, selecting: TargetSelector(service: service.serviceArn ?? service.serviceName),
                                                sharing: SharedVerdicts.Scope(verdicts: shared, partition: partitionKey))
            // An audit looks at each service's configuration, not at a task that failed: no aged-out notice.
            result.tasksAgedOut = false
            // Nor does it print every path (`--path` is diagnose's): only the verdicts behind findings are kept.
            result.verdicts = []
            results.append(result)
            progress(index + 1, services.count)
        }
        return results
    }
}

extension Auditor {
    /// An audit of several account-regions (`audit --accounts ... | --organization`, or the folder it recorded): the
    /// results of each one's services, in the given order. An account-region without services is no error, unless
    /// ECS could not be asked (access denied, throttled): it is then returned as unaudited with why.
    public func audit(accountRegions: [AuditRecording.Entry], clusters: [String] = [],
                      progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws
        -> (results: [DiagnosisResult], unaudited: [UnauditedAccount]) {
        var results: [DiagnosisResult] = []
        var unaudited: [UnauditedAccount] = []
        for entry in accountRegions {
            let facts = try FactsDecoder().facts(from: entry.snapshot)
            guard !services(in: facts, clusters: clusters).isEmpty else {
                let failures = facts.unverified.filter { $0.permission?.hasPrefix("ecs:") == true && $0.reason != "ClusterNotFoundException" }
                if let failure = failures.first {
                    unaudited.append(UnauditedAccount(account: entry.account, region: entry.region,
                                                      reason: "cannot list the services to audit: \(failure.fact): \(failure.reason)",
                                                      permission: failure.permission))
                }
                continue
            }
            results += try audit(facts, clusters: clusters, progress: progress)
        }
        return (results, unaudited)
    }
}
