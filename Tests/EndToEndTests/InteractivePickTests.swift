import Foundation
import Testing

/// The interactive pick of `diagnose` and `fix` at a real terminal: the built binary in a tmux pane, keys sent with
/// send-keys, the screen read with capture-pane. The snapshot (scripts/make-pick-snapshot.py) holds two clusters:
/// demo-ecs-cluster (demo-ecs-service: two tasks stopped 16 and 28 min before the capture, secrets timeouts;
/// payments-worker: one killed for memory 39 min before; orders-api: steady) and batch-cluster (ingest-worker:
/// rolling out, 1 of 2 running; nightly-report: steady, its task stopped 5 hours before).
@Suite(.serialized, .enabled(if: TmuxPane.available, "needs tmux (Debian package tmux)"))
struct InteractivePickTests {
    static let snapshot = BinaryRunner.packageRoot.appending(path: "Tests/EndToEndTests/Golden/pick-two-clusters.json").path

    static func diagnose(_ extra: String = "", color: Bool = false) throws -> TmuxPane {
        try TmuxPane("\(color ? "env -u NO_COLOR " : "")\(TmuxPane.quoted(BinaryRunner.binary.path)) diagnose --snapshot \(TmuxPane.quoted(snapshot)) \(extra)",
                     environment: color ? [:] : ["NO_COLOR": "1"])
    }

    /// The lines of the screen that list entries, in order, without their marker and number.
    static func entries(_ screen: String, after title: String) -> [String] {
        let lines = screen.components(separatedBy: "\n")
        guard let start = lines.lastIndex(where: { $0.contains(title) }) else { return [] }
        return lines[(start + 1)...].prefix { !$0.hasPrefix("up/down") }
            .map { String($0.dropFirst(5)).trimmingCharacters(in: .whitespaces) }
    }

