import Foundation
import TestSupport

/// An AWS organization of several accounts served live by `scripts/live-organization-scenario.py` (moto
/// in-process): the management account (the caller), members `orders` (under an SCP denying `logs:PutLogEvents`),
/// `billing` (its service's log group missing) and `sandbox` (no ecs-medic-audit role, so AssumeRole is refused),
/// until `stop()` closes the launcher's stdin.
final class LiveOrganization: LiveLauncher, @unchecked Sendable {
    let endpoint: String
    let region: String
    let management: String
    /// Member name (`orders`, `billing`, `sandbox`) → its account id (moto draws them).
    let accounts: [String: String]
    /// The file moto's request recorder appends every request made after the build to.
    let recording: URL
    let process: Process
    let input: Pipe

    init() throws {
        let line: Data
        (process, input, line) = try LiveScenario.launch("scripts/live-organization-scenario.py", [])
        guard let json = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              let endpoint = json["endpoint"] as? String, let region = json["region"] as? String,
              let management = json["management"] as? String, let accounts = json["accounts"] as? [String: String],
              let recording = json["recording"] as? String
        else {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            throw TestSupportError("scripts/live-organization-scenario.py exited (\(process.terminationStatus)) "
                + "without its JSON line: \(String(decoding: line, as: UTF8.self))")
        }
        self.endpoint = endpoint
        self.region = region
        self.management = management
        self.accounts = accounts
        self.recording = URL(fileURLWithPath: recording)
    }

    deinit {
        stop()
    }
}
