@testable import ECSMedic
import Foundation
import Testing

/// What a task left after it started, read live from moto (`scripts/live-scenario.py --after-start`: its
/// container's log lines with a canary password in them, the service's metrics, Container Insights on, the
/// target group's targets with the health the checks give them), recorded, replayed and written by the
/// `snapshot commands` script: the same facts each way, read-only, the canary masked everywhere. One launcher
/// for all of it.
@Suite struct LiveAfterStartTests {
    /// The after-start facts of the diagnosed task and its service, comparable across live, recorded and folder runs.
    struct View: Equatable, CustomStringConvertible {
        var timeline: TaskTimeline?
        var logs: [ContainerLogs]
        var targetHealth: [String: [TargetHealthDescription]]
        var metrics: [MetricSeries]
        var insights: String?

        init(_ facts: Facts, service: String) throws {
            let owner = try #require(facts.services?.first { $0.serviceName == service })
            let task = owner.newestTask(in: facts.tasks ?? [])
            timeline = task?.timeline
            logs = task.map(facts.containerLogs(of:)) ?? []
            targetHealth = facts.targetHealth
            metrics = facts.serviceMetrics[service] ?? []
            insights = owner.clusterArn.flatMap(facts.cluster)?.containerInsights
        }

        var description: String { "\(timeline.map { "\($0)" } ?? "-") \(logs) \(targetHealth) \(metrics) \(insights ?? "-")" }
    }

    @Test func theAfterStartFactsAreReadLiveRecordedAndWrittenByTheScriptAlike() throws {
        let canary = "Log-Canary-\(UUID().uuidString.prefix(8))"
        let scenario = try LiveScenario("net-lb-health-check-blocked", afterStart: true, logCanary: canary)
        defer { scenario.stop() }
        let directory = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-after-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "snapshot.json").path

        // Live: the diagnosis prints nothing of the canary, and collects in the rounds it did before.
        let live = try scenario.diagnose(["--format", "json", "--debug"])
        #expect(!live.stdout.contains(canary) && !live.stderr.contains(canary))
        let roundsLine = try #require(live.stderr.split(separator: "\n").first { $0.hasPrefix("collected ") })
        #expect(roundsLine.contains(" in 5 dependent rounds ("), "\(roundsLine)")

