import AWSClient
@testable import ECSMedic
import Foundation
import Testing

/// The facts of what happened after a task started, decoded from a folder of `aws ... --output json` files named
/// as `snapshot commands` writes them: timestamps, exit codes, limits, health checks, logs, metrics, target health,
/// cluster settings and service events.
@Suite struct AfterStartFactsTests {
    static let taskArn = "arn:aws:ecs:ap-northeast-2:111122223333:task/orders-cluster/0f3b5c2a9d8e4f1a8b7c6d5e4f3a2b1c"
    static let taskId = "0f3b5c2a9d8e4f1a8b7c6d5e4f3a2b1c"
    static let targetGroupArn = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/orders-tg/6d0ecf831eec9f09"

    /// `aws ecs describe-tasks`: the app container killed at its limit 41 s after the task started.
    static let tasks = """
    {"tasks": [{
      "taskArn": "\(taskArn)",
      "clusterArn": "arn:aws:ecs:ap-northeast-2:111122223333:cluster/orders-cluster",
      "taskDefinitionArn": "arn:aws:ecs:ap-northeast-2:111122223333:task-definition/orders:7",
      "group": "service:orders", "lastStatus": "STOPPED", "desiredStatus": "STOPPED", "launchType": "FARGATE",
      "cpu": "512", "memory": "1024", "healthStatus": "UNHEALTHY",
      "createdAt": "2026-12-03T10:00:00.120000+00:00", "pullStartedAt": "2026-12-03T10:00:05.300000+00:00",
      "pullStoppedAt": "2026-12-03T10:00:17.300000+00:00", "startedAt": "2026-12-03T10:00:19+00:00",
      "stoppingAt": "2026-12-03T10:01:00+00:00", "stoppedAt": "2026-12-03T10:01:12.500000+00:00",
      "stopCode": "EssentialContainerExited", "stoppedReason": "Essential container in task exited",
      "containers": [
        {"name": "app", "image": "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders:1.4.2", "lastStatus": "STOPPED",
         "exitCode": 137, "reason": "OutOfMemoryError: Container killed due to memory usage", "healthStatus": "UNHEALTHY",
         "memory": "512", "memoryReservation": "256", "cpu": "256"},
        {"name": "log-router", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", "lastStatus": "STOPPED",
         "exitCode": 0, "healthStatus": "UNKNOWN"}
      ]
    }], "failures": []}
    """

    /// `aws ecs describe-task-definition`: an awslogs app with a health check, a FireLens router.
    static let taskDefinition = """
    {"taskDefinition": {
      "taskDefinitionArn": "arn:aws:ecs:ap-northeast-2:111122223333:task-definition/orders:7",
      "family": "orders", "revision": 7, "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
      "cpu": "512", "memory": "1024",
      "containerDefinitions": [
        {"name": "app", "image": "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders:1.4.2", "essential": true,
         "memory": 512, "memoryReservation": 256, "cpu": 256,
         "portMappings": [{"name": "app-8080-tcp", "containerPort": 8080, "hostPort": 8080, "protocol": "tcp", "appProtocol": "http"}],
         "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"], "interval": 10,
                         "timeout": 5, "retries": 3, "startPeriod": 30},
         "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders/db-AbCdEf"},
                     {"name": "STRIPE_KEY", "valueFrom": "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders/stripe-GhIjKl"}],
         "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/orders",
           "awslogs-region": "ap-northeast-2", "awslogs-stream-prefix": "ecs"}}},
        {"name": "log-router", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", "essential": false,
         "logConfiguration": {"logDriver": "awsfirelens", "options": {"Name": "splunk"}}}
      ]
    }}
    """

