import Foundation
import Testing

/// `ecs-medic diagnose` and `ecs-medic rules` as a user runs them.
@Suite struct DiagnoseTests {
    static let seed = "fixtures/seed-no-secretsmanager-endpoint"

    @Test func theSeedFailureIsDiagnosedInText() throws {
        let result = try BinaryRunner.run(["diagnose", "--snapshot", Self.seed])
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("ERROR secretsmanager-unreachable: Secrets Manager is unreachable") })
        #expect(result.stdout.contains("has no route to 0.0.0.0/0"))
        #expect(result.stdout.contains("aws ec2 create-vpc-endpoint --region ap-northeast-2"))
        #expect(result.stdout.contains("--service-name com.amazonaws.ap-northeast-2.secretsmanager"))
        #expect(result.stdout.contains("--private-dns-enabled"))
        #expect(result.stdout.contains("--force-new-deployment"))
        #expect(!result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func jsonIsTheContractShapeAndStable() throws {
        let first = try BinaryRunner.run(["diagnose", "--snapshot", Self.seed, "--format", "json"])
        let second = try BinaryRunner.run(["diagnose", "--snapshot", Self.seed, "--format", "json"])
        #expect(first.stdout == second.stdout)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(report["schemaVersion"] as? Int == 1)
        let results = try #require(report["results"] as? [[String: Any]])
        let target = try #require(results.first?["target"] as? [String: Any])
        #expect(target["cluster"] as? String == "demo-ecs-cluster")
        #expect(target["region"] as? String == "ap-northeast-2")
        let findings = try #require(results.first?["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding["rule"] as? String == "secretsmanager-unreachable")
        #expect(finding["severity"] as? String == "error")
        #expect((finding["resources"] as? [String])?.first?.hasPrefix("rtb-") == true)
        #expect((finding["fingerprint"] as? String)?.count == 64)
        let fix = try #require((finding["fixes"] as? [[String: Any]])?.first)
        #expect(Set(fix.keys) == ["id", "summary", "awsCli", "iamPolicy", "terraform", "cloudformation", "verified"])
        #expect(fix["verified"] as? Bool == true)
        #expect((fix["terraform"] as? String)?.contains("resource \"aws_vpc_endpoint\"") == true)
        #expect((fix["cloudformation"] as? String)?.contains("Type: AWS::EC2::VPCEndpoint") == true)
        let keysInOrder = first.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(keysInOrder == keysInOrder.sorted(), "top-level keys are sorted")
    }

    @Test func aHealthyDeploymentExitsZero() throws {
        let result = try BinaryRunner.run(["diagnose", "--snapshot", "fixtures/seed-healthy"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("No problems found"))
    }

    @Test func failOnNeverExitsZeroWithFindings() throws {
        #expect(try BinaryRunner.run(["diagnose", "--snapshot", Self.seed, "--fail-on", "never"]).status == 0)
    }

    @Test func pathPrintsEveryHop() throws {
        let result = try BinaryRunner.run(["diagnose", "--snapshot", "fixtures/seed-nat", "--path"])
        #expect(result.stdout.contains("Secrets Manager from subnet-"))
        #expect(result.stdout.contains("0.0.0.0/0 → nat-"))
        // One line from the task's ENI: its security group, the subnet's ACL both ways, the route, the NAT gateway.
        #expect(result.stdout.contains("eni-0b4440cb11c375c37 (10.0.1.75, subnet-0005039e61f3e3106) → sg-062550a747a39e5f3 egress all traffic ✓ → acl-01f27493b2b2583d2 outbound rule 100 ✓ → acl-01f27493b2b2583d2 inbound rule 100 ✓ → rtb-0585e0cf470b69873 0.0.0.0/0 → nat-0f0417380bed7960f ✓"))
        #expect(result.stdout.contains("igw-05143ce6e73a31828 ✓"))
    }

    @Test func pathNamesTheBlockingRule() throws {
        let result = try BinaryRunner.run(["diagnose", "--snapshot", "fixtures/net-nacl-deny-443", "--path"])
        #expect(result.stdout.contains("→ acl-08cf07953e09ad7fa outbound rule 90 ✗"))
        #expect(result.stdout.contains("blocked at acl-08cf07953e09ad7fa: acl-08cf07953e09ad7fa outbound rule 90 denies tcp 443 to the internet (0.0.0.0/0)"))
    }

    @Test(arguments: [
        (["diagnose", "--snapshot", "/no/such/place"], "/no/such/place: no such snapshot file or folder"),
        (["diagnose", "--snapshot", "fixtures/seed-healthy", "--task", "0000"], "task 0000 is not in the facts"),
        (["diagnose", "--snapshot", "fixtures/seed-healthy", "--service", "nope"], "service nope is not in the facts (services: demo-ecs-service)"),
        (["diagnose", "--snapshot", "fixtures/seed-healthy", "--rule", "no-such-rule"], "unknown rule id \"no-such-rule\""),
        (["diagnose", "--snapshot", "fixtures/seed-healthy", "--format", "yaml"], "yaml"),
        (["diagnose", "--region", "", "--profile", "no-such-profile-here"], "no-such-profile-here"),
        (["rules", "show", "no-such-rule"], "unknown rule id \"no-such-rule\""),
    ])
    func badInputIsOneLineAndExitTwo(arguments: [String], expected: String) throws {
        let result = try BinaryRunner.run(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func aMisspeltFieldInAUserRuleNamesFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "user-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id: mine\ntitle: t\nseverty: error\n".write(to: folder.appending(path: "mine.yaml"), atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run(["diagnose", "--snapshot", Self.seed, "--rules", folder.path])
        #expect(result.status == 2)
        #expect(result.stderr == "ecs-medic: \(folder.path)/mine.yaml:3: unknown field \"severty\" (fields: category, examples, explains, fixes, id, message, overrides, rationale, severity, title, when)\n")
    }

    @Test func rulesListShowAndTest() throws {
        let list = try BinaryRunner.run(["rules", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("secretsmanager-unreachable ") && $0.contains(" error ") })
        let show = try BinaryRunner.run(["rules", "show", "endpoint-private-dns-off"])
        #expect(show.stdout.contains("enableDnsSupport"))
        #expect(show.stdout.contains("near miss: seed-healthy"))
        let test = try BinaryRunner.run(["rules", "test"])
        #expect(test.status == 0, "\(test.stdout)")
        #expect(test.stdout.hasSuffix(" passed, 0 failed\n"))
    }
}
