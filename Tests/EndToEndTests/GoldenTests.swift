import Foundation
import Testing

/// Every output format against a golden file reviewed by hand; each golden also has a hand-written list of
/// lines it must contain (`<golden>.must`), checked on its own so that a regenerated golden cannot drop them.
@Suite struct GoldenTests {
    static let folder = "Tests/EndToEndTests/Golden"
    static let account = "\(folder)/account-3.json"

    static let cases: [(golden: String, arguments: [String], status: Int32)] = [
        ("audit-account-3.txt", ["audit", "--snapshot", account], 1),
        ("audit-account-3.json", ["audit", "--snapshot", account, "--format", "json"], 1),
        ("audit-account-3.md", ["audit", "--snapshot", account, "--format", "markdown"], 1),
        ("audit-account-3.sarif", ["audit", "--snapshot", account, "--format", "sarif"], 1),
        ("audit-account-3.xml", ["audit", "--snapshot", account, "--format", "junit"], 1),
        ("audit-account-3.html", ["audit", "--snapshot", account, "--format", "html"], 1),
        ("diagnose-net-nacl-deny-443.html", ["diagnose", "--snapshot", "fixtures/net-nacl-deny-443", "--format", "html"], 1),
        ("diagnose-perm-boundary.html", ["diagnose", "--snapshot", "fixtures/perm-boundary-without-secretsmanager",
                                         "--format", "html", "--path"], 1),
        ("check-image-tag-missing.sarif", ["check", "fixtures/td-check-files/check/image-tag-missing.json",
                                           "--snapshot", "fixtures/td-check-files", "--format", "sarif"], 1),
        ("check-image-tag-missing.html", ["check", "fixtures/td-check-files/check/image-tag-missing.json",
                                          "--snapshot", "fixtures/td-check-files", "--format", "html"], 1),
    ]

    static func read(_ name: String) throws -> String {
        try String(contentsOf: BinaryRunner.packageRoot.appending(path: "\(folder)/\(name)"), encoding: .utf8)
    }

    @Test(arguments: cases.map(\.golden))
    func outputMatchesTheGolden(golden: String) throws {
        let entry = try #require(Self.cases.first { $0.golden == golden })
        let result = try BinaryRunner.run(entry.arguments)
        #expect(result.status == entry.status, "\(result.stderr)")
        #expect(result.stdout == (try Self.read(golden)), "\(golden) differs from the output of \(entry.arguments.joined(separator: " "))")
    }

    @Test(arguments: cases.map(\.golden))
    func goldenHoldsWhatItMust(golden: String) throws {
        let text = try Self.read(golden)
        let required = try Self.read(golden + ".must").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        #expect(!required.isEmpty)
        for line in required {
            #expect(text.contains(line), "\(golden) lacks: \(line)")
        }
    }

    @Test func outputFileGetsTheSameBytesAsStandardOutput() throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "gates-\(UUID().uuidString).sarif")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try BinaryRunner.run(["audit", "--snapshot", Self.account, "--format", "sarif", "--output", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8) == (try Self.read("audit-account-3.sarif")))
    }
}
