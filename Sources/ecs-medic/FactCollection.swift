import AWSClient
import ECSMedic
import Foundation

/// Where a command's facts come from: a snapshot when `--snapshot` is given, else AWS itself (read-only).
enum FactCollection {
    static func snapshot(_ path: String?, selector: TargetSelector, aws: AWSOptions) async throws -> Snapshot {
        if let path { return try load(path) }
        let client = AWSClient(configuration: try aws.configuration())
        let started = Date()
        let (snapshot, rounds) = try await LiveSource(client: client).collect(selector)
        if aws.debug {
            let elapsed = String(format: "%.2f", Date().timeIntervalSince(started))
            FileHandle.standardError.write(Data("collected \(rounds.reduce(0, +)) calls in \(rounds.count) dependent rounds (\(rounds.map(String.init).joined(separator: " + "))) in \(elapsed) s\n".utf8))
        }
        return snapshot
    }

    /// Reads a snapshot, telling on stderr, one line each, the files (or calls) it holds that ecs-medic does not read.
    static func load(_ path: String) throws -> Snapshot {
        let snapshot = try Snapshot.load(from: path)
        let lines = snapshot.unreadFiles.map { "ecs-medic: \($0.line)\n" }
        if !lines.isEmpty { FileHandle.standardError.write(Data(lines.joined().utf8)) }
        return snapshot
    }
}
