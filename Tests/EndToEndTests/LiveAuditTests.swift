import Foundation
import Testing

/// `ecs-medic audit` run live (no `--snapshot`) against an account of several clusters and services built in moto
/// by `scripts/live-audit-scenario.py`: the seed-no-secretsmanager-endpoint service plus six added services in
/// clusters `audit-00` to `audit-02`, sharing its subnets, security group, endpoints and roles; every second
/// added service logs to a missing log group.
@Suite(.serialized) struct LiveAuditTests {
    static let missingLogGroup: Set<String> = ["app-0002", "app-0004", "app-0006"]

    /// The audited services by `cluster/service`, with their (rule, first resource) pairs.
    static func findings(_ json: String) throws -> [String: [ExpectedFinding]] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "not JSON: \(json)")
        var byService: [String: [ExpectedFinding]] = [:]
        for result in (report["results"] as? [[String: Any]]) ?? [] {
            let target = result["target"] as? [String: Any] ?? [:]
            let key = "\(target["cluster"] as? String ?? "")/\(target["service"] as? String ?? "")"
            byService[key] = ((result["findings"] as? [[String: Any]]) ?? []).map {
                ExpectedFinding(rule: $0["rule"] as? String ?? "", resource: ($0["resources"] as? [String])?.first ?? "")
            }.sorted()
        }
        return byService
    }

    @Test func aLiveAuditReportsEveryServiceAndItsRecordingAuditsTheSame() throws {
        let account = try LiveAccount(services: 7, perCluster: 3, missingLogGroup: 2)
        defer { account.stop() }
        let directory = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "account.json").path

        let live = try account.run(["audit", "--format", "json", "--record", file, "--debug"])
        #expect(live.status == 1, "\(live.stderr)")
        #expect(live.stderr.contains("collected ") && live.stderr.contains(" calls for 7 services of ap-northeast-2"), "\(live.stderr)")
        let findings = try Self.findings(live.stdout)
        let expectedServices = account.services.flatMap { cluster, names in names.map { "\(cluster)/\($0)" } }.sorted()
        #expect(findings.keys.sorted() == expectedServices)
        // The seed's private subnets have no Secrets Manager endpoint and no NAT: every service (they share them)
        // cannot fetch its secrets (fixtures/seed-no-secretsmanager-endpoint/expected.yaml).
        for (service, list) in findings {
            #expect(list.contains { $0.rule == "secretsmanager-unreachable" }, "\(service): \(list)")
            let name = String(service.split(separator: "/").last ?? "")
            let logGroup = list.filter { $0.rule == "log-group-missing" }.map(\.resource)
            #expect(logGroup == (Self.missingLogGroup.contains(name) ? ["/ecs/\(name)"] : []), "\(service): \(list)")
        }

        let replay = try BinaryRunner.run(["audit", "--snapshot", file, "--format", "json"])
        #expect(replay.status == live.status)
        #expect(replay.stdout == live.stdout, "the recording audits differently from the live run")
    }

    @Test func eachServiceHasTheFindingsOfItsOwnLiveDiagnosis() throws {
        let account = try LiveAccount(services: 5, perCluster: 2, missingLogGroup: 2)
        defer { account.stop() }
        let audit = try account.run(["audit", "--format", "json"])
        let findings = try Self.findings(audit.stdout)
        #expect(findings.count == 5)
        for (cluster, names) in account.services {
            for name in names {
                let diagnosis = try account.run(["diagnose", "--cluster", cluster, "--service", name, "--format", "json"])
                #expect(diagnosis.stderr.isEmpty, "\(diagnosis.stderr)")
                let own = try LiveReport(json: diagnosis.stdout).findings
                #expect(findings["\(cluster)/\(name)"] == own, "\(cluster)/\(name)")
            }
        }
    }

    @Test func concurrencyOneAndEightGiveTheSameReport() throws {
        let account = try LiveAccount(services: 7, perCluster: 3, missingLogGroup: 3)
        defer { account.stop() }
        let one = try account.run(["audit", "--format", "json", "--concurrency", "1"])
        let eight = try account.run(["audit", "--format", "json", "--concurrency", "8"])
        #expect(one.status == 1 && eight.status == 1)
        #expect(one.stdout == eight.stdout)
    }

    @Test func sharedResourcesAreFetchedOnceAndOnlyWithThePoliciesActions() throws {
        let account = try LiveAccount(services: 13, perCluster: 4, missingLogGroup: 0)
        defer { account.stop() }
        try account.clearRecording()
        let audit = try account.run(["audit", "--format", "json"])
        #expect(audit.status == 1, "\(audit.stderr)")
        let requests = try account.requests()
        let count = { (action: String) in requests.filter { $0.action == action }.count }
        // 13 services share one VPC, one security group, two subnets and two roles.
        #expect(count("ec2:DescribeSecurityGroups") == 1)
        #expect(count("ec2:DescribeSubnets") == 1)
        #expect(count("ec2:DescribeRouteTables") == 1)
        #expect(count("ec2:DescribeVpcEndpoints") == 1)
        // The two roles, each once, and the ECS service-linked role once for the whole audit.
        let roles = requests.filter { $0.action == "iam:GetRole" }.map { $0.parameters["RoleName"] ?? "" }
        #expect(roles.count == 3, "\(roles)")
        #expect(Set(roles).count == 3 && roles.contains("AWSServiceRoleForECS"), "\(roles)")
        #expect(count("secretsmanager:DescribeSecret") == 1)
        #expect(count("ecs:ListClusters") == 1)
        // Clusters of 1, 4, 4, 4 services: DescribeServices takes up to 10, so one call per cluster.
        #expect(count("ecs:DescribeServices") == 4)
        #expect(count("ecs:DescribeTaskDefinition") == 13)
        #expect(requests.filter(\.readsASecret).isEmpty)
        let policy = try LiveDiagnoseTests.policyActions().union(["sts:GetCallerIdentity"])
        #expect(Set(requests.map(\.action)).subtracting(policy).sorted() == [])
    }

    @Test func clusterFiltersAndExitCodes() throws {
        let account = try LiveAccount(services: 5, perCluster: 2, missingLogGroup: 0)
        defer { account.stop() }
        let one = try account.run(["audit", "--cluster", "audit-01", "--format", "json"])
        #expect(one.status == 1)
        #expect(try Self.findings(one.stdout).keys.sorted() == ["audit-01/app-0003", "audit-01/app-0004"])
        let two = try account.run(["audit", "--cluster", "audit-00", "--cluster", "demo-ecs-cluster", "--format", "json"])
        #expect(try Self.findings(two.stdout).keys.sorted() == ["audit-00/app-0001", "audit-00/app-0002", "demo-ecs-cluster/demo-ecs-service"])
        let never = try account.run(["audit", "--fail-on", "never"])
        #expect(never.status == 0, "\(never.stderr)\n\(never.stdout)")
        let missing = try account.run(["audit", "--cluster", "no-such-cluster"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-cluster"), "\(missing.stderr)")
        let badConcurrency = try account.run(["audit", "--concurrency", "0"])
        #expect(badConcurrency.status == 2)
    }

    @Test func servicesThatCannotBeListedAreAFactNotCollected() throws {
        let account = try LiveAccount(services: 3, perCluster: 2, missingLogGroup: 0, deny: "ecs:ListServices")
        defer { account.stop() }
        let audit = try account.run(["audit", "--format", "json"])
        #expect(audit.status == 3, "\(audit.stderr)")
        #expect(audit.stderr.contains("ecs:ListServices"), "\(audit.stderr)")
        #expect(audit.stdout.isEmpty)
    }
}
