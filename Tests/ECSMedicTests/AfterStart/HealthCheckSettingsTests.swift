@testable import ECSMedic
import Testing

/// Health checks that cannot pass: the target group's port, path and matcher against what the container serves and
/// answered, and container health check commands that cannot run as written.
@Suite struct HealthCheckSettingsTests {
    private func diagnose(_ fixture: String) throws -> DiagnosisResult {
        try Diagnoser(rules: try RuleSet.load().rules).diagnose(try FixtureLibrary.facts(fixture), selecting: TargetSelector())
    }

    static let targetGroup = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/demo-app-tg/e000988b726de35b"

    /// A well-formed check that ran and failed: the note names the command and its timing, points at the container's
    /// own log, and says that its unset startPeriod ended before the log's "Tomcat started" line, 14.9 s after the start.
    @Test func aFailedShellCheckIsANoteWithItsTimingAndTheContainersLog() throws {
        let finding = try #require(try diagnose("hc-container-check-shell-form").findings.first)
        #expect(finding.message == "the health check of container app, [\"CMD-SHELL\", \"curl -f http://localhost:8080/health || exit 1\"], ran and failed "
            + "(every 10 s (timeout 5 s), UNHEALTHY after 3 failures in a row, startPeriod unset (0 s)); ECS returns no output of the checks: "
            + "its own log, /ecs/demo-app ecs/app/c4332fcafcd043ab977f105eb6bdac98, is where a failing dependency or port shows; its startPeriod (0 s) "
            + "ended before the container logged it was ready, 14.9 s after the task started, so checks that failed before then counted toward the 3 failures")
        #expect(finding.evidence.map(\.source) == ["ecs:DescribeTaskDefinition", "ecs:DescribeTasks", "logs:GetLogEvents", "logs:GetLogEvents"])
        #expect(finding.evidence[2].fact.hasPrefix("container app logged 9 lines, the last at 2026-11-23T18:13:38.412Z: "))
        #expect(finding.evidence[3].fact.contains("Tomcat started on port 8080"))
        #expect(finding.fixes.isEmpty)
        var facts = try FixtureLibrary.facts("hc-container-check-shell-form")
        facts.taskDefinitions?[0].containerDefinitions[0].healthCheck?.startPeriod = 60
        let patient = try #require(try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector()).findings.first)
        #expect(patient.message.contains("startPeriod 60 s"))
        #expect(!patient.message.contains("ended before"), "a start period longer than the start is not blamed")
        facts.tasks?[0].containers?[0].healthStatus = "HEALTHY"
        #expect(try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector()).findings.isEmpty,
                "only the container ECS reports UNHEALTHY")
    }

    @Test func anUnmappedHealthCheckPortIsPointedBackAtTheTrafficPort() throws {
        let result = try diagnose("hc-port-not-served")
        #expect(result.findings.map(\.rule) == ["target-group-port-not-served"])
        let finding = try #require(result.findings.first)
        #expect(finding.resources.first == Self.targetGroup)
        #expect(finding.message == "target group demo-app-tg checks port 8081, but container app maps only port 8080: check the traffic port 8080 instead")
        #expect(finding.evidence.contains { $0.source == "elbv2:DescribeTargetHealth" && $0.fact.contains("Target.FailedHealthChecks") })
        #expect(finding.evidence.contains { $0.source == "logs:GetLogEvents" && $0.fact.contains("Tomcat started on port 8080") })
        let fix = try #require(finding.fixes.first)
        #expect(fix.id == "set-target-group-health-check")
        #expect(fix.awsCli == "aws elbv2 modify-target-group --region ap-northeast-2 --target-group-arn \(Self.targetGroup) \\\n  --health-check-port traffic-port")
        #expect(fix.terraform?.contains("port    = \"traffic-port\"   # was 8081") == true)
        #expect(fix.cloudformation?.contains("HealthCheckPort: \"traffic-port\"") == true)
        // Not applied: it changes how the load balancer judges every target of the group.
        guard case .notApplied = ApplyPlan.steps(for: fix.changes[0], redeploy: false) else {
            Issue.record("the target group change is applied")
            return
        }
    }

    @Test func a404OnThePathIsNamedWithTheLogLineAndNoGuessedPath() throws {
        let result = try diagnose("hc-path-not-found")
        #expect(result.findings.map(\.rule) == ["target-group-path-not-found"])
        let finding = try #require(result.findings.first)
        #expect(finding.message.hasPrefix("target group demo-app-tg checks /health, and the target answered 404 Not Found; container app logged that it has no route for /health"))
        #expect(finding.evidence.contains { $0.fact.contains("No static resource health.") })
        #expect(finding.fixes.isEmpty, "no path is proposed without evidence of the right one")
    }

    @Test func a204IsAddedToTheMatcher() throws {
        let result = try diagnose("hc-matcher-mismatch")
        #expect(result.findings.map(\.rule) == ["target-group-matcher-mismatch"])
        let fix = try #require(result.findings.first?.fixes.first)
        #expect(fix.awsCli?.hasSuffix("--matcher HttpCode=200,204") == true)
    }

    @Test func an503IsTheApplicationsOwnVerdictNotAPathOrMatcher() throws {
        let result = try diagnose("hc-path-unhealthy")
        #expect(!result.findings.contains { $0.rule.hasPrefix("target-group-") })
    }

    @Test func theShellFormIsNotConcludedFromOutsideTheImage() throws {
        let note = try diagnose("hc-container-check-shell-form")
        #expect(note.findings.map(\.rule) == ["container-health-check-failed"], "a note, nothing concluded")
        #expect(note.findings.first?.severity == .note)
        #expect(note.stoppedReason?.explainedByFacts == false, "a note says what could not be seen; it explains nothing")
        let result = try diagnose("hc-container-check-shell-in-exec-form")
        #expect(result.findings.map(\.rule) == ["container-health-check-cannot-run"])
        #expect(result.findings.first?.evidence.map(\.source) == ["ecs:DescribeTaskDefinition", "ecs:DescribeTasks", "ecs:DescribeTasks", "ecs:DescribeServices"])
    }

    @Test(arguments: [
        (["CMD", "curl -f http://localhost/ || exit 1"], true),
        (["CMD", "curl", "-f", "http://localhost/", "||", "exit", "1"], true),
        (["curl -f http://localhost/ || exit 1"], true),
        ([], true),
        (["CMD-SHELL"], true),
        (["CMD"], true),
        (["CMD-SHELL", "curl -f http://localhost/ || exit 1"], false),
        (["CMD", "/bin/grpc_health_probe", "-addr=:9090"], false),
        (["CMD", "sh", "-c", "wget -qO- http://localhost:8080/health || exit 1"], false),
        (["NONE"], false),
    ])
    func commandForms(_ command: [String], broken: Bool) {
        #expect((ContainerHealthCheckAnalysis.problem(of: command) != nil) == broken, "\(command)")
    }

    @Test func matchersAndCodes() {
        #expect(TargetHealthAnalysis.matcher("200", accepts: 200))
        #expect(!TargetHealthAnalysis.matcher("200", accepts: 204))
        #expect(TargetHealthAnalysis.matcher("200-299", accepts: 204))
        #expect(TargetHealthAnalysis.matcher("200,302", accepts: 302))
        #expect(!TargetHealthAnalysis.matcher("200-299,302", accepts: 301))
        #expect(TargetHealthAnalysis.codes(in: "Health checks failed with these codes: [404]") == [404])
        #expect(TargetHealthAnalysis.codes(in: "Health checks failed with these codes: [301, 302]") == [301, 302])
        #expect(TargetHealthAnalysis.codes(in: "Request timed out").isEmpty)
        #expect(TargetHealthAnalysis.samePath("health", "/health"))
        #expect(TargetHealthAnalysis.samePath("/health/", "/health"))
        #expect(!TargetHealthAnalysis.samePath("/healthz", "/health"))
    }
}
