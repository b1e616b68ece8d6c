import AWSClient

/// A service `diagnose` could look at, with what makes it worth looking at now: its tasks that stopped in the last
/// hour (ECS keeps stopped tasks visible for about that long) and why its deployment is not steady.
public struct ServiceCandidate: Sendable, Equatable {
    public var cluster: String
    public var serviceName: String
    /// The service's tasks that stopped within `TargetCandidates.recentWindow` of now, newest first.
    public var recentStops: [RecentStop]
    /// Why the deployment is not steady (`rollout failed`, `deployment in progress`, `0 of 2 tasks running`); nil
    /// when it is.
    public var unsteady: String?

    /// A task that stopped recently, with its stopped-reason category (design.md §6).
    public struct RecentStop: Sendable, Equatable {
        public var taskId: String
        public var stoppedAt: Double
        public var category: String
    }

    /// One line for a list: what stopped recently and how the deployment stands.
    public var summary: String {
        var parts: [String] = []
        if !recentStops.isEmpty {
            var counts: [String: Int] = [:]
            for stop in recentStops { counts[stop.category, default: 0] += 1 }
            let categories = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
                .map { $0.value == 1 ? $0.key : "\($0.key) ×\($0.value)" }
            parts.append("\(recentStops.count) stopped in the last hour: \(categories.joined(separator: ", "))")
        }
        if let unsteady { parts.append(unsteady) }
        return parts.isEmpty ? "steady" : parts.joined(separator: "; ")
    }
}

/// A cluster and its candidate services, ranked.
public struct ClusterCandidate: Sendable, Equatable {
    public var name: String
    public var services: [ServiceCandidate]

    /// One line for a list: how many services, how many tasks stopped in the last hour, how many not steady.
    public var summary: String {
        let stops = services.reduce(0) { $0 + $1.recentStops.count }
        let unsteady = services.filter { $0.unsteady != nil }.count
        var parts = ["\(services.count) service\(services.count == 1 ? "" : "s")"]
        if stops > 0 { parts.append("\(stops) task\(stops == 1 ? "" : "s") stopped in the last hour") }
        if unsteady > 0 { parts.append("\(unsteady) not steady") }
        return parts.joined(separator: ", ")
    }
}

/// Ranks the services of the facts for the interactive pick: newest failures first — services with a task stopped
/// in the last hour by their newest stop, then services whose deployment is not steady, then the rest — each group
/// by name. Pure: the same facts and `now` give the same order.
public enum TargetCandidates {
    /// How far back a stopped task counts as a recent failure.
    public static let recentWindow: Double = 3600

    /// The active services of the facts, ranked; `now` is in seconds since 1970.
    public static func services(_ services: [ECSService], tasks: [ECSTask], now: Double) -> [ServiceCandidate] {
        let classifier = StoppedReasonClassifier()
        let candidates = services.filter { $0.status == nil || $0.status == "ACTIVE" || $0.status == "DRAINING" }
            .map { service in
                let stops = tasks.filter(service.owns).compactMap { task -> ServiceCandidate.RecentStop? in
                    guard let stopped = task.stoppedAt.flatMap(Timestamp.epochSeconds),
                          stopped <= now, now - stopped <= recentWindow else { return nil }
                    let category = classifier.classify(stopCode: task.stopCode, stoppedReason: task.stoppedReason,
                                                       containers: task.containerStops).category
                    return .init(taskId: task.id, stoppedAt: stopped, category: category)
                }
                return ServiceCandidate(cluster: service.clusterName ?? "default", serviceName: service.serviceName,
                                        recentStops: stops.sorted { ($0.stoppedAt, $1.taskId) > ($1.stoppedAt, $0.taskId) },
                                        unsteady: unsteadiness(of: service))
            }
        return candidates.sorted(by: ranksBefore)
    }

    /// The clusters of ranked candidates, the cluster of the newest failure first (then those with a service not
    /// steady, then by name); each keeps its services' order.
    public static func clusters(_ candidates: [ServiceCandidate]) -> [ClusterCandidate] {
        let grouped = Dictionary(grouping: candidates, by: \.cluster)
        return grouped.map { ClusterCandidate(name: $0.key, services: $0.value.sorted(by: ranksBefore)) }
            .sorted { left, right in
                let (l, r) = (rank(left.services[0]), rank(right.services[0]))
                return l != r ? l < r : left.name < right.name
            }
    }

    /// Why a service's deployment is not steady: a failed rollout, a deployment still rolling out (more than
    /// one deployment, or the primary `IN_PROGRESS`), or fewer tasks running than desired; nil when steady.
    public static func unsteadiness(of service: ECSService) -> String? {
        let deployments = service.deployments ?? []
        let primary = deployments.first { $0.status == "PRIMARY" } ?? deployments.first
        var reasons: [String] = []
        if primary?.rolloutState == "FAILED" {
            reasons.append("rollout failed")
        } else if deployments.count > 1 || primary?.rolloutState == "IN_PROGRESS" {
            reasons.append("deployment in progress")
        }
        if let desired = service.desiredCount, let running = service.runningCount, running < desired {
            reasons.append("\(running) of \(desired) tasks running")
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: ", ")
    }

    /// Services with a recent stop first (newest first), then those not steady, then the rest.
    private static func rank(_ candidate: ServiceCandidate) -> (group: Int, age: Double) {
        if let newest = candidate.recentStops.first { return (0, -newest.stoppedAt) }
        return (candidate.unsteady == nil ? 2 : 1, 0)
    }

    private static func ranksBefore(_ left: ServiceCandidate, _ right: ServiceCandidate) -> Bool {
        let (l, r) = (rank(left), rank(right))
        if l != r { return l < r }
        return (left.serviceName, left.cluster) < (right.serviceName, right.cluster)
    }
}