    /// `aws ecs describe-services`: the grace period, the target group, and the events ECS wrote.
    static let services = """
    {"services": [{
      "serviceName": "orders", "serviceArn": "arn:aws:ecs:ap-northeast-2:111122223333:service/orders-cluster/orders",
      "clusterArn": "arn:aws:ecs:ap-northeast-2:111122223333:cluster/orders-cluster", "status": "ACTIVE",
      "healthCheckGracePeriodSeconds": 15,
      "loadBalancers": [{"targetGroupArn": "\(targetGroupArn)", "containerName": "app", "containerPort": 8080}],
      "events": [
        {"id": "e5", "createdAt": "2026-12-03T10:01:20.100000+00:00", "message": "(service orders) has started 1 tasks: (task 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d)."},
        {"id": "e4", "createdAt": "2026-12-03T10:00:58.200000+00:00", "message": "(service orders) (task \(taskId)) (port 8080) is unhealthy in (target-group \(targetGroupArn)) due to (reason Health checks failed with these codes: [502])."},
        {"id": "e3", "createdAt": "2026-12-03T10:00:50+00:00", "message": "(service orders) (task \(taskId)) failed container health checks."},
        {"id": "e2", "createdAt": "2026-12-03T09:58:00+00:00", "message": "(service orders) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster."},
        {"id": "e1", "createdAt": "2026-12-03T09:40:00+00:00", "message": "(service orders) has reached a steady state."},
        {"id": "e0", "createdAt": "2026-12-03T09:30:00+00:00", "message": "(service orders) (deployment ecs-svc/4520331872156789012) deployment failed: tasks failed to start."}
      ]
    }], "failures": []}
    """

    /// `aws logs get-log-events`: a Spring Boot app dying of heap exhaustion, a password in a JDBC URL.
    static let logEvents = """
    {"events": [
      {"timestamp": 1796292020000, "message": "  .   ____          _            __ _ _", "ingestionTime": 1796292020100},
      {"timestamp": 1796292025000, "message": "2026-12-03 10:00:25.000  INFO 1 --- [main] com.zaxxer.hikari.HikariDataSource : HikariPool-1 - Starting... url=postgresql://orders:s3cr3t-Pa55@orders-db.cluster-c1a2b3.ap-northeast-2.rds.amazonaws.com:5432/orders", "ingestionTime": 1796292025100},
      {"timestamp": 1796292026000, "message": "2026-12-03 10:00:26.000 DEBUG 1 --- [main] o.s.b.c.c.ConfigDataEnvironment : STRIPE_KEY=sk_live_51HxOrdersStripeKey0000", "ingestionTime": 1796292026100},
      {"timestamp": 1796292058000, "message": "java.lang.OutOfMemoryError: Java heap space", "ingestionTime": 1796292058100}
    ], "nextForwardToken": "f/39100000000000000000000000000000000000000000000000000002", "nextBackwardToken": "b/39100000000000000000000000000000000000000000000000000000"}
    """

    /// `aws cloudwatch get-metric-data` (the CLI prints results newest first).
    static let metricData = """
    {"MetricDataResults": [
      {"Id": "ecs_memory_utilization", "Label": "MemoryUtilization", "Timestamps": ["2026-12-03T10:01:00+00:00", "2026-12-03T10:00:00+00:00"],
       "Values": [99.8, 41.5], "StatusCode": "Complete"},
      {"Id": "ecs_cpu_utilization", "Label": "CPUUtilization", "Timestamps": [], "Values": [], "StatusCode": "Complete"},
      {"Id": "ci_memory_utilized_t\(taskId)", "Label": "MemoryUtilized", "Timestamps": ["2026-12-03T10:01:00+00:00"],
       "Values": [511.0], "StatusCode": "Complete"}
    ], "Messages": []}
    """

    /// `aws elbv2 describe-target-health`: the task's IP failing its health checks.
    static let targetHealth = """
    {"TargetHealthDescriptions": [{"Target": {"Id": "10.0.1.25", "Port": 8080, "AvailabilityZone": "ap-northeast-2a"},
      "HealthCheckPort": "8080", "TargetHealth": {"State": "unhealthy", "Reason": "Target.FailedHealthChecks",
      "Description": "Health checks failed"}}]}
    """

    /// `aws elbv2 describe-target-groups`.
    static let targetGroups = """
    {"TargetGroups": [{"TargetGroupArn": "\(targetGroupArn)", "TargetGroupName": "orders-tg", "Protocol": "HTTP", "Port": 8080,
      "VpcId": "vpc-0a1b2c3d4e5f60718", "HealthCheckProtocol": "HTTP", "HealthCheckPort": "traffic-port", "HealthCheckEnabled": true,
      "HealthCheckIntervalSeconds": 30, "HealthCheckTimeoutSeconds": 5, "HealthyThresholdCount": 5, "UnhealthyThresholdCount": 2,
      "HealthCheckPath": "/health", "Matcher": {"HttpCode": "200"}, "LoadBalancerArns": [], "TargetType": "ip",
      "ProtocolVersion": "HTTP1", "IpAddressType": "ipv4"}]}
    """

