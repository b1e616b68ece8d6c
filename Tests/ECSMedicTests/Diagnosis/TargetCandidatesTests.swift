@testable import ECSMedic
import AWSClient
import Foundation
import Testing

/// The ranking behind the interactive pick: newest failures first, then deployments that are not steady.
@Suite struct TargetCandidatesTests {
    static let region = "arn:aws:ecs:ap-northeast-2:111122223333"
    /// 2026-11-25T00:00:00Z, the "now" of these facts.
    static let now = Timestamp.epochSeconds("2026-11-25T00:00:00+00:00")!

    /// A service as `aws ecs describe-services` prints it, with one deployment unless told otherwise.
    static func service(_ name: String, cluster: String = "prod", rollout: String = "COMPLETED", deployments: Int = 1,
                        desired: Int = 2, running: Int = 2, status: String = "ACTIVE") throws -> ECSService {
        let list = (0..<deployments).map { index in
            """
            {"id": "\(deployment(name))\(index)", "status": "\(index == 0 ? "PRIMARY" : "ACTIVE")",
             "taskDefinition": "\(region):task-definition/\(name):\(7 - index)", "desiredCount": \(desired),
             "runningCount": \(running), "failedTasks": 0, "rolloutState": "\(index == 0 ? rollout : "COMPLETED")",
             "createdAt": "2026-11-24T20:00:00+00:00"}
            """
        }
        return try FactsTestDecoding.decode("""
        {"serviceName": "\(name)", "serviceArn": "\(region):service/\(cluster)/\(name)",
         "clusterArn": "\(region):cluster/\(cluster)", "status": "\(status)", "desiredCount": \(desired),
         "runningCount": \(running), "launchType": "FARGATE", "deployments": [\(list.joined(separator: ","))]}
        """)
    }

    /// The id of the service's deployments (unique per service, as ECS makes them), without its last digit.
    static func deployment(_ service: String) -> String {
        "ecs-svc/" + String(service.utf8.reduce(7) { ($0 * 31 + Int($1)) % 1_000_000_000_000 })
    }

