import Foundation
import Testing

/// Every output format against a golden file reviewed by hand; each golden also has a hand-written list of
/// lines it must contain (`<golden>.must`), checked on its own so that a regenerated golden cannot drop them.
@Suite struct GoldenTests {
    static let folder = "Tests/EndToEndTests/Golden"
    static let account = "\(folder)/account-3.json"
    /// The motivating deployment's two failures: no Secrets Manager endpoint, then no secretsmanager:GetSecretValue.
    static let seed = "fixtures/seed-no-secretsmanager-endpoint"
    static let denied = "fixtures/perm-missing-getsecretvalue"
    static let secretsTimeout = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!cluster-5f0c3b1e-8a27-4d6e-b913-2c7e4a9d0f58-BesmtL from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded"

    static let cases: [(golden: String, arguments: [String], status: Int32)] = [
        ("audit-account-3.txt", ["audit", "--snapshot", account], 1),
        ("audit-account-3.json", ["audit", "--snapshot", account, "--format", "json"], 1),
        ("audit-account-3.md", ["audit", "--snapshot", account, "--format", "markdown"], 1),
        ("audit-account-3.sarif", ["audit", "--snapshot", account, "--format", "sarif"], 1),
        ("audit-account-3.xml", ["audit", "--snapshot", account, "--format", "junit"], 1),
        ("audit-account-3.html", ["audit", "--snapshot", account, "--format", "html"], 1),
        ("diagnose-seed-no-secretsmanager-endpoint.txt", ["diagnose", "--snapshot", seed], 1),
        ("diagnose-seed-no-secretsmanager-endpoint.json", ["diagnose", "--snapshot", seed, "--format", "json"], 1),
        ("diagnose-seed-no-secretsmanager-endpoint.md", ["diagnose", "--snapshot", seed, "--format", "markdown"], 1),
        ("diagnose-seed-no-secretsmanager-endpoint.sarif", ["diagnose", "--snapshot", seed, "--format", "sarif"], 1),
        ("diagnose-seed-no-secretsmanager-endpoint.xml", ["diagnose", "--snapshot", seed, "--format", "junit"], 1),
        ("diagnose-seed-no-secretsmanager-endpoint.html", ["diagnose", "--snapshot", seed, "--format", "html"], 1),
        ("diagnose-perm-missing-getsecretvalue.txt", ["diagnose", "--snapshot", denied], 1),
        ("diagnose-perm-missing-getsecretvalue.json", ["diagnose", "--snapshot", denied, "--format", "json"], 1),
        ("explain-secrets-timeout.txt", ["explain", secretsTimeout], 0),
        ("explain-secrets-timeout.json", ["explain", secretsTimeout, "--format", "json"], 0),
        ("diagnose-net-nacl-deny-443.html", ["diagnose", "--snapshot", "fixtures/net-nacl-deny-443", "--format", "html"], 1),
        ("diagnose-perm-boundary.html", ["diagnose", "--snapshot", "fixtures/perm-boundary-without-secretsmanager",
                                         "--format", "html", "--path"], 1),
        ("check-image-tag-missing.sarif", ["check", "fixtures/td-check-files/check/image-tag-missing.json",
                                           "--snapshot", "fixtures/td-check-files", "--format", "sarif"], 1),
        ("check-image-tag-missing.html", ["check", "fixtures/td-check-files/check/image-tag-missing.json",
                                          "--snapshot", "fixtures/td-check-files", "--format", "html"], 1),
    ] + healthChecks + imagePlatform

    /// A health check that cannot pass (issue 19): the target group checks a port the container does not serve, in
    /// every format; a path it has no route for, as text.
    static let portNotServed = "fixtures/hc-port-not-served"
    static let healthChecks: [(golden: String, arguments: [String], status: Int32)] = [
        ("diagnose-hc-port-not-served.txt", ["diagnose", "--snapshot", portNotServed], 1),
        ("diagnose-hc-port-not-served.json", ["diagnose", "--snapshot", portNotServed, "--format", "json"], 1),
        ("diagnose-hc-port-not-served.md", ["diagnose", "--snapshot", portNotServed, "--format", "markdown"], 1),
        ("diagnose-hc-port-not-served.sarif", ["diagnose", "--snapshot", portNotServed, "--format", "sarif"], 1),
        ("diagnose-hc-port-not-served.xml", ["diagnose", "--snapshot", portNotServed, "--format", "junit"], 1),
        ("diagnose-hc-port-not-served.html", ["diagnose", "--snapshot", portNotServed, "--format", "html"], 1),
        ("diagnose-hc-path-not-found.txt", ["diagnose", "--snapshot", "fixtures/hc-path-not-found"], 1),
    ]

    /// An image built for another platform (issue 23): an arm64-only image on Fargate's default X86_64, with its fix
    /// (runtimePlatform ARM64 in a new revision), in every format.
    static let arm64Only = "fixtures/td-image-arm64-only"
    static let imagePlatform: [(golden: String, arguments: [String], status: Int32)] = [
        ("diagnose-td-image-arm64-only.txt", ["diagnose", "--snapshot", arm64Only], 1),
        ("diagnose-td-image-arm64-only.json", ["diagnose", "--snapshot", arm64Only, "--format", "json"], 1),
        ("diagnose-td-image-arm64-only.md", ["diagnose", "--snapshot", arm64Only, "--format", "markdown"], 1),
        ("diagnose-td-image-arm64-only.sarif", ["diagnose", "--snapshot", arm64Only, "--format", "sarif"], 1),
        ("diagnose-td-image-arm64-only.xml", ["diagnose", "--snapshot", arm64Only, "--format", "junit"], 1),
        ("diagnose-td-image-arm64-only.html", ["diagnose", "--snapshot", arm64Only, "--format", "html"], 1),
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
