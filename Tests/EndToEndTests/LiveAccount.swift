import Foundation
import TestSupport

/// An account of many ECS services served live by `scripts/live-audit-scenario.py` (moto in-process): the seed
/// scenario's service plus added ones in several clusters, sharing its subnets, security group, endpoints,
/// roles and secrets, until `stop()` closes the launcher's stdin.
final class LiveAccount: LiveLauncher, @unchecked Sendable {
    let endpoint: String
    let region: String
    /// Cluster name → its services' names.
    let services: [String: [String]]
    /// The file moto's request recorder appends every request made after the build to.
    let recording: URL
    let process: Process
    let input: Pipe

    /// Builds `count` services, `perCluster` per added cluster; every `missingLogGroup`th added service logs
    /// to a log group that does not exist; `deny` (`service:Operation`) makes moto answer it with access denied.
    init(services count: Int, perCluster: Int, missingLogGroup: Int, state: String = "seed-no-secretsmanager-endpoint",
         deny: String? = nil) throws {
        let line: Data
        (process, input, line) = try LiveScenario.launch("scripts/live-audit-scenario.py", [
            String(count), "--state", state, "--per-cluster", String(perCluster), "--missing-log-group", String(missingLogGroup),
        ] + (deny.map { ["--deny", $0] } ?? []))
        guard let json = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              let endpoint = json["endpoint"] as? String, let region = json["region"] as? String,
              let services = json["services"] as? [String: [String]], let recording = json["recording"] as? String
        else {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            throw TestSupportError("scripts/live-audit-scenario.py exited (\(process.terminationStatus)) "
                + "without its JSON line: \(String(decoding: line, as: UTF8.self))")
        }
        self.endpoint = endpoint
        self.region = region
        self.services = services
        self.recording = URL(fileURLWithPath: recording)
    }

    deinit {
        stop()
    }
}
