@testable import ECSMedic
import Testing

/// The join of a container's log lines to the facts: the host a line names resolved against the database, the
/// endpoints and the VPC, and given the network verdict for it.
@Suite struct AfterStartJoinTests {
    private func diagnose(_ fixture: String) throws -> DiagnosisResult {
        try Diagnoser(rules: try RuleSet.load().rules).diagnose(try FixtureLibrary.facts(fixture), selecting: TargetSelector())
    }

    /// The headline: the psycopg2 timeout and the security group that does not admit the task are one finding.
    @Test func aLoggedTimeoutAndTheBlockingGroupAreOneFinding() throws {
        let result = try diagnose("seed-rds-sg-not-admitting")
        #expect(result.findings.map(\.rule) == ["database-unreachable"])
        let finding = try #require(result.findings.first)
        #expect(finding.resources.first == "sg-0e87ec5a95d45abf7")
        #expect(finding.message.contains("— container app logged that its connection to demo-aurora-cluster.cluster-c1a2b3c4d5e6.ap-northeast-2.rds.amazonaws.com:5432 timed out"))
        let logged = try #require(finding.evidence.first { $0.source == "logs:GetLogEvents" })
        #expect(logged.resource == "/ecs/demo-app ecs/app/c4332fcafcd043ab977f105eb6bdac98")
        #expect(logged.fact.hasPrefix("container app logged at 2026-11-23T18:13:47.517Z that its connection to demo-aurora-cluster.cluster-c1a2b3c4d5e6.ap-northeast-2.rds.amazonaws.com:5432 timed out (2 lines like it): "))
        #expect(logged.fact.hasSuffix("(psycopg2.OperationalError) connection to server at \"demo-aurora-cluster.cluster-c1a2b3c4d5e6.ap-northeast-2.rds.amazonaws.com\" (10.0.1.213), port 5432 failed: timeout expired"))
        #expect(finding.evidence.contains {
            $0.fact == "demo-aurora-cluster.cluster-c1a2b3c4d5e6.ap-northeast-2.rds.amazonaws.com is the cluster (writer) endpoint of demo-aurora-cluster"
                && $0.resource == "demo-aurora-cluster" && $0.source == "rds:DescribeDBClusters"
        })
        // The blocking hop stays in the chain, after the log.
        let logIndex = try #require(finding.evidence.firstIndex { $0.source == "logs:GetLogEvents" })
        let hopIndex = try #require(finding.evidence.firstIndex { $0.resource == "sg-0e87ec5a95d45abf7" })
        #expect(logIndex < hopIndex)
        #expect(result.stoppedReason?.explainedByFacts == true)
    }

    /// The same log over an open path is said to be no network problem, and no security group is blamed.
    @Test func aTimeoutOverAnOpenPathPointsAtTheDatabase() throws {
        let result = try diagnose("app-db-timeout-path-open")
        #expect(result.findings.map(\.rule) == ["database-timeout-path-open"])
        let finding = try #require(result.findings.first)
        #expect(finding.severity == .warning)
        #expect(finding.resources == ["demo-aurora-cluster", "sg-0e87ec5a95d45abf7",
                                      "arn:aws:ecs:ap-northeast-2:111122223333:task-definition/demo-app:1",
                                      "arn:aws:ecs:ap-northeast-2:111122223333:task/demo-ecs-cluster/c4332fcafcd043ab977f105eb6bdac98"])
        #expect(finding.message.contains("timed out, yet the network path from subnet-0005039e61f3e3106"))
        #expect(finding.message.contains("check demo-aurora-cluster itself"))
        #expect(finding.evidence.contains { $0.resource == "sg-0e87ec5a95d45abf7" && $0.source == "ec2:DescribeSecurityGroups" })
        #expect(finding.fixes.isEmpty)
    }

    /// A port other than the database's is configuration: the variable is named, no network finding is made (the
    /// path is checked on the port the database listens on, which the security group admits).
    @Test func aWrongPortIsAConfigurationFinding() throws {
        let result = try diagnose("app-db-port-mismatch")
        #expect(result.findings.map(\.rule) == ["app-database-port-mismatch"])
        let finding = try #require(result.findings.first)
        #expect(finding.message == "container app connects to demo-aurora-cluster.cluster-c1a2b3c4d5e6.ap-northeast-2.rds.amazonaws.com:5433 but demo-aurora-cluster listens on 5432 (DATABASE_URL names port 5433): the configuration names the wrong port (not a network problem)")
        #expect(finding.taskDefinitionField == "containerDefinitions[0].environment[0].value")
        #expect(finding.resources.prefix(2) == ["arn:aws:ecs:ap-northeast-2:111122223333:task-definition/demo-app:1", "demo-aurora-cluster"])
        let database = try #require(result.verdicts.first { $0.need.name == "database" })
        #expect(database.outcome == .reachable)
        guard case .database(let target) = database.need.destination else { Issue.record("not a database need"); return }
        #expect(target.port == 5432)
    }

    @Test func aHostOneCharacterOffTheClusterEndpointIsATypo() throws {
        let result = try diagnose("app-db-unknown-host-typo")
        let finding = try #require(result.findings.first { $0.rule == "app-host-unresolvable" })
        #expect(finding.resources.first == "demo-aurora-cluster.cluster-c1a2b3c4d5e7.ap-northeast-2.rds.amazonaws.com")
        #expect(finding.message == "container app could not resolve demo-aurora-cluster.cluster-c1a2b3c4d5e7.ap-northeast-2.rds.amazonaws.com: no resource in the facts has that name; demo-aurora-cluster.cluster-c1a2b3c4d5e6.ap-northeast-2.rds.amazonaws.com (demo-aurora-cluster) differs from it by 1 character: a typo in the configuration")
    }

    @Test func aKnownNameThatDidNotResolveIsNotAFinding() throws {
        let result = try diagnose("app-db-unknown-host-known")
        #expect(result.findings.isEmpty)
        #expect(result.stoppedReason?.explainedByFacts == false)
    }

    // MARK: The resolver

    private func resolver(_ fixture: String) throws -> LogDestinationResolver {
        let facts = try FixtureLibrary.facts(fixture)
        let vpc = facts.subnets?.first?.vpcId
        return LogDestinationResolver(facts: facts, vpcId: vpc, database: nil, region: "ap-northeast-2")
    }

    @Test func theReaderAndInstanceEndpointsAreTheDatabase() throws {
        let resolver = try resolver("seed-healthy")
        let reader = resolver.resolve(host: "demo-aurora-cluster.cluster-ro-c1a2b3c4d5e6.ap-northeast-2.rds.amazonaws.com", address: nil)
        #expect(reader.description == "the reader endpoint of demo-aurora-cluster")
        let instance = resolver.resolve(host: "DEMO-AURORA-INSTANCE-1.c1a2b3c4d5e6.ap-northeast-2.rds.amazonaws.com.", address: nil)
        #expect(instance.description == "the instance endpoint of demo-aurora-instance-1 (demo-aurora-cluster)")
        guard case .database(let target) = instance.kind else { Issue.record("not the database"); return }
        #expect(target.identifier == "demo-aurora-cluster")
    }

    /// Node prints only the address (`connect ETIMEDOUT 10.0.1.213:5432`): an address in the database's subnets is
    /// the database, an endpoint's address the endpoint, another one of the VPC just an address there.
    @Test func addressesResolveToWhatHoldsThem() throws {
        let resolver = try resolver("seed-healthy")
        let database = resolver.resolve(host: "10.0.1.213", address: nil)
        // The fixture's instances list no DB subnet group, so the address is only known to be in the VPC.
        #expect(database.description == "10.0.1.213, an address in subnet-0005039e61f3e3106 of vpc-063d06efffe55a239")
        let endpoint = resolver.resolve(host: "10.0.1.119", address: nil)
        #expect(endpoint.kind == .interfaceEndpoint(endpointId: "vpce-0d48a3533ce14fe95", service: "secretsmanager"))
        let byName = resolver.resolve(host: "secretsmanager.ap-northeast-2.amazonaws.com", address: nil)
        #expect(byName.kind == .interfaceEndpoint(endpointId: "vpce-0d48a3533ce14fe95", service: "secretsmanager"))
        let public_ = resolver.resolve(host: "10.0.101.20", address: nil)
        #expect(public_.kind == .vpcAddress(subnetId: "subnet-0c6ac9b1d2bc1a515"))
        let outside = resolver.resolve(host: "52.95.110.1", address: nil)
        #expect(outside.kind == .unknown)
        #expect(resolver.resolve(host: "api.stripe.com", address: nil).kind == .unknown)
    }

    @Test func editDistanceIsBounded() {
        #expect(AfterStartAnalyzer.distance("c1a2b3c4d5e6", "c1a2b3c4d5e7") == 1)
        #expect(AfterStartAnalyzer.distance("orders-db", "orders-bd") == 2)
        #expect(AfterStartAnalyzer.distance("a", "abcdef") == 3)
        #expect(AfterStartAnalyzer.distance("", "ab") == 2)
        #expect(AfterStartAnalyzer.distance("same", "same") == 0)
    }
}
