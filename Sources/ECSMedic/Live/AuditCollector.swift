import AWSClient
import Foundation

/// Collects, through the AWS APIs, the facts an audit of many services reads (`ecs-medic audit` without
/// `--snapshot`): the clusters (given, or every cluster of the region), their services and tasks, then the
/// facts of all of them at once, planned round by round like `LiveSource` so that each resource (subnet,
/// security group, route table, endpoint list, role, policy, secret, key...) is fetched once for the whole
/// audit and ids are batched where the API takes lists. Read-only; at most `concurrency` calls in flight.
public struct AuditCollector: Sendable {
    let client: AWSClient
    let slots: CallSlots
    let progress: @Sendable (Int) -> Void

    /// `progress` is told how many calls have been made after each one.
    public init(client: AWSClient, concurrency: Int, progress: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.init(client: client, slots: CallSlots(concurrency), progress: progress)
    }

    /// Shares `slots` with the collections of other account-regions (`AccountAudit`).
    public init(client: AWSClient, slots: CallSlots, progress: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.client = client
        self.slots = slots
        self.progress = progress
    }

    /// The calls made, as a snapshot (design.md §7 file form, calls in a stable order whatever the concurrency),
    /// and how many calls each dependent round made. `clusters` are names or ARNs; empty means every cluster.
    /// Only services whose newest task stopped within `window` have their target health, container logs (bounded
    /// by `logs`; nil reads none) and metrics read: at most one `GetLogEvents` per container of that task, one
    /// `DescribeTargetHealth` per target group and one `GetMetricData` per such service.
    public func collect(clusters: [String], window: StopWindow? = nil, logs: LogReadingLimits? = .standard) async throws
        -> (snapshot: Snapshot, rounds: [Int]) {
        let recorder = CallRecorder(client: client, slots: slots, progress: progress)

        await recorder.beginRound()
        async let identity = recorder.call(OperationCatalog.getCallerIdentity)
        var names = clusters
        if names.isEmpty {
            names = try await ClusterInventory.clusters(recorder)
        }
        let account = try await identity?.first?["Account"]?.stringValue
        names = Array(Set(names)).sorted()

        let inventory = try await ClusterInventory.collect(names, recorder)
        let (services, tasks) = (inventory.services, inventory.tasks)

        await recorder.beginRound()
        let definitions = LiveSource.taskDefinitions(of: tasks, services)
        let afterStart = AfterStartPlanner(logs: logs)
        let region = client.configuration.region
        var inventoryFacts = try FactsDecoder().facts(from: Snapshot(region: region, calls: await recorder.calls))
        let window = window ?? .standard(now: Date().timeIntervalSince1970)
        let recent = Self.recentlyStopped(inventoryFacts, window: window)
        let clusterArns = Set(services.compactMap { $0["clusterArn"]?.stringValue }).sorted()
        let taskDefinitions = try await recorder.parallel(definitions.map { definition in
            (OperationCatalog.describeTaskDefinition, ["taskDefinition": .string(definition)])
        } + afterStart.roundTwo(clusters: clusterArns, services: recent.map(\.service))).flatMap { ($0 ?? []).compactMap { $0["taskDefinition"] } }
        inventoryFacts = try FactsDecoder().facts(from: Snapshot(region: region, calls: await recorder.calls))
        let afterStartCalls = afterStart.roundThree(inventoryFacts, targets: recent.map { (service: $0.service, task: $0.task) },
                                                    now: Date().timeIntervalSince1970)

        let subnets = Set(tasks.flatMap(LiveSource.subnets(ofTask:)) + services.flatMap(LiveSource.subnets(ofService:))).sorted()
        var instances: [String: [String]] = [:]
        for (cluster, clusterTasks) in Dictionary(grouping: tasks, by: { $0["clusterArn"]?.stringValue ?? "" }) where !cluster.isEmpty {
            let arns = LiveSource.containerInstances(clusterTasks)
            if !arns.isEmpty { instances[cluster] = arns }
        }
        let targetGroups = Set(services.flatMap { ($0["loadBalancers"]?.arrayValue ?? []).compactMap { $0["targetGroupArn"]?.stringValue } }).sorted()
        try await RoundPlanner(taskDefinitions: taskDefinitions)
            .collect(subnets: subnets, containerInstances: instances, targetGroups: targetGroups,
                     serviceLinkedRoleShown: LiveSource.showServiceLinkedRole(services), afterStart: afterStartCalls,
                     recorder: recorder)

        let calls = Self.stableOrder(await recorder.calls)
        let snapshot = Snapshot(region: client.configuration.region, account: account,
                                capturedAt: ISO8601DateFormatter().string(from: Date()),
                                calls: SnapshotRedactor().redact(calls))
        return (snapshot, await recorder.rounds)
    }

    /// The services whose newest stopped task stopped within `window`, with that task.
    static func recentlyStopped(_ facts: Facts, window: StopWindow) -> [(service: ECSService, task: ECSTask)] {
        let tasks = (facts.tasks ?? []).filter { $0.lastStatus == "STOPPED" }
        return (facts.services ?? []).compactMap { service in
            guard let task = service.newestTask(in: tasks), let stopped = task.timeline.stoppedAt, window.contains(stopped) else {
                return nil
            }
            return (service, task)
        }
    }

    /// Calls sorted by service, operation and request (pages of one call keep their order), so that the recorded
    /// snapshot, and everything decoded from it, is the same whatever order concurrent calls completed in.
    static func stableOrder(_ calls: [SnapshotCall]) -> [SnapshotCall] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let keyed = calls.enumerated().map { index, call in
            let request = (try? encoder.encode(call.request)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return ("\(call.service) \(call.operation) \(request)", index, call)
        }
        return keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }
}