    /// `aws ecs describe-clusters --include SETTINGS`.
    static let clusters = """
    {"clusters": [{"clusterArn": "arn:aws:ecs:ap-northeast-2:111122223333:cluster/orders-cluster", "clusterName": "orders-cluster",
      "status": "ACTIVE", "settings": [{"name": "containerInsights", "value": "enhanced"}]}], "failures": []}
    """

    static func folder(_ extra: [String: String] = [:]) throws -> (SnapshotTests.Scratch, Facts) {
        let scratch = try SnapshotTests.Scratch()
        var files = [
            OperationCatalog.describeTasks.fileName(): tasks,
            OperationCatalog.describeTaskDefinition.fileName(label: "orders:7"): taskDefinition,
            OperationCatalog.describeServices.fileName(): services,
            OperationCatalog.getLogEvents.fileName(label: "ecs/app/\(taskId)"): logEvents,
            OperationCatalog.getMetricData.fileName(label: "orders"): metricData,
            OperationCatalog.describeTargetHealth.fileName(label: "orders-tg"): targetHealth,
            OperationCatalog.describeTargetGroups.fileName(): targetGroups,
            OperationCatalog.describeClusters.fileName(): clusters,
        ]
        files.merge(extra) { $1 }
        for (name, text) in files { _ = try scratch.write(name, text) }
        let snapshot = try Snapshot.load(from: scratch.url.path)
        #expect(snapshot.unreadFiles == [])
        return (scratch, try FactsDecoder().facts(from: snapshot))
    }

    @Test func theFileNamesAreTheOnesSnapshotCommandsWrites() {
        #expect(OperationCatalog.getLogEvents.fileName(label: "ecs/app/\(Self.taskId)") == "logs-get-log-events--ecs%2Fapp%2F\(Self.taskId).json")
        #expect(OperationCatalog.getMetricData.fileName(label: "orders") == "cloudwatch-get-metric-data--orders.json")
        #expect(OperationCatalog.describeTargetHealth.fileName(label: "orders-tg") == "elbv2-describe-target-health--orders-tg.json")
        #expect(OperationCatalog.describeClusters.fileName() == "ecs-describe-clusters.json")
        #expect(OperationCatalog.getMetricData.permission == "cloudwatch:GetMetricData")
        #expect(OperationCatalog.describeTargetHealth.permission == "elasticloadbalancing:DescribeTargetHealth")
    }

    @Test func theTaskSaysHowLongItRanAndHowEachContainerEnded() throws {
        let (_, facts) = try Self.folder()
        let task = try #require(facts.tasks?.first)
        #expect(task.timeline.runSeconds == 41)
        #expect(task.timeline.pullSeconds == 12)
        #expect(task.stopCode == "EssentialContainerExited")
        #expect(task.healthStatus == "UNHEALTHY")
        #expect((task.cpu, task.memory) == ("512", "1024"))
        let app = try #require(task.containers?.first)
        #expect(app.exitCode == 137)
        #expect(app.reason == "OutOfMemoryError: Container killed due to memory usage")
        #expect(app.healthStatus == "UNHEALTHY")
        #expect((app.memory, app.memoryReservation) == ("512", "256"))
        #expect(task.containers?.last?.exitCode == 0)
    }

    @Test func aTaskThatNeverStartedHasNoRunTime() throws {
        let (_, facts) = try Self.folder([OperationCatalog.describeTasks.fileName(): """
        {"tasks": [{"taskArn": "\(Self.taskArn)", "lastStatus": "STOPPED", "createdAt": "2026-12-03T10:00:00+00:00",
          "stoppedAt": "2026-12-03T10:02:00+00:00", "stopCode": "TaskFailedToStart"}]}
        """])
        let timeline = try #require(facts.tasks?.first).timeline
        #expect(timeline.startedAt == nil)
        #expect(timeline.runSeconds == nil)
        #expect(timeline.stoppedAt == timeline.createdAt.map { $0 + 120 })
    }

