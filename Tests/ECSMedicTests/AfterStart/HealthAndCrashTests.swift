@testable import ECSMedic
import Testing

/// The grace period measured against the start the log shows, and an essential container's crash or finished job.
@Suite struct HealthAndCrashTests {
    private func diagnose(_ facts: Facts) throws -> DiagnosisResult {
        try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
    }

    @Test func aGracePeriodShorterThanTheStartIsRaisedToIt() throws {
        let result = try diagnose(try FixtureLibrary.facts("hc-grace-period-short"))
        #expect(result.findings.map(\.rule) == ["health-check-grace-period-short"])
        let finding = try #require(result.findings.first)
        #expect(finding.message == "the health check grace period of service demo-ecs-service is 0 s, but container app was ready 14.9 s after the task started and demo-app-tg then needs 5 passing checks 10 s apart (about 65 s in all)")
        #expect(finding.evidence.contains { $0.source == "logs:GetLogEvents" && $0.fact.contains("Tomcat started on port 8080") })
        let fix = try #require(finding.fixes.first)
        #expect(fix.id == "raise-health-check-grace-period")
        #expect(fix.awsCli == "aws ecs update-service --region ap-northeast-2 --cluster demo-ecs-cluster --service demo-ecs-service --health-check-grace-period-seconds 70")
        #expect(fix.terraform?.contains("health_check_grace_period_seconds = 70   # was 0") == true)
        #expect(fix.cloudformation?.contains("HealthCheckGracePeriodSeconds: 70") == true)
        // Applied to the facts in memory, the raised grace period covers the start.
        #expect(fix.verified == true)
        #expect(result.stoppedReason?.explainedByFacts == true)
    }

    /// Checks that cannot reach the task are the security group's fault, not the grace period's.
    @Test func blockedChecksAreNotATimingFinding() throws {
        let result = try diagnose(try FixtureLibrary.facts("net-lb-health-check-blocked"))
        #expect(result.findings.map(\.rule) == ["lb-health-check-blocked"])
    }

    @Test func theGracePeriodStepRecordsWhatItReplaces() {
        guard case .steps(let steps) = ApplyPlan.steps(
            for: .healthCheckGracePeriod(cluster: "demo-ecs-cluster", service: "demo-ecs-service", seconds: 70, previous: 0),
            redeploy: false) else {
            Issue.record("the grace period is not applied")
            return
        }
        #expect(steps.map(\.summary) == ["set the health check grace period of service demo-ecs-service in cluster demo-ecs-cluster to 70 s"])
    }

    @Test func aMissingVariableIsCheckedAgainstTheTaskDefinition() throws {
        let result = try diagnose(try FixtureLibrary.facts("app-crash-missing-env"))
        #expect(result.findings.map(\.rule) == ["essential-container-crashed"])
        let finding = try #require(result.findings.first)
        #expect(finding.message == "essential container app exited 1: the application needs the environment variable STRIPE_API_KEY; the task definition sets no STRIPE_API_KEY, neither in environment nor in secrets of container app: add it (a new revision)")
        #expect(finding.evidence.contains { $0.fact.hasSuffix("KeyError: 'STRIPE_API_KEY'") || $0.fact.contains("__getitem__") })
        #expect(finding.evidence.last?.fact == "container app defines DATABASE_URL and the secrets DB_USERNAME, DB_PASSWORD")
    }

    @Test func exitZeroIsAFinishedJob() throws {
        let result = try diagnose(try FixtureLibrary.facts("app-job-finished"))
        #expect(result.findings.map(\.rule) == ["essential-container-finished"])
        let finding = try #require(result.findings.first)
        #expect(finding.severity == .note)
        #expect(finding.evidence.last?.fact.hasSuffix("database is up to date; exiting") == true)
    }

    /// The traceback around a logged connection timeout is its consequence, not a second crash finding.
    @Test func aTracebackAfterATimeoutIsNotASecondFinding() throws {
        let result = try diagnose(try FixtureLibrary.facts("seed-rds-sg-not-admitting"))
        #expect(!result.findings.contains { $0.rule == "essential-container-crashed" })
    }
}
