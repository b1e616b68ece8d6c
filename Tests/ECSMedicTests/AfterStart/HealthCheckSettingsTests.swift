@testable import ECSMedic
import Testing

/// Health checks that cannot pass: the target group's port, path and matcher against what the container serves and
/// answered, and container health check commands that cannot run as written.
@Suite struct HealthCheckSettingsTests {
    private func diagnose(_ fixture: String) throws -> DiagnosisResult {
        try Diagnoser(rules: try RuleSet.load().rules).diagnose(try FixtureLibrary.facts(fixture), selecting: TargetSelector())
    }

    static let targetGroup = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/demo-app-tg/e000988b726de35b"

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
        #expect(try diagnose("hc-container-check-shell-form").findings.isEmpty)
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
