import Foundation
import Testing
import TestSupport

/// Live diagnoses with moto authorizing every request (its IAM enforcement), signed as users allowed
/// `ecs-medic policy` minus one action, for every action: the missing permission is named (or the run exits 3),
/// and the findings are a subset of the full-permission run's, never a new one.
@Suite struct LivePartialPermissionTests {
    static let scenarios = ["seed-no-secretsmanager-endpoint", "seed-healthy"]

    /// One principal's run, for the report and the figures.
    struct Outcome: Sendable {
        let action: String
        let status: Int32
        let report: LiveReport?
        let stderr: String
    }

    @Test(arguments: scenarios)
    func aPrincipalWithoutOneReadPermissionGetsItNamedAndNoFalseFinding(_ name: String) throws {
        let policy = try BinaryRunner.run(["policy"])
        #expect(policy.status == 0)
        let file = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-policy-\(UUID().uuidString).json")
        try policy.stdout.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let actions = try LiveDiagnoseTests.policyActions().sorted()
        #expect(actions.count > 20)

        let scenario = try LiveScenario(name, enforceIAM: file.path)
        defer { scenario.stop() }
        #expect(Set(scenario.principals.keys) == Set(actions + ["*"]))
        let command = ["diagnose", "--service", scenario.service, "--cluster", scenario.cluster, "--format", "json"]
        let full = try BinaryRunner.run(command, environment: scenario.environment(as: "*"))
        let baseline = try LiveReport(json: full.stdout)
        // Service control policies are not collected live (no organizations:ListPoliciesForTarget call).
        #expect(baseline.unverified == ["organizations:ListPoliciesForTarget"], "\(name): \(full.stderr)")
        #expect(full.status == (baseline.findings.isEmpty ? 0 : 1))
        // The actions this deployment needs read; a principal without any other one must get the same report.
        let called = Set(try scenario.requests().map(\.action))

        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for action in actions.enumerated().filter({ $0.offset % 2 == worker }).map(\.element) {
                let output = try? BinaryRunner.run(command, environment: scenario.environment(as: action))
                outcomes.append(Outcome(action: action, status: output?.status ?? -1,
                                        report: output.flatMap { $0.stdout.isEmpty ? nil : try? LiveReport(json: $0.stdout) },
                                        stderr: output?.stderr ?? "did not run"))
            }
        }
        // The scenario holds still: after every principal's run, the full policy gets the baseline again.
        let again = try LiveReport(json: try BinaryRunner.run(command, environment: scenario.environment(as: "*")).stdout)
        #expect(again.findings == baseline.findings && again.unverified == baseline.unverified,
                "\(name): the full-permission run changed: \(again.unverified) after \(baseline.unverified)")
        for outcome in outcomes.all.sorted(by: { $0.action < $1.action }) {
            let label = "\(name) without \(outcome.action)"
            #expect([0, 1, 3].contains(outcome.status), "\(label): exit \(outcome.status) \(outcome.stderr)")
            guard let report = outcome.report else {
                #expect(outcome.status == 3, "\(label): no report, exit \(outcome.status): \(outcome.stderr)")
                #expect(outcome.stderr.contains("(permission \(outcome.action))"), "\(label): \(outcome.stderr)")
                continue
            }
            if called.contains(outcome.action) {
                #expect(report.unverified.contains(outcome.action) || outcome.status == 3,
                        "\(label): unverified \(report.unverified)")
            } else {
                #expect(report.findings == baseline.findings && report.unverified == baseline.unverified
                        && outcome.status == full.status, "\(label): a permission the run does not use changed it")
            }
            let added = Set(report.findings).subtracting(baseline.findings)
            #expect(added.isEmpty, "\(label): findings the full-permission run does not have: \(added.sorted())")
            if !report.findings.isEmpty { #expect(outcome.status == 1, "\(label)") }
        }
    }
}

/// Outcomes collected from concurrent workers.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [LivePartialPermissionTests.Outcome] = []

    func append(_ outcome: LivePartialPermissionTests.Outcome) {
        lock.lock()
        items.append(outcome)
        lock.unlock()
    }

    var all: [LivePartialPermissionTests.Outcome] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
