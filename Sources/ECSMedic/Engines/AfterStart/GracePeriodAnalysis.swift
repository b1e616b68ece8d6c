import Foundation

/// A health check grace period shorter than the start: the load balancer's checks can reach the task (its path
/// verdict is reachable), the task was stopped for failing them, and its log says when the application became
/// ready — after which the target group still needs `HealthyThresholdCount` passing checks `HealthCheckIntervalSeconds`
/// apart before it counts as healthy. The grace period must cover both.
struct GracePeriodAnalysis {
    let context: DiagnosisContext
    let task: ECSTask
    let lines: [AfterStartAnalyzer.ContainerLines]
    /// Target groups whose checks fail for a reason no grace period changes (TargetHealthAnalysis).
    var settled: Set<String> = []

    /// ELB's defaults for an Application Load Balancer target group.
    static let defaultInterval = 30, defaultHealthyThreshold = 5

    func issues() -> [AfterStartIssue] {
        guard let service = context.service, task.stoppedReason?.lowercased().contains("failed elb health checks") == true,
              let started = task.timeline.startedAt else { return [] }
        var issues: [AfterStartIssue] = []
        for balancer in service.loadBalancers ?? [] {
            guard let arn = balancer.targetGroupArn,
                  !settled.contains(arn),
                  let group = context.facts.targetGroups?.first(where: { $0.targetGroupArn == arn }) else { continue }
            let verdicts = context.verdicts.filter {
                if case .loadBalancer(let target) = $0.need.destination { return target.targetGroupArn == arn }
                return false
            }
            // Checks that cannot reach the task are a network finding (lb-health-check-blocked), not a timing one.
            guard !verdicts.isEmpty, verdicts.allSatisfy({ $0.outcome == .reachable }) else { continue }
            let container = balancer.containerName
            guard let log = lines.first(where: { container == nil || $0.container == container }),
                  let ready = log.matches.first(where: { $0.kind == .ready }),
                  let stamp = log.events[ready.lineIndex].timestamp else { continue }
            let readySeconds = Double(stamp) / 1000 - started
            let interval = group.healthCheckIntervalSeconds ?? Self.defaultInterval
            let healthy = group.healthyThresholdCount ?? Self.defaultHealthyThreshold
            let needed = readySeconds + Double(interval * healthy)
            let grace = service.healthCheckGracePeriodSeconds ?? 0
            guard Double(grace) < needed else { continue }
            let proposed = Int((needed / 10).rounded(.up)) * 10
            let name = group.targetGroupName ?? arn
            let serviceId = service.serviceArn ?? service.serviceName
            issues.append(AfterStartIssue(
                check: .gracePeriod, resource: serviceId, related: [arn],
                detail: "the health check grace period of service \(service.serviceName) is \(grace) s, but container \(log.container) was ready \(MemoryAnalysis.format(readySeconds.rounded(toPlaces: 1))) s after the task started and \(name) then needs \(healthy) passing checks \(interval) s apart (about \(Int(needed.rounded(.up))) s in all)",
                container: log.container,
                evidence: [
                    Evidence(fact: "the task started at \(task.startedAt ?? "?") and was stopped: \(task.stoppedReason ?? "")",
                             resource: task.taskArn, source: "ecs:DescribeTasks"),
                    Evidence(fact: "container \(log.container) logged at \(LogJoin.time(stamp)) that it was ready: \(ready.line)",
                             resource: log.stream, source: "logs:GetLogEvents"),
                    Evidence(fact: "\(name) checks every \(interval) s and needs \(healthy) passing checks to count a target healthy",
                             resource: arn, source: "elbv2:DescribeTargetGroups"),
                    Evidence(fact: "service \(service.serviceName) ignores failing load balancer checks for \(grace) s after a task starts (healthCheckGracePeriodSeconds)",
                             resource: serviceId, source: "ecs:DescribeServices"),
                ] + verdicts.prefix(1).flatMap { verdict in
                    verdict.hops.filter { $0.passes == true && !$0.isNote }.map { Evidence(fact: $0.detail, resource: $0.resource, source: $0.source) }
                },
                gracePeriod: GracePeriodFigures(cluster: context.cluster, service: service.serviceName, current: grace, proposed: proposed)))
        }
        return issues
    }
}

private extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
