import Foundation
import Testing

/// `ecs-medic` run live (no `--snapshot`) against each fixture scenario built in moto by
/// `scripts/live-scenario.py`, with moto's departures from AWS corrected there.
@Suite struct LiveDiagnoseTests {
    /// Every seed, permission, reference and network scenario `scripts/make-fixtures.py` builds (each has a fixture
    /// folder with `expected.yaml`), and the image platform and container health check ones.
    static let scenarios: [String] = {
        let folder = BinaryRunner.packageRoot.appending(path: "fixtures")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            ["seed-", "perm-", "ref-", "net-"].contains { name.hasPrefix($0) }
                && FileManager.default.fileExists(atPath: folder.appending(path: "\(name)/expected.yaml").path)
        }.sorted() + platformScenarios + healthCheckScenarios
    }()

    /// The image platform's firing examples (a single manifest's configuration served by the launcher's stand-in
    /// for S3, and an index), and a Windows Server 2022 image on Linux with its near miss on Windows (the served
    /// configuration's `os.version` picks the `runtimePlatform` fix); every other scenario reads the amd64
    /// configuration of the seed image live.
    static let platformScenarios = ["td-image-arm64-only", "td-image-index-arm64-only", "td-image-windows-on-linux",
                                    "td-image-windows-on-windows"]

    /// Container health checks (issue 19): one that cannot run (a finding) and one that ran and failed (a note), both
    /// without a load balancer; the launcher gives the task ECS's UNHEALTHY status and stop.
    static let healthCheckScenarios = ["hc-container-check-shell-in-exec-form", "hc-container-check-shell-form"]

    /// Load balancer health checks (issue 19): a port, path or status code the checks do not get, and a grace
    /// period shorter than the start, each with its near miss. The launcher gives the replacement target the
    /// scenario's reason and keeps the log lines as far after the live start as in the fixture. They share the
    /// load balancer's collection with net-lb-health-check-*, whose `snapshot commands` folder the main test
    /// checks, so they are diagnosed live only (`liveTargetGroupFindingsAreTheFixturesExpectedFindings`).
    static let targetGroupScenarios = ["hc-grace-period-enough", "hc-grace-period-short", "hc-matcher-accepts",
                                       "hc-matcher-mismatch", "hc-path-not-found", "hc-path-unhealthy",
                                       "hc-port-not-served", "hc-port-served"]

    @Test(arguments: scenarios)
    func liveFindingsAreTheFixturesExpectedFindings(_ name: String) throws {
        let scenario = try LiveScenario(name)
        defer { scenario.stop() }
        let result = try Self.diagnoseLikeTheFixture(scenario)
        let policy = try Self.policyActions().union(["sts:GetCallerIdentity"])

        // The folder the printed `snapshot commands` script writes with the AWS CLI gives the live run's answer.
        let (folder, scriptErrors) = try scenario.runSnapshotCommands()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(scriptErrors.isEmpty, "\(name): the script printed \(scriptErrors)")
        let fromFolder = try BinaryRunner.run(["diagnose", "--snapshot", folder.path, "--service", scenario.service,
                                               "--cluster", scenario.cluster, "--format", "json"])
        #expect(fromFolder.stderr.isEmpty, "\(name): \(fromFolder.stderr)")
        #expect(fromFolder.status == result.status, "\(name): exit \(fromFolder.status) from the folder")
        #expect(try Self.verdict(fromFolder.stdout) == Self.verdict(result.stdout), "\(name): the folder's findings")
        let afterScript = try scenario.requests()
        #expect(afterScript.filter(\.readsASecret).map(\.action) == [], "\(name): the script read a secret")
        #expect(Set(afterScript.map(\.action)).subtracting(policy).sorted() == [],
                "\(name): the script called operations that `ecs-medic policy` does not grant")
    }

    @Test(arguments: targetGroupScenarios)
    func liveTargetGroupFindingsAreTheFixturesExpectedFindings(_ name: String) throws {
        let scenario = try LiveScenario(name)
        defer { scenario.stop() }
        _ = try Self.diagnoseLikeTheFixture(scenario)
    }

    /// Diagnoses `scenario` live and checks it against its fixture folder: the (rule, first resource) pairs of
    /// `expected.yaml`, its stopped-reason category, the exit status and unverified permissions of
    /// `diagnose --snapshot fixtures/NAME`; no request read a secret or lies outside `ecs-medic policy`, and each
    /// is signed with the test key. Returns the live JSON run.
    static func diagnoseLikeTheFixture(_ scenario: LiveScenario) throws -> BinaryRunner.Output {
        let name = scenario.name
        let expected = try ExpectedFindings(fixture: name)
        let result = try scenario.diagnose(["--format", "json"])
        #expect(result.stderr.isEmpty, "\(name): \(result.stderr)")
        let fixtureRun = try BinaryRunner.run(["diagnose", "--snapshot", "fixtures/\(name)", "--format", "json"])
        #expect(result.status == fixtureRun.status, "\(name): exit \(result.status)")
        let report = try LiveReport(json: scenario.fixtureIds(result.stdout))
        #expect(report.findings == expected.findings, "\(name)")
        let recorded = try LiveReport(json: fixtureRun.stdout)
        #expect(report.unverified == recorded.unverified, "\(name): unverified like the recorded fixture's")
        if let category = expected.stoppedReasonCategory {
            #expect(report.stoppedReasonCategory == category, "\(name)")
        }
        let requests = try scenario.requests()
        #expect(!requests.isEmpty, "\(name): the recorder saw no request")
        #expect(requests.filter(\.readsASecret).map(\.action) == [], "\(name): ecs-medic read a secret")
        #expect(requests.allSatisfy { $0.accessKeyID == LiveScenario.accessKeyID })
        // sts:GetCallerIdentity needs no permission (STS API reference, GetCallerIdentity).
        let policy = try policyActions().union(["sts:GetCallerIdentity"])
        #expect(Set(requests.map(\.action)).subtracting(policy).sorted() == [],
                "\(name): operations called that `ecs-medic policy` does not grant")
        return result
    }

    /// A report's first result without its target: findings, unverified facts and the stopped reason, as
    /// sorted-key JSON.
    static func verdict(_ json: String) throws -> String {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json)")
        var result = try #require((report["results"] as? [[String: Any]])?.first)
        result["target"] = nil
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aRecordingDiagnosesByteForByteLikeTheLiveRunAndHoldsNoSecret() throws {
        let canary = "canary-Pa55word-\(UUID().uuidString)"
        let scenario = try LiveScenario("seed-no-secretsmanager-endpoint", canary: canary)
        defer { scenario.stop() }
        let directory = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "snapshot.json").path

        let live = try scenario.diagnose(["--format", "json", "--debug"])
        #expect(live.status == 1)
        let rounds = live.stderr.split(separator: "\n").filter { $0.hasPrefix("collected ") }
        #expect(rounds.count == 1, "the --debug rounds line: \(live.stderr)")
        #expect(rounds.first?.contains(" dependent rounds (") == true)
        for secret in [LiveScenario.secretAccessKey, LiveScenario.accessKeyID, canary] {
            #expect(!live.stderr.contains(secret) && !live.stdout.contains(secret))
        }

        let record = try scenario.run(["snapshot", "record", "--service", scenario.service,
                                       "--cluster", scenario.cluster, "--output", file])
        #expect(record.status == 0, "\(record.stderr)")
        let recorded = try String(contentsOfFile: file, encoding: .utf8)
        #expect(recorded.contains("DB_PASSWORD_PLAIN"))
        for secret in [LiveScenario.secretAccessKey, LiveScenario.accessKeyID, canary] {
            #expect(!recorded.contains(secret), "the recording holds \(secret)")
        }

        let replay = try BinaryRunner.run(["diagnose", "--snapshot", file, "--format", "json"])
        #expect(replay.status == live.status)
        #expect(replay.stdout == live.stdout)
        #expect(try scenario.requests().filter(\.readsASecret).isEmpty)
    }

    /// Read permissions whose absence leaves a fact unverified; the seed-healthy deployment has no finding, so
    /// any finding in a degraded run would be a false one.
    @Test(arguments: ["ec2:DescribeVpcEndpoints", "iam:GetRolePolicy", "secretsmanager:DescribeSecret",
                      "ecs:DescribeTaskDefinition"])
    func aMissingReadPermissionIsUnverifiedNeverAFinding(_ action: String) throws {
        let scenario = try LiveScenario("seed-healthy", deny: action)
        defer { scenario.stop() }
        #expect(try Self.policyActions().contains(action))
        let result = try scenario.diagnose(["--format", "json"])
        #expect([0, 3].contains(result.status), "\(action): exit \(result.status) \(result.stderr)")
        let report = try LiveReport(json: result.stdout)
        #expect(report.findings == [], "\(action)")
        #expect(report.unverified.contains(action), "\(action): \(report.unverified)")
        #expect(try scenario.requests().filter(\.readsASecret).isEmpty)
    }

    @Test func aServiceWhoseTasksAgedOutIsDiagnosedFromItsConfiguration() throws {
        let scenario = try LiveScenario("seed-no-secretsmanager-endpoint", agedOut: true)
        defer { scenario.stop() }
        let text = try scenario.diagnose()
        #expect(text.status == 1)
        #expect(text.stdout.contains("no stopped task left (ECS keeps them about an hour)"))
        #expect(text.stdout.contains("deployment: ECS deployment "))
        let json = try scenario.diagnose(["--format", "json"])
        let report = try LiveReport(json: scenario.fixtureIds(json.stdout))
        #expect(report.findings == [ExpectedFinding(rule: "secretsmanager-unreachable", resource: "rtb-0585e0cf470b69873")])
        #expect(try scenario.requests().filter(\.readsASecret).isEmpty)
    }

    /// The actions `ecs-medic policy` grants.
    static func policyActions() throws -> Set<String> {
        let output = try BinaryRunner.run(["policy"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let statements = try #require(document["Statement"] as? [[String: Any]])
        return Set(statements.flatMap { statement -> [String] in
            if let actions = statement["Action"] as? [String] { return actions }
            return (statement["Action"] as? String).map { [$0] } ?? []
        })
    }
}

/// A finding as a fixture's `expected.yaml` names it: the rule and the blocking (first) resource.
struct ExpectedFinding: Hashable, Comparable, CustomStringConvertible {
    let rule: String
    let resource: String

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.rule, lhs.resource) < (rhs.rule, rhs.resource) }
    var description: String { "\(rule) \(resource)" }
}

