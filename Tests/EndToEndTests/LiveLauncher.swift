import Foundation
import TestSupport

/// A launcher script's moto account (`LiveAccount`, `LiveOrganization`): its loopback endpoint, region and request
/// recording, until `stop()` closes the launcher's stdin.
protocol LiveLauncher: AnyObject {
    var endpoint: String { get }
    var region: String { get }
    /// The file moto's request recorder appends every request made after the build to.
    var recording: URL { get }
    var process: Process { get }
    var input: Pipe { get }
}

extension LiveLauncher {
    /// The environment of `LiveScenario` that points `ecs-medic` at this account (the caller's keys).
    var environment: [String: String] {
        ["AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": LiveScenario.accessKeyID,
         "AWS_SECRET_ACCESS_KEY": LiveScenario.secretAccessKey, "AWS_REGION": region,
         "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PROFILE": "",
         "AWS_SESSION_TOKEN": ""]
    }

    /// Runs `ecs-medic` against this account.
    func run(_ arguments: [String]) throws -> BinaryRunner.Output {
        try BinaryRunner.run(arguments, environment: environment)
    }

    /// Every request the recorder saw since the last `clearRecording()`.
    func requests() throws -> [RecordedRequest] {
        let text = (try? String(contentsOf: recording, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { RecordedRequest(line: String($0)) }
    }

    /// Empties the recording, so that `requests()` holds only what the next run asks.
    func clearRecording() throws {
        try Data().write(to: recording)
    }

    /// Closes the launcher's stdin (it stops moto, removes the recording and exits).
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
