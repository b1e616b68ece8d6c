import Foundation
import Testing

/// `--rules DIR` with rules written in YAML alone (design.md §8.1) that exist only in the test's temporary folder.
@Suite struct UserRuleTests {
    static let fixture = "fixtures/td-check-files"

    /// A user rule folder holding `files`, removed after `body`.
    static func withFolder<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appending(path: "user-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try text.write(to: folder.appending(path: name), atomically: true, encoding: .utf8) }
        return try body(folder.path)
    }

    static func rule(tagPattern: String) -> String {
        """
        id: image-tag-pinned
        title: A container image is pulled by another tag than the release's
        severity: error
        category: task-definition
        rationale: Releases are tagged 1.4.x.
        when:
          fact: taskDefinition.containerDefinitions[].image
          not: { matches: '\(tagPattern)' }
        message: "{resource}: container {container} pulls {value}"
        """
    }

    @Test func aUserRuleFiresThroughTheBinary() throws {
        let result = try Self.withFolder(["pinned.yaml": Self.rule(tagPattern: ":1\\.3\\.[0-9]+$")]) { folder in
            try BinaryRunner.run(["diagnose", "--snapshot", Self.fixture, "--rules", folder, "--rule", "image-tag-pinned",
                                  "--format", "json"])
        }
        #expect(result.status == 1, "\(result.stderr)")
        let findings = try Self.findings(result.stdout)
        #expect(findings.map { $0["rule"] as? String } == ["image-tag-pinned"])
        #expect(findings.first?["message"] as? String
                == "arn:aws:ecs:ap-northeast-2:111122223333:task-definition/demo-app:1: container app pulls 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/demo-app:1.4.2")
    }

    @Test func theNearMissDoesNotFire() throws {
        let result = try Self.withFolder(["pinned.yaml": Self.rule(tagPattern: ":1\\.4\\.[0-9]+$")]) { folder in
            try BinaryRunner.run(["diagnose", "--snapshot", Self.fixture, "--rules", folder, "--rule", "image-tag-pinned",
                                  "--format", "json"])
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.findings(result.stdout).isEmpty)
    }

    /// An audit keeps as documents only the answers its rules' fact conditions read: a user rule still sees its own.
    @Test func aUserRuleFiresInAnAudit() throws {
        let result = try Self.withFolder(["pinned.yaml": Self.rule(tagPattern: ":1\\.3\\.[0-9]+$")]) { folder in
            try BinaryRunner.run(["audit", "--snapshot", Self.fixture, "--rules", folder, "--rule", "image-tag-pinned",
                                  "--format", "json"])
        }
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try Self.findings(result.stdout).map { $0["rule"] as? String } == ["image-tag-pinned"])
    }

    /// The findings of the one result of a JSON report.
    static func findings(_ json: String) throws -> [[String: Any]] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.count == 1)
        return try #require(results.first?["findings"] as? [[String: Any]])
    }

    @Test func aMalformedUserRuleIsOneLineAndExitCode2() throws {
        let broken = Self.rule(tagPattern: "x").replacingOccurrences(of: "containerDefinitions[].image", with: "containerDefinitions[].imag")
        try Self.withFolder(["pinned.yaml": broken]) { folder in
            let result = try BinaryRunner.run(["diagnose", "--snapshot", Self.fixture, "--rules", folder])
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("ecs-medic: \(folder)/pinned.yaml:7: when.fact: unknown key \"imag\" under taskDefinition.containerDefinitions[] (keys: command, cpu, "),
                    "\(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1)
        }
    }

    @Test func rulesTestListsAUserRuleWithoutExamplesAsUntested() throws {
        try Self.withFolder(["pinned.yaml": Self.rule(tagPattern: "x")]) { folder in
            let result = try BinaryRunner.run(["rules", "test", "--rules", folder])
            #expect(result.status == 0, "\(result.stdout)")
            #expect(result.stdout.contains("UNTESTED image-tag-pinned (\(folder)/pinned.yaml): no examples\n"))
            #expect(result.stdout.hasSuffix(" passed, 0 failed, 1 untested\n"))
        }
    }
}
