import AWSClient
import ECSMedic
import Foundation

/// Where a command's facts come from: a snapshot when `--snapshot` is given, else AWS itself (read-only).
enum FactCollection {
    /// `logs` bounds the reading of the containers' logs (nil: none).
    static func snapshot(_ path: String?, selector: TargetSelector, aws: AWSOptions, logs: LogReadingLimits?) async throws -> Snapshot {
        if let path { return try load(path) }
        let client = AWSClient(configuration: try aws.configuration())
        let started = Date()
        let (snapshot, rounds) = try await LiveSource(client: client).collect(selector, logs: logs)
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

    /// Reads a snapshot straight into facts (a file is decoded once), telling on stderr, one line each, the files
    /// (or calls) it holds that ecs-medic does not read.
    static func loadFacts(_ path: String, documentRoots: Set<FactRoot> = Set(FactRoot.allCases)) throws -> SnapshotFacts {
        let loaded = try FactsDecoder(documentRoots: documentRoots).load(from: path)
        let lines = loaded.unreadFiles.map { "ecs-medic: \($0.line)\n" }
        if !lines.isEmpty { FileHandle.standardError.write(Data(lines.joined().utf8)) }
        return loaded
    }

    /// The facts of one target, the selector that names it and the snapshot files it did not read: when the
    /// selector names no service or task and a person is at the terminal, the interactive pick chooses it first
    /// (`TargetPick`).
    static func target(_ path: String?, selector: TargetSelector, aws: AWSOptions, logs: LogReadingLimits?,
                       color: ReportOptions.ColorChoice) async throws
        -> (facts: Facts, selector: TargetSelector, unreadFiles: [UnreadFile]) {
        let pick = TargetPick(color: color)
        guard TargetPick.isPossible(for: selector) else {
            let collected = try await snapshot(path, selector: selector, aws: aws, logs: logs)
            return (try FactsDecoder().facts(from: collected), selector, collected.unreadFiles)
        }
        if let path {
            let recorded = try load(path)
            let facts = try FactsDecoder().facts(from: recorded)
            // "The last hour" of a recording is the hour before it was made.
            let now = recorded.capturedAt.flatMap(Timestamp.epochSeconds) ?? Date().timeIntervalSince1970
            return (facts, try pick.choose(selector, among: facts, now: now), recorded.unreadFiles)
        }
        let chosen = try await pick.chooseLive(selector, client: AWSClient(configuration: try aws.configuration()))
        return (try FactsDecoder().facts(from: try await snapshot(nil, selector: chosen, aws: aws, logs: logs)), chosen, [])
    }
}
