import Foundation
import Testing

/// Hostile input through the command line (issue 13): a limit that applies is one line on stderr naming the file
/// and the limit, and exit 2.
@Suite struct HugeInputCommandTests {
    private static let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)

    @Test func aDeeplyNestedSimulateRequestExitsTwoNamingTheLimit() throws {
        let folder = try GateTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try GateTests.write(#"{"principal": "arn:aws:iam::111122223333:role/app", "action": "s3:GetObject", "resource": "*", "context": {"aws:SourceVpce": "# + Self.deep + "}}",
                                       "request.json", in: folder)
        let run = try BinaryRunner.run(["iam", "simulate", path])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("ecs-medic: \(path): nested deeper than 512 levels (at byte "), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func aDeeplyNestedConfigurationExitsTwoNamingTheLimit() throws {
        let folder = try GateTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try GateTests.write("suppressions: " + Self.deep + "\n", "c.yaml", in: folder)
        let run = try BinaryRunner.run(["audit", "--snapshot", GateTests.account, "--config", config])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("ecs-medic: \(config): malformed YAML: 1:"), "\(run.stderr)")
        #expect(run.stderr.hasSuffix(": nested deeper than 1000 levels\n"), "\(run.stderr)")
    }

    @Test func aDeeplyNestedTaskDefinitionFileExitsTwo() throws {
        let folder = try GateTests.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try GateTests.write(#"{"family": "app", "containerDefinitions": "# + Self.deep + "}", "td.json", in: folder)
        let run = try BinaryRunner.run(["check", file, "--snapshot", GateTests.account])
        #expect(run.status == 2)
        #expect(run.stderr == "ecs-medic: \(file): malformed JSON\n")
    }
}
