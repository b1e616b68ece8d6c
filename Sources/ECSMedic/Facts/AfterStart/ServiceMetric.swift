/// The CloudWatch metrics ecs-medic reads around a task's stop, in one `GetMetricData` call per service. The raw
/// value is the query id, so a response says which metric each result is even without its request (folder form).
public enum ServiceMetric: String, Sendable, CaseIterable, Equatable {
    /// `AWS/ECS` `MemoryUtilization` of the service (percent of the reserved memory), dimensions ClusterName,
    /// ServiceName.
    case memoryUtilization = "ecs_memory_utilization"
    /// `AWS/ECS` `CPUUtilization` of the service.
    case cpuUtilization = "ecs_cpu_utilization"
    /// `ECS/ContainerInsights` `MemoryUtilized` (MiB): of the task with enhanced observability, else of the service.
    case memoryUtilized = "ci_memory_utilized"
    /// `ECS/ContainerInsights` `MemoryReserved` (MiB).
    case memoryReserved = "ci_memory_reserved"

    public var namespace: String {
        switch self {
        case .memoryUtilization, .cpuUtilization: return "AWS/ECS"
        case .memoryUtilized, .memoryReserved: return "ECS/ContainerInsights"
        }
    }

    public var metricName: String {
        switch self {
        case .memoryUtilization: return "MemoryUtilization"
        case .cpuUtilization: return "CPUUtilization"
        case .memoryUtilized: return "MemoryUtilized"
        case .memoryReserved: return "MemoryReserved"
        }
    }

    /// Whether Container Insights must be on for the metric to exist.
    public var needsContainerInsights: Bool { namespace == "ECS/ContainerInsights" }

    /// The query id of the metric, for one task (`ci_memory_utilized_t<task id>`) or the service.
    func queryId(task: String?) -> String {
        task.map { "\(rawValue)_t\($0)" } ?? rawValue
    }

    /// The metric and task a query id names.
    static func parse(queryId: String) -> (metric: ServiceMetric, task: String?)? {
        for metric in allCases {
            if queryId == metric.rawValue { return (metric, nil) }
            if queryId.hasPrefix(metric.rawValue + "_t") { return (metric, String(queryId.dropFirst(metric.rawValue.count + 2))) }
        }
        return nil
    }
}

/// The datapoints of one metric (`GetMetricData`, `MetricDataResults[]`), oldest first.
public struct MetricSeries: Sendable, Equatable {
    public var metric: ServiceMetric
    /// The task the series is about (Container Insights with enhanced observability); nil for the service.
    public var taskId: String?
    public var points: [Point]
    /// `Complete`, `PartialData`, `InternalError` or `Forbidden`.
    public var statusCode: String?

    public struct Point: Sendable, Equatable {
        /// Seconds since 1970.
        public var timestamp: Double
        public var value: Double
    }

    /// The highest value of the series; nil when it has no datapoint.
    public var maximum: Double? { points.map(\.value).max() }
}
