/// Diagnoses every service of a set of facts (`ecs-medic audit`): the network, IAM and registry facts are
/// decoded once and shared, the rules compiled once, and each service sees only its own tasks and task
/// definitions so that the cost per service does not grow with the size of the account.
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
        let tasksByService = Dictionary(grouping: facts.tasks ?? []) { task in
            task.group.flatMap { $0.hasPrefix("service:") ? String($0.dropFirst("service:".count)) : nil } ?? ""
        }
        let definitions = Dictionary((facts.taskDefinitions ?? []).compactMap { definition in
            definition.taskDefinitionArn.map { ($0, definition) }
        }, uniquingKeysWith: { first, _ in first })
        var results: [DiagnosisResult] = []
        results.reserveCapacity(services.count)
        for (index, service) in services.enumerated() {
            var own = facts
            own.services = [service]
            own.tasks = facts.tasks.map { _ in
                (tasksByService[service.serviceName] ?? []).filter { $0.clusterArn == nil || $0.clusterArn == service.clusterArn }
            }
            let references = [service.taskDefinition] + (service.deployments ?? []).map(\.taskDefinition)
                + (own.tasks ?? []).map(\.taskDefinitionArn)
            // A short `family:revision` reference falls back to a scan of the definitions.
            own.taskDefinitions = facts.taskDefinitions.map { _ in
                Set(references.compactMap { $0 }).sorted().compactMap { definitions[$0] ?? facts.taskDefinition($0) }
            }
            results.append(try diagnoser.diagnose(own, selecting: TargetSelector(service: service.serviceArn ?? service.serviceName)))
            progress(index + 1, services.count)
        }
        return results
    }
}
