@testable import ECSMedic
import Testing

/// Re-verification: each fix applied to the facts in memory makes its finding disappear without a new one.
@Suite struct FixVerificationTests {
    /// Fixes that cannot be proven in memory, by fix id, with the reason.
    static let unprovable: [String: String] = [
        "ecr-pull-through-cache": "the warning goes only once the task definition names the cached image, a new revision the user registers",
    ]

    @Test func everyFixtureLoadsAndIsDiagnosed() {
        #expect(FixtureFixes.errors.isEmpty, "\(FixtureFixes.errors)")
    }

    /// Every fixture whose findings have a mechanical fix (the others have nothing to verify).
    @Test(arguments: FixtureFixes.all.filter { !$0.plan.chosen.isEmpty }.map(\.fixture))
    func theMergedPlanRemovesEveryFixedFindingAndAddsNone(fixture: String) throws {
        let diagnosis = try #require(FixtureFixes.all.first { $0.fixture == fixture })
        if diagnosis.plan.chosen.allSatisfy({ choice in
            Self.unprovable[choice.fix.id] != nil || choice.fix.changes.contains(where: \.answersPastEvents)
        }) {
            #expect(!diagnosis.plan.verified, "\(fixture): an unprovable fix was proven")
            return
        }
        let diagnoser = Diagnoser(rules: try RuleSet.load().rules)
        let patched = FactPatch(changes: diagnosis.plan.changes).applied(to: diagnosis.facts)
        let after = try diagnoser.diagnose(patched, selecting: TargetSelector(), verifyingFixes: false)
        let fixed = Set(diagnosis.plan.chosen.map(\.fingerprint))
        let before = Set(diagnosis.result.findings.map(\.fingerprint))
        // A timeout logged before the fix, set against the fixed path, is what the fix makes appear, not a new problem.
        let new = after.findings.filter { !before.contains($0.fingerprint) && !diagnoser.pastAgainstPresentRules.contains($0.rule) }
        #expect(Set(after.findings.map(\.fingerprint)).isDisjoint(with: fixed), "\(fixture): \(after.findings.map(\.rule))")
        #expect(new.isEmpty, "\(fixture): new \(new.map(\.rule))")
        #expect(diagnosis.plan.verified)
    }

    @Test func everyFixWithChangesIsLabelled() {
        for diagnosis in FixtureFixes.all {
            for finding in diagnosis.result.findings {
                for fix in finding.fixes where !fix.changes.isEmpty {
                    let expected: Bool? = fix.changes.contains(where: \.answersPastEvents) ? nil : Self.unprovable[fix.id] == nil
                    #expect(fix.verified == expected, "\(diagnosis.fixture)/\(finding.rule)/\(fix.id) is not proven")
                }
            }
        }
    }

    /// A fix that does not remove the finding is labelled not proven: opening the endpoint's group on port 80
    /// (what the fixture already has) leaves Secrets Manager blocked on 443.
    @Test func aWrongFixIsNotProven() throws {
        let facts = try FixtureLibrary.facts("seed-endpoint-sg-no-443")
        let rules = try RuleSet.load().rules
        let diagnoser = Diagnoser(rules: rules)
        let result = try diagnoser.diagnose(facts, selecting: TargetSelector())
        let finding = try #require(result.findings.first { $0.rule == "endpoint-sg-blocks-https" })
        let fix = try #require(finding.fixes.first)
        guard case .securityGroupRule(let rule)? = fix.changes.first else {
            Issue.record("the fix is not a security group rule: \(fix.changes)")
            return
        }
        var wrong = rule
        wrong.port = 80
        let verifier = FixVerifier(rediagnose: { try diagnoser.diagnose($0, selecting: TargetSelector(), verifyingFixes: false) },
                                   facts: facts, before: Set(result.findings.map(\.fingerprint)))
        #expect(!verifier.proves([.securityGroupRule(wrong)], resolving: [finding.fingerprint]))
        #expect(verifier.proves(fix.changes, resolving: [finding.fingerprint]))
    }
}

