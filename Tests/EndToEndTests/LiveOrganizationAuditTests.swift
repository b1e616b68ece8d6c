import Foundation
import Testing

/// `ecs-medic audit --accounts ... | --organization --role-name ecs-medic-audit` against an organization served by
/// moto (`LiveOrganization`): each member's role assumed from the management account's keys, the SCPs on each
/// account's path deciding, the member whose role cannot be assumed listed as not audited (exit 3 when alone),
/// one merged report, and the recorded folder replaying to the same bytes. One server for the whole suite.
@Suite(.serialized) struct LiveOrganizationAuditTests {
    static let role = ["--role-name", "ecs-medic-audit"]

    struct Result {
        let account: String
        let region: String
        let service: String
        let rules: [String]
        let findings: [[String: Any]]
        let unverified: [String]
    }

    static func parse(_ json: String) throws -> (results: [Result], unaudited: [[String: Any]]) {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "not JSON: \(json)")
        let results = ((report["results"] as? [[String: Any]]) ?? []).map { result in
            let target = result["target"] as? [String: Any] ?? [:]
            let findings = (result["findings"] as? [[String: Any]]) ?? []
            return Result(account: target["account"] as? String ?? "", region: target["region"] as? String ?? "",
                          service: target["service"] as? String ?? "", rules: findings.compactMap { $0["rule"] as? String }.sorted(),
                          findings: findings,
                          unverified: ((result["unverified"] as? [[String: Any]]) ?? []).compactMap { $0["permission"] as? String })
        }
        return (results, (report["unauditedAccounts"] as? [[String: Any]]) ?? [])
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-org-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func anOrganizationAuditAssumesEachRoleLetsTheSCPsDecideAndReplaysToTheSameBytes() throws {
        let organization = try LiveOrganization()
        defer { organization.stop() }
        let orders = try #require(organization.accounts["orders"]), billing = try #require(organization.accounts["billing"])
        let sandbox = try #require(organization.accounts["sandbox"])
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorded = directory.appending(path: "recorded").path

        try organization.clearRecording()
        let live = try organization.run(["audit", "--organization"] + Self.role + ["--format", "json", "--record", recorded])
        // Findings (exit 1) outrank the account that could not be audited (3).
        #expect(live.status == 1, "\(live.stderr)")
        let (results, unaudited) = try Self.parse(live.stdout)
        #expect(results.map { "\($0.account)/\($0.region)/\($0.service)" }.sorted()
                == ["\(orders)/ap-northeast-2/orders", "\(billing)/ap-northeast-2/billing"].sorted(), "\(live.stdout)")
        let ordersResult = try #require(results.first { $0.account == orders })
        let billingResult = try #require(results.first { $0.account == billing })
        // The SCP on orders' OU denies logs:PutLogEvents; billing is under the root's FullAWSAccess only.
        #expect(ordersResult.rules.contains("exec-role-missing-permission"), "\(ordersResult.rules)")
        #expect(!billingResult.rules.contains("exec-role-missing-permission"), "\(billingResult.rules)")
        let scpFinding = try #require(ordersResult.findings.first { $0["rule"] as? String == "exec-role-missing-permission" })
        let scpText = "\(scpFinding["message"] ?? "") \(scpFinding["evidence"] ?? "")"
        #expect(scpText.contains("logs:PutLogEvents") && scpText.contains("deny-log-writes"), "\(scpText)")
        // billing's service logs to a group that does not exist; orders' exists.
        #expect(billingResult.rules.contains("log-group-missing"), "\(billingResult.rules)")
        #expect(!ordersResult.rules.contains("log-group-missing"), "\(ordersResult.rules)")
        // The organization was read: no standing "SCPs not collected" line.
        for result in results {
            #expect(!result.unverified.contains("organizations:ListPoliciesForTarget"), "\(result.account): \(result.unverified)")
        }
        // sandbox has no ecs-medic-audit role: listed with why, the others went on.
        #expect(unaudited.count == 1, "\(unaudited)")
        #expect(unaudited.first?["account"] as? String == sandbox)
        #expect((unaudited.first?["reason"] as? String)?.hasPrefix("AccessDenied") == true, "\(unaudited)")
        #expect(unaudited.first?["permission"] as? String == "sts:AssumeRole on arn:aws:iam::\(sandbox):role/ecs-medic-audit")
        #expect(live.stderr.contains("not audited: account \(sandbox) (all regions): AccessDenied"), "\(live.stderr)")

