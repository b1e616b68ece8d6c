import AWSClient
import ECSMedic
import Foundation

/// Where a command's facts come from: a snapshot when `--snapshot` is given, else AWS itself (read-only).
enum FactCollection {
    static func snapshot(_ path: String?, selector: TargetSelector, aws: AWSOptions) async throws -> Snapshot {
        if let path { return try Snapshot.load(from: path) }
        let client = AWSClient(configuration: try aws.configuration())
        let started = Date()
        let (snapshot, rounds) = try await LiveSource(client: client).collect(selector)
        if aws.debug {
            let elapsed = String(format: "%.2f", Date().timeIntervalSince(started))
            FileHandle.standardError.write(Data("collected \(rounds.reduce(0, +)) calls in \(rounds.count) dependent rounds (\(rounds.map(String.init).joined(separator: " + "))) in \(elapsed) s\n".utf8))
        }
        return snapshot
    }

    /// The facts of one target and the selector that names it: when the selector names no service or task and a
    /// person is at the terminal, the interactive pick chooses it first (`TargetPick`).
    static func target(_ path: String?, selector: TargetSelector, aws: AWSOptions, color: ReportOptions.ColorChoice) async throws
        -> (facts: Facts, selector: TargetSelector) {
        let pick = TargetPick(color: color)
        guard TargetPick.isPossible(for: selector) else {
            return (try FactsDecoder().facts(from: try await snapshot(path, selector: selector, aws: aws)), selector)
        }
        if let path {
            let recorded = try Snapshot.load(from: path)
            let facts = try FactsDecoder().facts(from: recorded)
            // "The last hour" of a recording is the hour before it was made.
            let now = recorded.capturedAt.flatMap(Timestamp.epochSeconds) ?? Date().timeIntervalSince1970
            return (facts, try pick.choose(selector, among: facts, now: now))
        }
        let chosen = try await pick.chooseLive(selector, client: AWSClient(configuration: try aws.configuration()))
        return (try FactsDecoder().facts(from: try await snapshot(nil, selector: chosen, aws: aws)), chosen)
    }
}
