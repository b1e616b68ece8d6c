import Foundation
import Testing

/// The JUnit output as CI servers read it: parsed by `junitparser` (PyPI), the library GitLab-style tooling uses.
@Suite struct JUnitTests {
    static let script = """
    import sys
    from junitparser import JUnitXml, Failure, Skipped
    xml = JUnitXml.fromfile(sys.argv[1])
    for suite in xml:
        for case in suite:
            state = "failure" if any(isinstance(r, Failure) for r in case.result) else \
                    "skipped" if any(isinstance(r, Skipped) for r in case.result) else "passed"
            print(f"{suite.name}|{case.classname}|{case.name}|{state}")
    """

    /// Runs junitparser on a file; one line per test case: `suite|classname|name|state`.
    static func parse(_ path: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = (try out.fileHandleForReading.readToEnd() ?? Data())
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "junitparser (pip install -r requirements-test.txt) could not read \(path)")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func oneCasePerServiceAndRuleWithFailuresWhereFindingsAre() throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "gates-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try BinaryRunner.run(["audit", "--snapshot", GoldenTests.account, "--format", "junit", "--output", file.path])
        #expect(run.status == 1)
        let cases = try Self.parse(file.path)
        let rules = try BinaryRunner.run(["rules", "list"]).stdout.split(separator: "\n").count
        #expect(cases.count == 3 * rules)
        #expect(cases.filter { $0.hasSuffix("|failure") } == [
            "cluster-000/svc-00001|ecs-medic.cluster-000.svc-00001|image-not-found|failure",
            "cluster-000/svc-00002|ecs-medic.cluster-000.svc-00002|log-group-missing|failure",
        ])
        #expect(cases.allSatisfy { $0.split(separator: "|").count == 4 }, "every case has a classname and a name")
    }

    @Test func aSuppressedFindingIsSkippedAndBelowTheGateItPasses() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "gates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        suppressions:
          - rule: image-not-found
            resource: svc-00001
            reason: tag 9.9.9 is pushed by the release job
        """.write(to: folder.appending(path: "config.yaml"), atomically: true, encoding: .utf8)
        let file = folder.appending(path: "report.xml").path
        let run = try BinaryRunner.run(["audit", "--snapshot", GoldenTests.account, "--format", "junit", "--output", file,
                                        "--config", folder.appending(path: "config.yaml").path, "--fail-on", "never"])
        #expect(run.status == 0)
        let cases = try Self.parse(file)
        #expect(cases.contains("cluster-000/svc-00001|ecs-medic.cluster-000.svc-00001|image-not-found|skipped"))
        #expect(cases.contains("cluster-000/svc-00002|ecs-medic.cluster-000.svc-00002|log-group-missing|passed"),
                "with --fail-on never the finding does not fail the case")
    }
}