    /// A stopped task of `service`, `minutesAgo` before now, with a real stopped reason.
    static func stoppedTask(_ service: String, cluster: String = "prod", id: String, minutesAgo: Int,
                            reason: String = Self.secretsTimeout, stopCode: String = "TaskFailedToStart") throws -> ECSTask {
        let stopped = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: now - Double(minutesAgo * 60)))
        return try FactsTestDecoding.decode("""
        {"taskArn": "\(region):task/\(cluster)/\(id)", "clusterArn": "\(region):cluster/\(cluster)",
         "group": "service:\(service)", "startedBy": "\(deployment(service))0", "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
         "stopCode": "\(stopCode)", "stoppedReason": "\(reason)", "stoppedAt": "\(stopped)",
         "createdAt": "2026-11-24T20:00:00+00:00", "containers": []}
        """)
    }

    static let secretsTimeout = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders-db-AbCdEf from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded"
    static let pullDenied = "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders:1.4.2: pulling from host 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com failed with status code [manifests 1.4.2]: 403 Forbidden"

    @Test func newestFailureFirstThenNotSteadyThenTheRest() throws {
        let services = [
            try Self.service("billing"), try Self.service("orders"), try Self.service("payments", rollout: "IN_PROGRESS", deployments: 2),
            try Self.service("search"),
        ]
        let tasks = [
            try Self.stoppedTask("orders", id: "a1b2c3d4e5f60718293a4b5c6d7e8f90", minutesAgo: 40),
            try Self.stoppedTask("search", id: "0f9e8d7c6b5a49382716f5e4d3c2b1a0", minutesAgo: 5),
        ]
        let ranked = TargetCandidates.services(services, tasks: tasks, now: Self.now)
        #expect(ranked.map(\.serviceName) == ["search", "orders", "payments", "billing"])
        #expect(ranked[2].unsteady == "deployment in progress")
        #expect(ranked[3].summary == "steady")
    }

    @Test func aStopMoreThanAnHourAgoIsNotRecent() throws {
        // The near miss: the same task, 59 minutes ago (recent) and 61 minutes ago (not).
        let recent = try Self.stoppedTask("orders", id: "a1b2c3d4e5f60718293a4b5c6d7e8f90", minutesAgo: 59)
        let old = try Self.stoppedTask("orders", id: "a1b2c3d4e5f60718293a4b5c6d7e8f90", minutesAgo: 61)
        let services = [try Self.service("orders")]
        #expect(TargetCandidates.services(services, tasks: [recent], now: Self.now)[0].recentStops.count == 1)
        #expect(TargetCandidates.services(services, tasks: [old], now: Self.now)[0].recentStops.isEmpty)
    }

    @Test func theSummaryCountsTheStopsByCategory() throws {
        let tasks = [
            try Self.stoppedTask("orders", id: "11111111111111111111111111111111", minutesAgo: 3),
            try Self.stoppedTask("orders", id: "22222222222222222222222222222222", minutesAgo: 13),
            try Self.stoppedTask("orders", id: "33333333333333333333333333333333", minutesAgo: 23, reason: Self.pullDenied,
                                 stopCode: "TaskFailedToStart"),
        ]
        let candidate = try #require(TargetCandidates.services([try Self.service("orders", running: 0)], tasks: tasks, now: Self.now).first)
        #expect(candidate.recentStops.map(\.taskId) == ["11111111111111111111111111111111", "22222222222222222222222222222222",
                                                         "33333333333333333333333333333333"])
        #expect(candidate.summary == "3 stopped in the last hour: secrets-unreachable ×2, image-pull-denied; 0 of 2 tasks running")
    }

    @Test func aTaskOfTheSameNamedServiceInAnotherClusterIsNotCounted() throws {
        let services = [try Self.service("orders", cluster: "prod"), try Self.service("orders", cluster: "staging")]
        let tasks = [try Self.stoppedTask("orders", cluster: "staging", id: "a1b2c3d4e5f60718293a4b5c6d7e8f90", minutesAgo: 10)]
        let ranked = TargetCandidates.services(services, tasks: tasks, now: Self.now)
        #expect(ranked.map(\.cluster) == ["staging", "prod"])
        #expect(ranked[1].recentStops.isEmpty)
    }

    @Test func unsteadinessNamesWhatIsNotSteady() throws {
        #expect(TargetCandidates.unsteadiness(of: try Self.service("a")) == nil)
        #expect(TargetCandidates.unsteadiness(of: try Self.service("a", rollout: "FAILED")) == "rollout failed")
        #expect(TargetCandidates.unsteadiness(of: try Self.service("a", deployments: 2)) == "deployment in progress")
        #expect(TargetCandidates.unsteadiness(of: try Self.service("a", rollout: "IN_PROGRESS")) == "deployment in progress")
        #expect(TargetCandidates.unsteadiness(of: try Self.service("a", running: 1)) == "1 of 2 tasks running")
        #expect(TargetCandidates.unsteadiness(of: try Self.service("a", rollout: "FAILED", running: 0))
            == "rollout failed, 0 of 2 tasks running")
    }

    @Test func inactiveServicesAreNotCandidates() throws {
        let ranked = TargetCandidates.services([try Self.service("old", status: "INACTIVE"), try Self.service("new")],
                                               tasks: [], now: Self.now)
        #expect(ranked.map(\.serviceName) == ["new"])
    }

    @Test func clustersAreRankedByTheirNewestFailure() throws {
        let services = [
            try Self.service("api", cluster: "alpha"), try Self.service("web", cluster: "alpha"),
            try Self.service("etl", cluster: "batch", running: 0), try Self.service("orders", cluster: "prod"),
            try Self.service("zeta", cluster: "zulu"),
        ]
        let tasks = [try Self.stoppedTask("orders", cluster: "prod", id: "a1b2c3d4e5f60718293a4b5c6d7e8f90", minutesAgo: 30)]
        let clusters = TargetCandidates.clusters(TargetCandidates.services(services, tasks: tasks, now: Self.now))
        #expect(clusters.map(\.name) == ["prod", "batch", "alpha", "zulu"])
        #expect(clusters[0].summary == "1 service, 1 task stopped in the last hour")
        #expect(clusters[1].summary == "1 service, 1 not steady")
        #expect(clusters[2].summary == "2 services")
        #expect(clusters[2].services.map(\.serviceName) == ["api", "web"])
    }
}
