import Foundation
import Testing

/// Exit codes of design.md §3 for each `--fail-on`, baselines and suppressions, as a CI job sees them.
@Suite struct GateTests {
    static let account = GoldenTests.account

    /// A temporary folder for configuration and report files.
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(path: "gates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let file = folder.appending(path: name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test(arguments: [("error", Int32(1)), ("warning", 1), ("note", 1), ("never", 0)])
    func errorFindingsFailEveryThresholdButNever(failOn: String, status: Int32) throws {
        #expect(try BinaryRunner.run(["audit", "--snapshot", Self.account, "--fail-on", failOn]).status == status)
    }

    /// With the config lowering image-not-found to a note and log-group-missing to a warning.
    @Test(arguments: [("error", Int32(0)), ("warning", 1), ("note", 1), ("never", 0)])
    func lowerSeveritiesGateOnlyAtTheirLevel(failOn: String, status: Int32) throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.write("severity:\n  image-not-found: note\n  log-group-missing: warning\n", "c.yaml", in: folder)
        let run = try BinaryRunner.run(["audit", "--snapshot", Self.account, "--config", config, "--fail-on", failOn])
        #expect(run.status == status, "\(run.stderr)")
        #expect(run.stdout.contains("NOTE image-not-found") && run.stdout.contains("WARNING log-group-missing"))
    }

    @Test func theConfigurationSuppliesFlagDefaults() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.write("defaults:\n  format: markdown\n  fail-on: never\n  skip-rule: [image-not-found]\n", "c.yaml", in: folder)
        let run = try BinaryRunner.run(["audit", "--snapshot", Self.account, "--config", config])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("# ecs-medic report"))
        #expect(!run.stdout.contains("image-not-found") && run.stdout.contains("log-group-missing"))
        let flagsWin = try BinaryRunner.run(["audit", "--snapshot", Self.account, "--config", config, "--format", "json", "--fail-on", "error"])
        #expect(flagsWin.status == 1)
        #expect(flagsWin.stdout.hasPrefix("{"))
    }

    @Test func aBaselineFailsOnlyOnNewFindings() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let full = folder.appending(path: "full.json").path
        let partial = folder.appending(path: "partial.json").path
        #expect(try BinaryRunner.run(["audit", "--snapshot", Self.account, "--format", "json", "--output", full]).status == 1)
        #expect(try BinaryRunner.run(["audit", "--snapshot", Self.account, "--format", "json", "--output", partial,
                                      "--skip-rule", "image-not-found"]).status == 1)
        #expect(try BinaryRunner.run(["audit", "--snapshot", Self.account, "--baseline", full]).status == 0,
                "nothing new against a report of the same account")
        let newOne = try BinaryRunner.run(["audit", "--snapshot", Self.account, "--baseline", partial, "--format", "markdown"])
        #expect(newOne.status == 1, "image-not-found is new")
        #expect(newOne.stdout.contains("`image-not-found` **new**"))
        #expect(newOne.stdout.contains("`log-group-missing` (in baseline)"))
    }

    @Test func aBaselineThatIsNotAReportIsBadInput() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bogus = try Self.write("{\"results\": [{\"target\": {}}]}", "bogus.json", in: folder)
        let run = try BinaryRunner.run(["audit", "--snapshot", Self.account, "--baseline", bogus])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--baseline \(bogus): not an ecs-medic JSON report: results[0].findings: missing"))
    }

    @Test func suppressionsHideFindingsUntilTheyExpire() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.write("""
        suppressions:
          - rule: image-not-found
            resource: 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/team-0000:9.9.9
            reason: the release job pushes 9.9.9 before deploying
            expires: 2999-12-31
          - rule: log-group-missing
            resource: /ecs/app-00002
            reason: created by the platform team's Terraform
            expires: 2020-01-31
        """, "c.yaml", in: folder)
        let run = try BinaryRunner.run(["audit", "--snapshot", Self.account, "--config", config, "--format", "json"])
        #expect(run.status == 1, "the expired suppression no longer hides log-group-missing")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]])
        let rules = results.flatMap { ($0["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String } }
        #expect(rules == ["log-group-missing"])
        let suppressed = try #require(results[1]["suppressed"] as? [[String: Any]])
        #expect(suppressed.first?["rule"] as? String == "image-not-found")
        #expect(suppressed.first?["reason"] as? String == "the release job pushes 9.9.9 before deploying")
        let notices = try #require(report["notices"] as? [String])
        #expect(notices == ["suppression of log-group-missing on /ecs/app-00002 (\(config):6) expired on 2020-01-31: it no longer suppresses anything"])
        #expect(run.stderr.contains("expired on 2020-01-31"))

        let text = try BinaryRunner.run(["audit", "--snapshot", Self.account, "--config", config])
        #expect(text.stdout.contains("notice: suppression of log-group-missing"))
    }

    @Test func aConfigInTheWorkingDirectoryIsRead() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.write("defaults:\n  fail-on: never\n", ".ecs-medic.yaml", in: folder)
        let snapshot = BinaryRunner.packageRoot.appending(path: Self.account).path
        #expect(try BinaryRunner.run(["audit", "--snapshot", snapshot], directory: folder).status == 0)
    }

    @Test(arguments: [
        ("defaults:\n  formt: json\n", "c.yaml:2: unknown field \"formt\" in defaults"),
        ("suppressions:\n  - rule: x\n    resource: y\n", "c.yaml:2: a suppression needs \"rule\", \"resource\" and \"reason\""),
        ("suppressions:\n  - {rule: x, resource: y, reason: z, expires: next week}\n", "expires \"next week\" must be a date, YYYY-MM-DD"),
        ("severity:\n  image-not-found: fatal\n", "c.yaml:2: severity \"fatal\" must be error, warning or note"),
        ("colour: always\n", "c.yaml:1: unknown field \"colour\""),
        ("defaults: [\n", "c.yaml: malformed YAML"),
    ])
    func aBadConfigurationIsOneLineWithFileAndLine(text: String, expected: String) throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.write(text, "c.yaml", in: folder)
        let run = try BinaryRunner.run(["audit", "--snapshot", Self.account, "--config", config])
        #expect(run.status == 2)
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func auditFiltersByClusterAndRejectsAnUnknownOne() throws {
        let run = try BinaryRunner.run(["audit", "--snapshot", Self.account, "--cluster", "cluster-000", "--format", "json"])
        #expect(run.status == 1)
        let unknown = try BinaryRunner.run(["audit", "--snapshot", Self.account, "--cluster", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no service of cluster nope in the facts (clusters: cluster-000)"))
    }

    @Test func aSyntheticAccountHasTheFaultsItWasBuiltWith() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let snapshot = folder.appending(path: "account.json").path
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", BinaryRunner.packageRoot.appending(path: "scripts/make-synthetic-account.py").path, "120", snapshot]
        generator.standardOutput = Pipe()
        try generator.run()
        generator.waitUntilExit()
        let run = try BinaryRunner.run(["audit", "--snapshot", snapshot, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.count == 120)
        var found: [String] = []
        for result in results {
            let service = (result["target"] as? [String: Any])?["service"] as? String ?? "?"
            for finding in result["findings"] as? [[String: Any]] ?? [] { found.append("\(service) \(finding["rule"] as? String ?? "")") }
        }
        // One service in 50 names a missing tag (services 16, 66, 116), one in 50 a missing log group (33, 83).
        #expect(found.sorted() == ["svc-00016 image-not-found", "svc-00033 log-group-missing", "svc-00066 image-not-found",
                                   "svc-00083 log-group-missing", "svc-00116 image-not-found"])
        #expect(run.status == 1)
    }
}