        // Reads only what `ecs-medic policy` allows, plus the role assumptions; the organization from the caller's keys.
        let requests = try organization.requests()
        let policy = try LiveDiagnoseTests.policyActions().union(["sts:GetCallerIdentity", "sts:AssumeRole"])
        #expect(Set(requests.map(\.action)).subtracting(policy).sorted() == [])
        #expect(requests.filter(\.readsASecret).isEmpty)
        #expect(requests.filter { $0.action == "organizations:ListAccounts" }.count == 1)
        #expect(requests.filter { $0.service == "organizations" }.allSatisfy { $0.accessKeyID == LiveScenario.accessKeyID })

        // One snapshot per account-region collected, and the account that was not.
        let files = try FileManager.default.contentsOfDirectory(atPath: recorded).sorted()
        #expect(files == ["\(organization.management)-ap-northeast-2.json", "\(orders)-ap-northeast-2.json",
                          "\(billing)-ap-northeast-2.json", "unaudited.json"].sorted())
        let replay = try BinaryRunner.run(["audit", "--snapshot", recorded, "--format", "json"])
        #expect(replay.status == live.status)
        #expect(replay.stdout == live.stdout, "the recording audits differently from the live run")

        // Every format carries the account and region of each result and names the account not audited.
        let liveSARIF = try organization.run(["audit", "--accounts", orders, billing, sandbox] + Self.role + ["--format", "sarif"])
        let replaySARIF = try BinaryRunner.run(["audit", "--snapshot", recorded, "--format", "sarif"])
        #expect(liveSARIF.status == 1)
        #expect(replaySARIF.stdout.contains("ecs/\(orders)/ap-northeast-2/prod/orders"), "\(replaySARIF.stdout)")
        #expect(replaySARIF.stdout.contains("not audited: account \(sandbox)"))
        #expect(replaySARIF.stdout.contains("\"executionSuccessful\" : false"))
        for format in ["text", "markdown", "junit", "html"] {
            let output = try BinaryRunner.run(["audit", "--snapshot", recorded, "--format", format])
            #expect(output.status == 1, "\(format): \(output.stderr)")
            #expect(output.stdout.contains(orders) && output.stdout.contains(billing), "\(format) does not name the accounts")
            #expect(output.stdout.contains("account \(sandbox) (all regions)"), "\(format) does not name \(sandbox)")
        }
    }

    @Test func anAccountWhoseRoleCannotBeAssumedAloneExitsThreeAndAllRegionsAreTheEnabledOnes() throws {
        let organization = try LiveOrganization()
        defer { organization.stop() }
        let orders = try #require(organization.accounts["orders"]), sandbox = try #require(organization.accounts["sandbox"])

        let denied = try organization.run(["audit", "--accounts", sandbox] + Self.role + ["--format", "json"])
        #expect(denied.status == 3, "\(denied.stderr)")
        #expect(denied.stderr.contains("not audited: account \(sandbox) (all regions): AccessDenied"), "\(denied.stderr)")
        #expect(try Self.parse(denied.stdout).results.isEmpty)

        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let all = try organization.run(["audit", "--accounts", orders] + Self.role
                                       + ["--region", "all", "--record", directory.path, "--format", "json"])
        #expect(all.status == 1, "\(all.stderr)")
        let regions = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path).map {
            String($0.dropFirst(13).dropLast(5))
        })
        // moto's enabled regions of the aws partition (opt-in-not-required), never a not-opted-in or other partition's.
        #expect(regions.isSuperset(of: ["ap-northeast-2", "us-east-1", "eu-west-1"]), "\(regions.sorted())")
        #expect(!regions.contains("ap-east-1") && !regions.contains("cn-north-1") && !regions.contains("us-gov-west-1"),
                "\(regions.sorted())")
        #expect(try Self.parse(all.stdout).results.map(\.service) == ["orders"])

        let bad = try organization.run(["audit", "--accounts", "12345"] + Self.role)
        #expect(bad.status == 2)
        let noRole = try organization.run(["audit", "--accounts", orders])
        #expect(noRole.status == 2)
        #expect(noRole.stderr.contains("--role-name"), "\(noRole.stderr)")
    }
}