    @Test func arrowKeysPickTheClusterThenTheService() throws {
        let pane = try Self.diagnose()
        defer { pane.close() }
        let clusters = try pane.waitFor("Which cluster?")
        #expect(Self.entries(clusters, after: "Which cluster?") == [
            "demo-ecs-cluster  3 services, 3 tasks stopped in the last hour, 1 not steady",
            "batch-cluster     2 services, 1 not steady",
        ])
        #expect(clusters.contains("> 1  demo-ecs-cluster"))
        try pane.send("Enter")
        let services = try pane.waitFor("Which service of demo-ecs-cluster?")
        #expect(Self.entries(services, after: "Which service of demo-ecs-cluster?") == [
            "demo-ecs-service  2 stopped in the last hour: secrets-unreachable ×2; deployment in progress, 0 of 1 tasks running",
            "payments-worker   1 stopped in the last hour: out-of-memory",
            "orders-api        steady",
        ])
        try pane.send("Down")
        try pane.waitFor("> 2  payments-worker")
        try pane.send("Enter")
        let done = try pane.waitFor("end of run")
        #expect(done.contains("ecs-medic: cluster demo-ecs-cluster"))
        #expect(done.contains("ecs-medic: service payments-worker"))
        #expect(done.contains("service payments-worker, task 9b8a7c6d5e4f43a2b1c0d9e8f7a6b5c4 — cluster demo-ecs-cluster"))
        #expect(done.contains("category: out-of-memory"))
        // The menus were erased once answered: only the lines saying what was picked stay.
        #expect(!done.contains("Which cluster?") && !done.contains("Which service of demo-ecs-cluster?"))
        #expect(done.contains("icanon echo"), "the terminal is not restored: \(done)")
    }

    @Test func numbersPickTheClusterThenTheService() throws {
        let pane = try Self.diagnose()
        defer { pane.close() }
        try pane.waitFor("Which cluster?")
        try pane.send("2", "Enter")
        let services = try pane.waitFor("Which service of batch-cluster?")
        #expect(Self.entries(services, after: "Which service of batch-cluster?") == [
            "ingest-worker   deployment in progress, 1 of 2 tasks running",
            "nightly-report  steady",
        ])
        try pane.send("2", "Enter")
        let done = try pane.waitFor("end of run")
        #expect(done.contains("service nightly-report, task 7a6b5c4d3e2f41a0b9c8d7e6f5a4b3c2 — cluster batch-cluster"))
    }

    @Test func aClusterGivenSkipsTheClusterList() throws {
        let pane = try Self.diagnose("--cluster batch-cluster")
        defer { pane.close() }
        let services = try pane.waitFor("Which service of batch-cluster?")
        #expect(!services.contains("Which cluster?"))
        try pane.send("Enter")
        let done = try pane.waitFor("end of run")
        #expect(done.contains("service ingest-worker"))
    }

    @Test func qCancelsWithExit2AndRestoresTheTerminal() throws {
        let pane = try Self.diagnose()
        defer { pane.close() }
        try pane.waitFor("Which cluster?")
        try pane.send("q")
        let done = try pane.waitFor("end of run")
        #expect(done.contains("ecs-medic: nothing picked: choose with --cluster (demo-ecs-cluster, batch-cluster)"))
        #expect(done.contains("exit=2"))
        #expect(done.contains("icanon echo"), "the terminal is not restored: \(done)")
    }

    @Test func sigtermDuringThePickRestoresTheTerminal() throws {
        let pane = try Self.diagnose()
        defer { pane.close() }
        try pane.waitFor("Which cluster?")
        let pid = try pane.programPid()
        #expect(kill(pid, SIGTERM) == 0)
        let done = try pane.waitFor("end of run")
        #expect(done.contains("exit=143"))
        #expect(done.contains("icanon echo"), "the terminal is not restored: \(done)")
    }

    @Test func theSelectedEntryIsInReverseVideoUnlessNoColor() throws {
        let coloured = try Self.diagnose(color: true)
        defer { coloured.close() }
        try coloured.waitFor("Which cluster?")
        let selected = try coloured.screen(escapes: true).components(separatedBy: "\n").first { $0.contains("> 1  demo-ecs-cluster") }
        #expect(selected?.contains("\u{1B}[7m") == true, "\(selected ?? "no selected line")")
        let plain = try Self.diagnose()
        defer { plain.close() }
        try plain.waitFor("Which cluster?")
        #expect(!(try plain.screen(escapes: true)).contains("\u{1B}[7m"))
    }

    @Test func fixPicksTheSameWay() throws {
        let pane = try TmuxPane("\(TmuxPane.quoted(BinaryRunner.binary.path)) fix --snapshot \(TmuxPane.quoted(Self.snapshot)) --emit aws-cli",
                                environment: ["NO_COLOR": "1"])
        defer { pane.close() }
        try pane.waitFor("Which cluster?")
        try pane.send("Enter")
        try pane.waitFor("Which service of demo-ecs-cluster?")
        try pane.send("1", "Enter")
        let done = try pane.waitFor("end of run")
        #expect(done.contains("ecs-medic: service demo-ecs-service"))
        #expect(done.contains("aws ec2 create-vpc-endpoint"), "\(done)")
    }

    /// The launcher sets the seed task's timestamps (`correct_task_timestamps`: moto records none), so its stop is
    /// in the last hour.
    @Test func liveThePickListsTheAccountsClustersAndServices() throws {
        let account = try LiveAccount(services: 4, perCluster: 2, missingLogGroup: 0)
        defer { account.stop() }
        let pane = try TmuxPane("\(TmuxPane.quoted(BinaryRunner.binary.path)) diagnose",
                                environment: account.environment.merging(["NO_COLOR": "1"]) { $1 })
        defer { pane.close() }
        let clusters = Self.entries(try pane.waitFor("Which cluster?"), after: "Which cluster?")
            .map { String($0.prefix { $0 != " " }) }
        #expect(clusters.sorted() == account.services.keys.sorted())
        // The cluster of the seed's service has its stopped task (secrets timeout): it comes first.
        let seed = try #require(account.services.first { $0.value.contains("demo-ecs-service") }?.key)
        #expect(clusters.first == seed)
        let other = try #require(clusters.firstIndex { $0 != seed })
        try pane.send(String(other + 1), "Enter")
        let title = "Which service of \(clusters[other])?"
        let services = Self.entries(try pane.waitFor(title), after: title).map { String($0.prefix { $0 != " " }) }
        #expect(services.sorted() == (account.services[clusters[other]] ?? []).sorted())
        try pane.send("Down", "Enter")
        let done = try pane.waitFor("end of run")
        #expect(done.contains("service \(services[1])"), "\(done)")
        #expect(done.contains("— cluster \(clusters[other])"), "\(done)")
    }

    @Test func withoutATerminalSeveralServicesStillExit2ListingThem() throws {
        let output = try BinaryRunner.run(["diagnose", "--snapshot", Self.snapshot])
        #expect(output.status == 2)
        #expect(output.stderr == "ecs-medic: several services in the facts: choose one with --service (ingest-worker, nightly-report, demo-ecs-service, payments-worker, orders-api)\n")
    }
}
