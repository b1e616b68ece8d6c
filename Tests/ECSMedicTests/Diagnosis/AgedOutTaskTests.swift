@testable import ECSMedic
import Testing

/// ECS keeps a stopped task for about an hour: afterwards `--service` has no task to diagnose and falls back to
/// the service's current network configuration and its deployment's failure counts.
@Suite struct AgedOutTaskTests {
    static func diagnoseWithoutTasks(_ fixture: String) throws -> DiagnosisResult {
        var facts = try FixtureLibrary.facts(fixture)
        facts.tasks = []
        return try Diagnoser(rules: try RuleSet.load().rules)
            .diagnose(facts, selecting: TargetSelector(cluster: "demo-ecs-cluster", service: "demo-ecs-service"))
    }

    @Test func theServiceIsDiagnosedFromItsCurrentConfiguration() throws {
        let result = try Self.diagnoseWithoutTasks("seed-no-secretsmanager-endpoint")
        #expect(result.tasksAgedOut)
        #expect(result.target.task == nil)
        #expect(result.target.service == "demo-ecs-service")
        #expect(result.findings.map(\.rule) == ["secretsmanager-unreachable"])
        #expect(result.findings.first?.resources.first == "rtb-0585e0cf470b69873")
    }

    @Test func theDeploymentsFailureStandsInForTheStoppedReason() throws {
        // The fixture's deployment: failedTasks 1, rolloutStateReason "ECS deployment ecs-svc/... in progress."
        let result = try Self.diagnoseWithoutTasks("seed-no-secretsmanager-endpoint")
        let stop = try #require(result.stoppedReason)
        #expect(stop.stopCode == nil)
        #expect(stop.text?.hasPrefix("ECS deployment ") == true)
        let text = TextReporter(color: false).render(Report(results: [result]))
        #expect(text.contains("no stopped task left (ECS keeps them about an hour)"))
        #expect(text.contains("deployment: ECS deployment "))
        #expect(!text.contains("stopped: "))
    }

    @Test func aHealthyServiceWithoutTasksHasNoFailureToReport() throws {
        let result = try Self.diagnoseWithoutTasks("seed-healthy")
        #expect(result.tasksAgedOut)
        #expect(result.stoppedReason == nil)
        #expect(result.findings.isEmpty)
    }

    @Test func aTaskThatIsStillThereIsDiagnosedAsBefore() throws {
        let facts = try FixtureLibrary.facts("seed-no-secretsmanager-endpoint")
        let result = try Diagnoser(rules: try RuleSet.load().rules)
            .diagnose(facts, selecting: TargetSelector(cluster: "demo-ecs-cluster", service: "demo-ecs-service"))
        #expect(!result.tasksAgedOut)
        #expect(result.stoppedReason?.stopCode == "TaskFailedToStart")
    }
}