/// A standalone task (no service) is started again with `run-task`, with its task definition and network.
@Suite struct StandaloneTaskFixTests {
    @Test func theFixRunsTheTaskAgain() throws {
        var facts = try FixtureLibrary.facts("seed-no-secretsmanager-endpoint")
        let task = try #require(facts.tasks?.first)
        let eni = try #require(task.networkAttachment?.detail("networkInterfaceId"))
        let groups = facts.services?.first?.networkConfiguration?.awsvpcConfiguration?.securityGroups ?? []
        // Without a service the task's security groups come from its network interface, as for a running task.
        facts.networkInterfaces = (facts.networkInterfaces ?? []) + [NetworkInterface(
            networkInterfaceId: eni, subnetId: task.networkAttachment?.detail("subnetId"),
            groups: groups.map { VPCEndpoint.Group(groupId: $0) })]
        facts.services = []
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        let finding = try #require(result.findings.first { $0.rule == "secretsmanager-unreachable" })
        let fix = try #require(finding.fixes.first { $0.id == "add-interface-endpoint" })
        let last = fix.awsCli?.split(separator: "\n").last.map(String.init) ?? ""
        let definition = try #require(facts.tasks?.first?.taskDefinitionArn)
        #expect(fix.awsCli?.contains("aws ecs run-task --region ap-northeast-2 --cluster demo-ecs-cluster --task-definition \(definition) --launch-type FARGATE") == true)
        #expect(last.hasPrefix("  --network-configuration 'awsvpcConfiguration={subnets=[subnet-"))
        #expect(fix.awsCli?.contains("update-service") == false)
    }
}

/// A subnet on a route table the VPC's S3 gateway endpoint does not serve: the fix adds that table to the existing
/// endpoint (a route table takes one gateway endpoint per service) instead of creating a second endpoint.
@Suite struct GatewayEndpointFixTests {
    @Test func theExistingS3EndpointGetsTheRouteTable() throws {
        var facts = try FixtureLibrary.facts("seed-healthy")
        var tables = try #require(facts.routeTables)
        let index = try #require(tables.firstIndex { $0.routeTableId == "rtb-0585e0cf470b69873" })
        tables[index].associations?.removeAll { $0.subnetId == "subnet-0458178dab6fb4b9a" }
        tables.append(RouteTable(routeTableId: "rtb-0b0b0b0b0b0b0b0b0", vpcId: tables[index].vpcId,
                                 associations: [.init(subnetId: "subnet-0458178dab6fb4b9a")],
                                 routes: [.init(destinationCidrBlock: "10.0.0.0/16", gatewayId: "local", state: "active")]))
        facts.routeTables = tables
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        let finding = try #require(result.findings.first { $0.rule == "s3-unreachable" })
        let fix = try #require(finding.fixes.first { $0.id == "add-interface-endpoint" })
        #expect(fix.awsCli?.hasPrefix("aws ec2 modify-vpc-endpoint --region ap-northeast-2 --vpc-endpoint-id vpce-00d28833103d0da2b --add-route-table-ids rtb-0b0b0b0b0b0b0b0b0") == true)
        #expect(fix.terraform?.contains("resource \"aws_vpc_endpoint_route_table_association\"") == true)
        #expect(fix.verified == true)
        let terraform = try FixtureFixes.write([("association", try #require(fix.terraform))], suffix: ".tf")
        #expect(try FixFormTests.parseHCL(terraform.map(\.path)).first?["error"] == nil)
        let template = "AWSTemplateFormatVersion: \"2010-09-09\"\n" + (try #require(fix.cloudformation))
        let lint = try FixtureFixes.run(["cfn-lint", "--regions", "ap-northeast-2", "--"]
            + (try FixtureFixes.write([("association", template)], suffix: ".yaml")).map(\.path))
        #expect(lint.status == 0, "\(lint.output)")
    }
}
