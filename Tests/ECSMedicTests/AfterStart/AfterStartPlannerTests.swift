import AWSClient
@testable import ECSMedic
import Foundation
import Testing

/// The after-start calls of a live run: what they ask, within which bounds, in which round.
@Suite struct AfterStartPlannerTests {
    static func facts(insights: String = "enhanced", logRegion: String = "ap-northeast-2") throws -> (SnapshotTests.Scratch, Facts) {
        let definition = AfterStartFactsTests.taskDefinition.replacingOccurrences(of: #""awslogs-region": "ap-northeast-2""#,
                                                                                   with: #""awslogs-region": "\#(logRegion)""#)
        return try AfterStartFactsTests.folder([
            OperationCatalog.describeClusters.fileName(): AfterStartFactsTests.clusters.replacingOccurrences(of: "enhanced", with: insights),
            OperationCatalog.describeTaskDefinition.fileName(label: "orders:7"): definition,
        ])
    }

    @Test func roundTwoAsksForTheClustersSettingsAndEachTargetGroupsHealth() throws {
        let (_, facts) = try Self.facts()
        let calls = AfterStartPlanner(logs: .standard).roundTwo(clusters: ["orders-cluster", "orders-cluster"], services: facts.services ?? [])
        #expect(calls.map(\.operation) == [OperationCatalog.describeClusters, OperationCatalog.describeTargetHealth])
        #expect(calls[0].input == ["clusters": ["orders-cluster"], "include": ["SETTINGS"]])
        #expect(calls[1].input == ["TargetGroupArn": .string(AfterStartFactsTests.targetGroupArn)])
    }

    @Test func theLogIsReadUpToASecondAfterTheStopOnePageOfTheNewestLines() throws {
        let (_, facts) = try Self.facts()
        let task = try #require(facts.tasks?.first)
        let calls = AfterStartPlanner(logs: LogReadingLimits(lines: 40)).logCalls(task, facts)
        // 2026-12-03T10:01:12.5Z: the FireLens router's logs are elsewhere, not read.
        #expect(calls.count == 1)
        #expect(calls.first?.region == nil, "the log group is in the collection's region")
        #expect(calls.first?.call.input == [
            "logGroupName": "/ecs/orders", "logStreamName": .string("ecs/app/\(AfterStartFactsTests.taskId)"),
            "limit": 40, "startFromHead": false, "endTime": .number((Timestamp.epochSeconds("2026-12-03T10:01:13Z") ?? 0) * 1000),
        ])
    }

    @Test func noLogsReadsNone() throws {
        let (_, facts) = try Self.facts()
        let task = try #require(facts.tasks?.first)
        let service = try #require(facts.services?.first)
        let calls = AfterStartPlanner(logs: nil).roundThree(facts, targets: [(service, task)], now: 0)
        #expect(calls.map(\.call.operation) == [OperationCatalog.getMetricData])
    }

    @Test func aLogGroupInAnotherRegionIsReadThere() throws {
        let (_, facts) = try Self.facts(logRegion: "us-west-2")
        let task = try #require(facts.tasks?.first)
        let calls = AfterStartPlanner(logs: LogReadingLimits(lines: 40)).logCalls(task, facts)
        #expect(calls.map(\.region) == ["us-west-2"])
        #expect(calls.first?.call.operation == OperationCatalog.getLogEvents)
        #expect(calls.first?.call.input["logStreamName"] == .string("ecs/app/\(AfterStartFactsTests.taskId)"))
        #expect(calls.first?.call.input["limit"] == 40)
    }

    /// A snapshot without the other region's stream says it was not collected, and where the group is.
    @Test func anUnreadLogGroupInAnotherRegionIsUnverifiedWithItsRegion() throws {
        let scratch = try SnapshotTests.Scratch()
        _ = try scratch.write(OperationCatalog.describeTasks.fileName(), AfterStartFactsTests.tasks)
        _ = try scratch.write(OperationCatalog.describeTaskDefinition.fileName(label: "orders:7"),
                              AfterStartFactsTests.taskDefinition.replacingOccurrences(of: #""awslogs-region": "ap-northeast-2""#,
                                                                                        with: #""awslogs-region": "us-west-2""#))
        var unread = try FactsDecoder().facts(from: try Snapshot.load(from: scratch.url.path))
        unread.region = "ap-northeast-2"
        let task = try #require(unread.tasks?.first)
        let logs = try #require(unread.containerLogs(of: task).first)
        #expect(logs.unverified == UnverifiedFact(fact: "logs of container app (/ecs/orders ecs/app/\(AfterStartFactsTests.taskId) in us-west-2)",
                                                  reason: "not collected", permission: "logs:GetLogEvents"))
    }

    @Test(arguments: [("disabled", ["ecs_memory_utilization", "ecs_cpu_utilization"]),
                      ("enabled", ["ecs_memory_utilization", "ecs_cpu_utilization", "ci_memory_utilized", "ci_memory_reserved"]),
                      ("enhanced", ["ecs_memory_utilization", "ecs_cpu_utilization", "ci_memory_utilized", "ci_memory_reserved",
                                    "ci_memory_utilized_t\(AfterStartFactsTests.taskId)", "ci_memory_reserved_t\(AfterStartFactsTests.taskId)"])])
    func oneMetricsCallPerServiceAroundTheStop(_ insights: String, _ ids: [String]) throws {
        let (_, facts) = try Self.facts(insights: insights)
        let task = try #require(facts.tasks?.first)
        let service = try #require(facts.services?.first)
        let call = try #require(AfterStartPlanner(logs: .standard).metricsCall(service, task: task, facts, now: 0))
        let queries = call.input["MetricDataQueries"]?.arrayValue ?? []
        #expect(queries.compactMap { $0["Id"]?.stringValue } == ids)
        #expect(call.input["StartTime"] == "2026-12-03T09:01:12Z")
        #expect(call.input["EndTime"] == "2026-12-03T10:06:12Z")
        #expect(queries.first?["MetricStat"]?["Metric"] == [
            "Namespace": "AWS/ECS", "MetricName": "MemoryUtilization",
            "Dimensions": [["Name": "ClusterName", "Value": "orders-cluster"], ["Name": "ServiceName", "Value": "orders"]],
        ])
        if insights == "enhanced" {
            #expect(queries.last?["MetricStat"]?["Metric"]?["Dimensions"] == [
                ["Name": "ClusterName", "Value": "orders-cluster"], ["Name": "TaskDefinitionFamily", "Value": "orders"],
                ["Name": "TaskId", "Value": .string(AfterStartFactsTests.taskId)],
            ])
        }
    }

    @Test func theScriptReadsTheSameStreamsAndMetrics() {
        let script = SnapshotCommands(cluster: "orders-cluster", service: "orders", region: "ap-northeast-2", logLines: 40).script
        #expect(script.contains(#"call "logs-get-log-events--$(label "$STREAM").json" logs get-log-events ${LOG_REGION:+--region "$LOG_REGION"} --log-group-name "$GROUP" --log-stream-name "$STREAM" --limit 40 --no-start-from-head ${END_MS:+--end-time $END_MS}"#))
        // Each group in its awslogs-region (the service's when none is set); the script's --region comes first, so
        // the call's own wins.
        #expect(script.contains(#"[ "$LOG_REGION" = - ] && LOG_REGION=$REGION"#))
        #expect(script.contains(#"aws() { command aws --region 'ap-northeast-2' "$@"; }"#))
        #expect(script.contains(#"call "cloudwatch-get-metric-data--$(label "$SERVICE_NAME").json" cloudwatch get-metric-data --metric-data-queries "[$QUERIES]""#))
        #expect(script.contains(#"call "ecs-describe-clusters.json" ecs describe-clusters --clusters "$CLUSTER" --include SETTINGS"#))
        #expect(script.contains(#"call "elbv2-describe-target-health--$(label "${TG_NAME%%/*}").json" elbv2 describe-target-health --target-group-arn "$TG""#))
        let without = SnapshotCommands(cluster: "orders-cluster", service: "orders", region: nil, logLines: nil).script
        #expect(!without.contains("get-log-events"))
        #expect(without.contains("get-metric-data"))
    }
}