        // Recorded: the facts.
        let record = try scenario.run(["snapshot", "record", "--service", scenario.service, "--cluster", scenario.cluster,
                                       "--output", file])
        #expect(record.status == 0, "\(record.stderr)")
        let recorded = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!recorded.contains(canary), "the recording holds the canary")
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: file))
        let view = try View(facts, service: scenario.service)

        let timeline = try #require(view.timeline)
        #expect(timeline.runSeconds == 41)
        #expect(timeline.pullSeconds.map { abs($0 - 12.2) < 0.001 } == true)
        let app = try #require(view.logs.first)
        #expect(view.logs.map(\.container) == ["app"])
        let task = try #require(facts.tasks?.first { $0.lastStatus == "STOPPED" })
        #expect(app.source == .awslogs(group: "/ecs/demo-app", region: scenario.region, stream: "ecs/app/\(task.id)"))
        #expect(app.unverified == nil)
        let lines = try #require(app.lines).map(\.message)
        #expect(lines.count == 6)
        #expect(lines.last?.hasSuffix("Tomcat started on port 8080 (http) with context path '/'") == true)
        #expect(lines.contains { $0.contains("jdbcUrl=jdbc:postgresql://demo-aurora-cluster") && $0.contains(SnapshotRedactor.marker) })
        #expect(lines.contains { $0.hasSuffix("DB_PASSWORD=\(SnapshotRedactor.marker)") })
        #expect(!lines.contains { $0.contains(canary) })

        let targets = try #require(view.targetHealth.values.first)
        #expect(view.targetHealth.count == 1)
        #expect(targets.map(\.targetHealth?.state) == ["draining", "unhealthy"])
        #expect(targets.map(\.targetHealth?.reason) == ["Target.DeregistrationInProgress", "Target.Timeout"])
        #expect(targets.map(\.healthCheckPort) == ["8080", "8080"])
        #expect(facts.targetGroups?.first?.healthCheckPath == "/health")

        #expect(view.insights == "enabled")
        #expect(view.metrics.map(\.metric) == [.memoryUtilization, .cpuUtilization, .memoryUtilized, .memoryReserved])
        #expect(view.metrics.first?.maximum == 24.1)
        #expect(view.metrics.first?.points.count == 3)
        #expect(view.metrics.last?.maximum == 2048)

        // Replayed: the recording diagnoses byte for byte like the live run.
        let replay = try BinaryRunner.run(["diagnose", "--snapshot", file, "--format", "json"])
        let liveAgain = try scenario.diagnose(["--format", "json"])
        #expect(replay.stdout == liveAgain.stdout)

        // The folder the printed script writes with the AWS CLI holds the same facts.
        let (folder, scriptErrors) = try scenario.runSnapshotCommands()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(scriptErrors.isEmpty, "the script printed \(scriptErrors)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for expected in ["ecs-describe-clusters.json", "elbv2-describe-target-health--demo-app-tg.json",
                         "cloudwatch-get-metric-data--\(scenario.service).json",
                         OperationCatalog.getLogEvents.fileName(label: "ecs/app/\(task.id)")] {
            #expect(names.contains(expected), "\(expected) not in \(names.sorted())")
        }
        let folderSnapshot = try Snapshot.load(from: folder.path)
        #expect(folderSnapshot.unreadFiles == [])
        let fromFolder = try View(try FactsDecoder().facts(from: folderSnapshot), service: scenario.service)
        #expect(fromFolder == view)

        // Read-only, the new calls among the requests, each allowed by `ecs-medic policy`.
        let requests = try scenario.requests()
        let actions = Set(requests.map(\.action))
        for action in ["logs:GetLogEvents", "cloudwatch:GetMetricData", "elasticloadbalancing:DescribeTargetHealth",
                       "ecs:DescribeClusters"] {
            #expect(actions.contains(action), "\(action) was not called")
        }
        #expect(requests.filter(\.readsASecret).map(\.action) == [])
        let policy = try LiveDiagnoseTests.policyActions().union(["sts:GetCallerIdentity"])
        #expect(actions.subtracting(policy).sorted() == [])

        // --no-logs reads no log.
        let before = try scenario.requests().count
        let quiet = try scenario.diagnose(["--format", "json", "--no-logs"])
        #expect(!quiet.stdout.isEmpty)
        let after = try scenario.requests().dropFirst(before)
        #expect(!after.isEmpty)
        #expect(!after.contains { $0.action == "logs:GetLogEvents" })
    }

    /// A log group in another region than the service's (its `awslogs-region`): read there live with the same
    /// credentials (moto serves every region behind one endpoint, by the request's signing region), recorded with
    /// its region and replayed alike, and read there by the `snapshot commands` script. The grace-period finding
    /// needs the log's ready line, so it shows the lines were read.
    @Test func aLogGroupInAnotherRegionIsReadThere() throws {
        let scenario = try LiveScenario("hc-grace-period-short", logRegion: "us-west-2")
        defer { scenario.stop() }
        let live = try scenario.diagnose(["--format", "json"])
        #expect(live.stderr.isEmpty, "\(live.stderr)")
        let report = try LiveReport(json: scenario.fixtureIds(live.stdout))
        // The task's subnets reach CloudWatch Logs of ap-northeast-2 through its interface endpoint only: the awslogs
        // driver could not reach us-west-2's (no NAT), which the network paths say as well.
        #expect(report.findings == [
            ExpectedFinding(rule: "health-check-grace-period-short",
                            resource: "arn:aws:ecs:ap-northeast-2:111122223333:service/demo-ecs-cluster/demo-ecs-service"),
            ExpectedFinding(rule: "logs-unreachable", resource: "rtb-0585e0cf470b69873"),
        ])
        #expect(!report.unverified.contains("logs:GetLogEvents"), "\(report.unverified)")
        let reads = try scenario.requests().filter { $0.action == "logs:GetLogEvents" }
        #expect(reads.count == 1)
        #expect(reads.map(\.region) == ["us-west-2"])

        let directory = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-log-region-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "snapshot.json").path
        let record = try scenario.run(["snapshot", "record", "--service", scenario.service, "--cluster", scenario.cluster,
                                       "--output", file])
        #expect(record.status == 0, "\(record.stderr)")
        let snapshot = try Snapshot.load(from: file)
        #expect(snapshot.region == "ap-northeast-2")
        #expect(snapshot.calls.filter { $0.operation == "GetLogEvents" }.map(\.region) == ["us-west-2"])
        let replay = try BinaryRunner.run(["diagnose", "--snapshot", file, "--format", "json"])
        #expect(replay.status == live.status)
        #expect(replay.stdout == live.stdout)

        let (folder, errors) = try scenario.runSnapshotCommands()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(errors.isEmpty, "the script printed \(errors)")
        let fromFolder = try BinaryRunner.run(["diagnose", "--snapshot", folder.path, "--service", scenario.service,
                                               "--cluster", scenario.cluster, "--format", "json"])
        #expect(fromFolder.status == live.status, "\(fromFolder.stderr)")
        #expect(try LiveDiagnoseTests.verdict(fromFolder.stdout) == LiveDiagnoseTests.verdict(live.stdout))
        let allReads = try scenario.requests().filter { $0.action == "logs:GetLogEvents" }
        #expect(allReads.count == 3, "live, recorded and the script's")
        #expect(allReads.allSatisfy { $0.region == "us-west-2" }, "\(allReads.map(\.region))")
    }
}
