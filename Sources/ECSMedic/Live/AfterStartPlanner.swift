import AWSClient
import Foundation

/// The calls that read what happened after a task started, fitted into the live collection's existing rounds:
/// with round two (they need only the service and its cluster) the cluster's settings and each target group's
/// target health; with round three (they need the task definition and the cluster's settings) the containers'
/// log streams up to the stop, each in its `awslogs-region`, and one `GetMetricData` call per service. Bounded: one
/// page of `logs.lines` events per container, at most `maximumContainers` containers per task, the service's target
/// groups (ECS allows 5).
struct AfterStartPlanner {
    /// How much log to read; nil reads none (`--no-logs`).
    let logs: LogReadingLimits?

    static let maximumContainers = 10
    /// The metrics window: an hour before the stop (or now, for a running task) to five minutes after.
    static let secondsBefore = 3600.0, secondsAfter = 300.0
    /// One datapoint a minute: ECS publishes its service metrics every minute.
    static let period = 60

    typealias Call = RoundPlanner.Call
    typealias PlacedCall = RoundPlanner.PlacedCall

    /// The clusters' settings (Container Insights) and the health of every target group of `services`.
    func roundTwo(clusters: [String], services: [ECSService]) -> [Call] {
        var calls: [Call] = []
        for chunk in RoundPlanner.chunks(Array(Set(clusters)).sorted(), of: 100) {
            calls.append((OperationCatalog.describeClusters, ["clusters": .array(chunk.map(JSONValue.string)), "include": ["SETTINGS"]]))
        }
        let targetGroups = Set(services.flatMap { ($0.loadBalancers ?? []).compactMap(\.targetGroupArn) }).sorted()
        for group in targetGroups {
            calls.append((OperationCatalog.describeTargetHealth, ["TargetGroupArn": .string(group)]))
        }
        return calls
    }

    /// The log streams of each target's task and one metrics call for each target's service. `now` (seconds since
    /// 1970) ends the window of a task that has not stopped.
    func roundThree(_ facts: Facts, targets: [(service: ECSService?, task: ECSTask?)], now: Double) -> [PlacedCall] {
        var calls: [PlacedCall] = []
        for target in targets {
            if let task = target.task, logs != nil { calls += logCalls(task, facts) }
            if let service = target.service, let call = metricsCall(service, task: target.task, facts, now: now) {
                calls.append((call: call, region: nil))
            }
        }
        return calls
    }

    /// `GetLogEvents` for each `awslogs` container of the task whose stream is named: the newest `logs.lines` events
    /// before the stop, newest page only, in the container's `awslogs-region` when it is not the collection's.
    func logCalls(_ task: ECSTask, _ facts: Facts) -> [PlacedCall] {
        guard let logs else { return [] }
        let stoppedAt = task.timeline.stoppedAt
        return facts.containerLogs(of: task).prefix(Self.maximumContainers).compactMap { container -> PlacedCall? in
            guard case .awslogs(let group, let region, let stream) = container.source else { return nil }
            var input: [String: JSONValue] = ["logGroupName": .string(group), "logStreamName": .string(stream),
                                              "limit": .number(Double(logs.lines)), "startFromHead": false]
            // Events at or after endTime are left out: a second of slack for the clocks of the agent and ECS.
            if let stoppedAt { input["endTime"] = .number((stoppedAt.rounded(.down) + 1) * 1000) }
            return (call: (OperationCatalog.getLogEvents, .object(input)), region: region == facts.region ? nil : region)
        }
    }

    /// `GetMetricData` for the service around the task's stop: `AWS/ECS` memory and CPU utilization, and with
    /// Container Insights on, `MemoryUtilized` and `MemoryReserved` of the service (and, enhanced, of the task).
    func metricsCall(_ service: ECSService, task: ECSTask?, _ facts: Facts, now: Double) -> Call? {
        guard let clusterName = service.clusterName ?? task?.clusterArn.map({ String($0.split(separator: "/").last ?? "") }) else {
            return nil
        }
        let insights = facts.cluster(service.clusterArn ?? clusterName)?.containerInsights
        let serviceDimensions: [(String, String)] = [("ClusterName", clusterName), ("ServiceName", service.serviceName)]
        var queries: [JSONValue] = [ServiceMetric.memoryUtilization, .cpuUtilization].map {
            Self.query($0, dimensions: serviceDimensions, task: nil)
        }
        if insights == "enabled" || insights == "enhanced" {
            queries += [ServiceMetric.memoryUtilized, .memoryReserved].map { Self.query($0, dimensions: serviceDimensions, task: nil) }
        }
        if insights == "enhanced", let task, let family = task.taskDefinitionArn.flatMap(Self.family) {
            let taskDimensions = [("ClusterName", clusterName), ("TaskDefinitionFamily", family), ("TaskId", task.id)]
            queries += [ServiceMetric.memoryUtilized, .memoryReserved].map { Self.query($0, dimensions: taskDimensions, task: task.id) }
        }
        let end = task?.timeline.stoppedAt ?? now
        return (OperationCatalog.getMetricData, [
            "MetricDataQueries": .array(queries),
            "StartTime": .string(Self.iso(end - Self.secondsBefore)),
            "EndTime": .string(Self.iso(end + Self.secondsAfter)),
        ])
    }

    static func query(_ metric: ServiceMetric, dimensions: [(String, String)], task: String?) -> JSONValue {
        [
            "Id": .string(metric.queryId(task: task)),
            "MetricStat": [
                "Metric": [
                    "Namespace": .string(metric.namespace),
                    "MetricName": .string(metric.metricName),
                    "Dimensions": .array(dimensions.map { ["Name": .string($0.0), "Value": .string($0.1)] }),
                ],
                "Period": .number(Double(period)),
                "Stat": "Maximum",
            ],
            "ReturnData": true,
        ]
    }

    /// `arn:aws:ecs:...:task-definition/orders:7` → `orders`.
    static func family(_ taskDefinitionArn: String) -> String? {
        taskDefinitionArn.split(separator: "/").last?.split(separator: ":").first.map(String.init)
    }

    static func iso(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
    }
}
