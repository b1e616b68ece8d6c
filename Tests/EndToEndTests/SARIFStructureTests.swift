import Foundation
import Testing

/// What GitHub code scanning requires of an uploaded SARIF 2.1.0 log (docs.github.com, "SARIF support for code
/// scanning"): the schema and version, a driver with a name and rules, and results with a rule id, a message,
/// at least one location with an artifact URI, and fingerprints.
@Suite struct SARIFStructureTests {
    static let runs: [[String]] = [
        ["audit", "--snapshot", GoldenTests.account, "--format", "sarif"],
        ["check", "fixtures/td-check-files/check/no-execution-role.json", "--snapshot", "fixtures/td-check-files", "--format", "sarif"],
        ["check", "fixtures/td-check-files/check/valid.json", "--snapshot", "fixtures/seed-no-secretsmanager-endpoint", "--format", "sarif"],
        ["audit", "--snapshot", "fixtures/seed-task-sg-egress-no-443", "--format", "sarif"],
    ]

    @Test(arguments: runs)
    func everyFieldCodeScanningRequiresIsThere(arguments: [String]) throws {
        let output = try BinaryRunner.run(arguments)
        #expect(output.status == 1, "every run here has an error finding")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-2.1.0.json") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "ecs-medic")
        #expect(driver["version"] as? String == "0.1.0")
        #expect((driver["informationUri"] as? String)?.hasPrefix("https://") == true)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.count >= 11)
        for rule in rules {
            #expect((rule["id"] as? String)?.isEmpty == false)
            for key in ["shortDescription", "fullDescription", "help"] {
                #expect(((rule[key] as? [String: Any])?["text"] as? String)?.isEmpty == false, "rule \(rule["id"] ?? "?") lacks \(key)")
            }
            let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(["error", "warning", "note"].contains(level ?? ""))
        }
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        for result in results {
            let ruleId = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules.indices.contains(index) && rules[index]["id"] as? String == ruleId, "ruleIndex points at its rule")
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let locations = try #require(result["locations"] as? [[String: Any]])
            #expect(!locations.isEmpty)
            for location in locations {
                let physical = try #require(location["physicalLocation"] as? [String: Any])
                let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
                #expect(!uri.isEmpty && !uri.hasPrefix("/") && !uri.contains(" "), "a relative URI reference: \(uri)")
                if let region = physical["region"] as? [String: Any] {
                    #expect((region["startLine"] as? Int ?? 0) >= 1)
                }
            }
            let fingerprint = try #require((result["partialFingerprints"] as? [String: String])?["ecsMedicFingerprint/v1"])
            #expect(fingerprint.count == 64)
        }
    }

    @Test func aCheckedFileResultPointsAtTheLineOfTheCause() throws {
        let file = "fixtures/td-check-files/check/log-group-missing.json"
        let output = try BinaryRunner.run(["check", file, "--snapshot", "fixtures/td-check-files", "--format", "sarif"])
        let text = try String(contentsOf: BinaryRunner.packageRoot.appending(path: file), encoding: .utf8)
        let expectedLine = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("\"awslogs-group\": \"/ecs/demo-app-v2\"") }) + 1
        let log = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let result = try #require(((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        let physical = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == file)
        #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == expectedLine)
    }

    @Test func aBaselineMarksResultsNewOrUnchanged() throws {
        let baseline = FileManager.default.temporaryDirectory.appending(path: "gates-baseline-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: baseline) }
        _ = try BinaryRunner.run(["audit", "--snapshot", GoldenTests.account, "--format", "json", "--skip-rule", "image-not-found",
                                  "--output", baseline.path])
        let output = try BinaryRunner.run(["audit", "--snapshot", GoldenTests.account, "--format", "sarif", "--baseline", baseline.path])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let states = Dictionary(uniqueKeysWithValues: results.map { ($0["ruleId"] as? String ?? "", $0["baselineState"] as? String ?? "") })
        #expect(states == ["image-not-found": "new", "log-group-missing": "unchanged"])
    }
}