/// A fixture's `expected.yaml`: its findings and stopped-reason category.
struct ExpectedFindings {
    let findings: [ExpectedFinding]
    let stoppedReasonCategory: String?

    init(fixture: String) throws {
        let text = try String(contentsOf: BinaryRunner.packageRoot.appending(path: "fixtures/\(fixture)/expected.yaml"),
                              encoding: .utf8)
        var findings: [ExpectedFinding] = []
        var rule: String?
        var category: String?
        for raw in text.split(separator: "\n") {
            let line = raw.split(separator: "#", maxSplits: 1).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if line.hasPrefix("stoppedReasonCategory:") {
                category = String(line.dropFirst("stoppedReasonCategory:".count)).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("- rule:") {
                rule = String(line.dropFirst("- rule:".count)).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("resource:"), let current = rule {
                let resource = String(line.dropFirst("resource:".count)).trimmingCharacters(in: .whitespaces)
                findings.append(ExpectedFinding(rule: current, resource: resource.trimmingCharacters(in: ["\""])))
                rule = nil
            }
        }
        self.findings = findings.sorted()
        stoppedReasonCategory = category
    }
}

/// The parts of a `diagnose --format json` report the live tests compare.
struct LiveReport {
    let findings: [ExpectedFinding]
    let unverified: [String]
    let stoppedReasonCategory: String?

    init(json: String) throws {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
                                  "not a JSON report: \(json)")
        let result = try #require((report["results"] as? [[String: Any]])?.first)
        findings = ((result["findings"] as? [[String: Any]]) ?? []).map {
            ExpectedFinding(rule: $0["rule"] as? String ?? "", resource: ($0["resources"] as? [String])?.first ?? "")
        }.sorted()
        unverified = ((result["unverified"] as? [[String: Any]]) ?? []).compactMap { $0["permission"] as? String }
        stoppedReasonCategory = (result["stoppedReason"] as? [String: Any])?["category"] as? String
    }
}