    @Test func theTaskDefinitionGivesLimitsPortsAndTheHealthCheck() throws {
        let (_, facts) = try Self.folder()
        let definition = try #require(facts.taskDefinitions?.first)
        let app = try #require(definition.containerDefinitions.first)
        #expect((app.memory, app.memoryReservation, app.cpu) == (512, 256, 256))
        #expect(definition.memoryLimit(of: app) == 512)
        #expect(definition.memoryLimit(of: definition.containerDefinitions[1]) == 1024)
        #expect(app.portMappings == [.init(name: "app-8080-tcp", containerPort: 8080, hostPort: 8080, protocol: "tcp", appProtocol: "http")])
        #expect(app.healthCheck == .init(command: ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"], interval: 10,
                                         timeout: 5, retries: 3, startPeriod: 30))
        #expect(app.logConfiguration?.options?["awslogs-stream-prefix"] == "ecs")
    }

    @Test func eachContainersLogIsJoinedToItsStreamOrSaysWhereItIs() throws {
        let (_, facts) = try Self.folder()
        let logs = facts.containerLogs(of: try #require(facts.tasks?.first))
        #expect(logs.map(\.container) == ["app", "log-router"])
        #expect(logs[0].source == .awslogs(group: "/ecs/orders", region: "ap-northeast-2", stream: "ecs/app/\(Self.taskId)"))
        #expect(logs[0].lines?.map(\.timestamp) == [1_796_292_020_000, 1_796_292_025_000, 1_796_292_026_000, 1_796_292_058_000])
        #expect(logs[0].lines?.last?.message == "java.lang.OutOfMemoryError: Java heap space")
        #expect(logs[0].truncated == false)
        #expect(logs[0].unverified == nil)
        #expect(logs[1].source == .elsewhere(driver: "awsfirelens"))
        #expect(logs[1].note == "logs are elsewhere (driver awsfirelens)")
        #expect(logs[1].lines == nil)
    }

    @Test func aPasswordInALogLineIsMaskedBeforeItIsAFact() throws {
        let (_, facts) = try Self.folder()
        let lines = facts.containerLogs(of: try #require(facts.tasks?.first))[0].lines ?? []
        let hikari = try #require(lines.first { $0.message.contains("HikariPool-1") })
        #expect(!hikari.message.contains("s3cr3t-Pa55"))
        #expect(hikari.message.contains("orders-db.cluster-c1a2b3.ap-northeast-2.rds.amazonaws.com:5432"))
        // STRIPE_KEY has no secret word in its name: it is masked because the task's secrets name it.
        let stripe = try #require(lines.first { $0.message.contains("STRIPE_KEY") })
        #expect(!stripe.message.contains("sk_live_51HxOrdersStripeKey0000"))
    }

    @Test func aRecordedLogAnswerIsMaskedWithTheTaskDefinitionsSecretNames() throws {
        let calls = [
            SnapshotCall(service: "ecs", operation: "DescribeTaskDefinition", response: try Self.json(Self.taskDefinition), origin: "t"),
            SnapshotCall(service: "logs", operation: "GetLogEvents", request: ["logStreamName": .string("ecs/app/\(Self.taskId)")],
                         response: try Self.json(Self.logEvents), origin: "t"),
        ]
        let recorded = try Snapshot(calls: SnapshotRedactor().redact(calls)).json()
        #expect(!recorded.contains("sk_live_51HxOrdersStripeKey0000"))
        #expect(!recorded.contains("s3cr3t-Pa55"))
        #expect(recorded.contains("java.lang.OutOfMemoryError: Java heap space"))
    }

    /// `snapshot record` keeps the region of a log group read elsewhere; both decodings read its lines back.
    @Test func aLogReadInAnotherRegionIsRecordedWithItAndReadBack() throws {
        let definition = Self.taskDefinition.replacingOccurrences(of: #""awslogs-region": "ap-northeast-2""#,
                                                                  with: #""awslogs-region": "us-west-2""#)
        let calls = [
            SnapshotCall(service: "ecs", operation: "DescribeTasks", response: try Self.json(Self.tasks), origin: "t"),
            SnapshotCall(service: "ecs", operation: "DescribeTaskDefinition", response: try Self.json(definition), origin: "t"),
            SnapshotCall(service: "logs", operation: "GetLogEvents", request: ["logStreamName": .string("ecs/app/\(Self.taskId)")],
                         response: try Self.json(Self.logEvents), region: "us-west-2", origin: "t"),
        ]
        let recorded = try Snapshot(region: "ap-northeast-2", calls: calls).json()
        #expect(recorded.contains(#""region" : "us-west-2""#))
        let scratch = try SnapshotTests.Scratch()
        let file = try scratch.write("s.json", recorded)
        let tree = try Snapshot.load(from: file)
        #expect(tree.calls.map(\.region) == [nil, nil, "us-west-2"])
        for facts in [try FactsDecoder().facts(from: tree), try FactsDecoder().load(from: file).facts()] {
            let app = facts.containerLogs(of: try #require(facts.tasks?.first))[0]
            #expect(app.source == .awslogs(group: "/ecs/orders", region: "us-west-2", stream: "ecs/app/\(Self.taskId)"))
            #expect(app.unverified == nil)
            #expect(app.lines?.contains { $0.message.contains("java.lang.OutOfMemoryError: Java heap space") } == true)
        }
    }

    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func aStreamGoneToRetentionIsUnverifiedNeverEmpty() throws {
        let (_, facts) = try Self.folder([
            OperationCatalog.getLogEvents.fileName(label: "ecs/app/\(Self.taskId)"):
                #"{"Error": {"Code": "ResourceNotFoundException", "Message": "The specified log stream does not exist."}}"#,
        ])
        let app = facts.containerLogs(of: try #require(facts.tasks?.first))[0]
        #expect(app.lines == nil)
        #expect(app.unverified == UnverifiedFact(fact: "logs of container app (/ecs/orders ecs/app/\(Self.taskId))",
                                                 reason: "the stream no longer exists (log retention)", permission: "logs:GetLogEvents"))
        #expect(!facts.notFound.contains("ecs/app/\(Self.taskId)"))
    }

    @Test func aDeniedReadSaysThePermission() throws {
        let (_, facts) = try Self.folder([
            OperationCatalog.getLogEvents.fileName(label: "ecs/app/\(Self.taskId)"):
                #"{"Error": {"Code": "AccessDeniedException", "Message": "User is not authorized to perform: logs:GetLogEvents"}}"#,
        ])
        let app = facts.containerLogs(of: try #require(facts.tasks?.first))[0]
        #expect(app.unverified?.reason == "AccessDeniedException")
        #expect(app.unverified?.permission == "logs:GetLogEvents")
    }

    @Test func aDeniedReadInAnotherRegionSaysThePermissionAndTheRegion() throws {
        var (_, facts) = try Self.folder([
            OperationCatalog.describeTaskDefinition.fileName(label: "orders:7"):
                Self.taskDefinition.replacingOccurrences(of: #""awslogs-region": "ap-northeast-2""#, with: #""awslogs-region": "us-west-2""#),
            OperationCatalog.getLogEvents.fileName(label: "ecs/app/\(Self.taskId)"):
                #"{"Error": {"Code": "AccessDeniedException", "Message": "User is not authorized to perform: logs:GetLogEvents"}}"#,
        ])
        facts.region = "ap-northeast-2"
        let app = facts.containerLogs(of: try #require(facts.tasks?.first))[0]
        #expect(app.lines == nil)
        #expect(app.unverified == UnverifiedFact(fact: "logs of container app (/ecs/orders ecs/app/\(Self.taskId) in us-west-2)",
                                                 reason: "AccessDeniedException", permission: "logs:GetLogEvents"))
    }

    @Test func logsThatWereNotReadAreNotCollected() throws {
        let scratch = try SnapshotTests.Scratch()
        _ = try scratch.write(OperationCatalog.describeTasks.fileName(), Self.tasks)
        _ = try scratch.write(OperationCatalog.describeTaskDefinition.fileName(label: "orders:7"), Self.taskDefinition)
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: scratch.url.path))
        let app = facts.containerLogs(of: try #require(facts.tasks?.first))[0]
        #expect(app.lines == nil)
        #expect(app.unverified?.reason == "not collected")
    }

    @Test func aFullPageIsTruncatedAndTheByteBoundKeepsTheNewestLines() {
        let events = (0..<5).map { LogEvent(timestamp: Int64($0), message: String(repeating: "x", count: 100)) }
        let (kept, dropped) = LogReadingLimits(lines: 100, bytes: 250).kept(events)
        #expect(kept.map(\.timestamp) == [3, 4])
        #expect(dropped)
        #expect(LogReadingLimits(lines: 100, bytes: 500).kept(events).dropped == false)
        #expect(LogReadingLimits(lines: 50_000).lines == LogReadingLimits.maximumLines)
    }

    @Test func metricsAreReadByQueryIdOldestFirst() throws {
        let (_, facts) = try Self.folder()
        let series = try #require(facts.serviceMetrics["orders"])
        #expect(series.map(\.metric) == [.memoryUtilization, .cpuUtilization, .memoryUtilized])
        #expect(series[0].points.map(\.value) == [41.5, 99.8])
        #expect(series[0].maximum == 99.8)
        #expect(series[1].points.isEmpty && series[1].maximum == nil)
        #expect(series[2].taskId == Self.taskId)
        #expect(series[2].metric.namespace == "ECS/ContainerInsights")
    }

    @Test func targetHealthIsKeyedByTheTargetGroupItsLabelNames() throws {
        let (_, facts) = try Self.folder()
        let targets = try #require(facts.targetHealth[Self.targetGroupArn])
        #expect(targets.first?.target == .init(id: "10.0.1.25", port: 8080, availabilityZone: "ap-northeast-2a"))
        #expect(targets.first?.targetHealth == .init(state: "unhealthy", reason: "Target.FailedHealthChecks", description: "Health checks failed"))
        let group = try #require(facts.targetGroups?.first)
        #expect(group.healthCheckPath == "/health")
        #expect(group.matcher == .init(httpCode: "200", grpcCode: nil))
        #expect((group.healthCheckIntervalSeconds, group.healthCheckTimeoutSeconds) == (30, 5))
        #expect((group.healthyThresholdCount, group.unhealthyThresholdCount) == (5, 2))
        #expect((group.healthCheckProtocol, group.healthCheckPort, group.targetType) == ("HTTP", "traffic-port", "ip"))
    }

    @Test func theClusterSaysContainerInsightsIsEnhanced() throws {
        let (_, facts) = try Self.folder()
        #expect(facts.cluster("orders-cluster")?.containerInsights == "enhanced")
        #expect(facts.cluster("arn:aws:ecs:ap-northeast-2:111122223333:cluster/orders-cluster") != nil)
    }

    @Test func theServiceEventsAreReadIntoKindsWithTheirDetails() throws {
        let (_, facts) = try Self.folder()
        let service = try #require(facts.services?.first)
        #expect(service.healthCheckGracePeriodSeconds == 15)
        let meanings = (service.events ?? []).map(\.meaning)
        #expect(meanings.map(\.kind) == [.startedTasks, .unhealthyInTargetGroup, .failedContainerHealthChecks, .unableToPlaceTask,
                                         .steadyState, .deploymentFailed])
        #expect(meanings[0].count == 1)
        #expect(meanings[0].tasks == ["9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"])
        #expect(meanings[1].targetGroupArn == Self.targetGroupArn)
        #expect(meanings[1].port == 8080)
        #expect(meanings[1].reason == "Health checks failed with these codes: [502]")
        #expect(meanings[2].tasks == [Self.taskId])
        #expect(meanings[3].reason == "no container instance met all of its requirements. Reason: No Container Instances were found in your cluster")
        #expect(meanings[5].reason == "tasks failed to start")
    }

    @Test(arguments: [
        ("(service orders) (instance i-0a1b2c3d4e5f60718) (port 32768) is unhealthy in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1a2b) due to (reason Request timed out).",
         ServiceEventMeaning.Kind.unhealthyInTargetGroup, "Request timed out"),
        ("(service orders) (task 1a2b) failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1a2b)",
         .unhealthyInTargetGroup, nil),
        ("(service orders) failed to launch a task with (error ECS was unable to assume the role 'arn:aws:iam::111122223333:role/exec' that was provided for this task.).",
         .failedToLaunchTask, "ECS was unable to assume the role 'arn:aws:iam::111122223333:role/exec' that was provided for this task."),
        ("(service orders) has stopped 2 running tasks: (task 1a2b) (task 3c4d).", .stoppedTasks, nil),
        ("(service orders) deregistered 1 targets in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1a2b)",
         .deregisteredTargets, nil),
        ("(service orders) registered 1 targets in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1a2b)",
         .registeredTargets, nil),
        ("(service orders) has begun draining connections on 1 tasks.", .other, nil),
    ] as [(String, ServiceEventMeaning.Kind, String?)])
    func otherWordingsOfTheEvents(_ message: String, _ kind: ServiceEventMeaning.Kind, _ reason: String?) {
        let meaning = ServiceEventMeaning(message)
        #expect(meaning.kind == kind)
        #expect(meaning.reason == reason)
    }
}
