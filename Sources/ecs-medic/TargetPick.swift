import AWSClient
import ECSMedic
import Foundation
import Terminal

/// The interactive pick of `diagnose` and `fix`: on a terminal, when neither `--service` nor `--task` is given and
/// there is more than one service, the user picks the cluster (when several), then the service, from lists ranked
/// newest failures first (`TargetCandidates`). Elsewhere the selector stays as given, and several services end in
/// exit 2 listing them, as before.
struct TargetPick {
    /// Reverse video for the selected entry: with `--color always`, or `auto` without NO_COLOR.
    let color: Bool

    init(color choice: ReportOptions.ColorChoice) {
        color = choice == .always || (choice == .auto && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }

    /// Picking needs a person: a terminal on standard input and on standard error (the result goes to stdout).
    static func isPossible(for selector: TargetSelector) -> Bool {
        selector.service == nil && selector.task == nil && isatty(STDIN_FILENO) != 0 && isatty(STDERR_FILENO) != 0
    }

    /// The target among the services and tasks of `facts`; `now` (seconds since 1970) dates "the last hour".
    func choose(_ selector: TargetSelector, among facts: Facts, now: Double) throws -> TargetSelector {
        var candidates = TargetCandidates.services(facts.services ?? [], tasks: facts.tasks ?? [], now: now)
        if let cluster = selector.cluster {
            candidates = candidates.filter { $0.cluster == cluster || cluster.hasSuffix(":cluster/\($0.cluster)") }
        }
        guard !candidates.isEmpty else { return selector }
        let clusters = TargetCandidates.clusters(candidates)
        var cluster = clusters[0]
        if clusters.count > 1 {
            cluster = clusters[try pick("Which cluster? (newest failures first)", flag: "--cluster",
                                        clusters.map { PickMenu.Item($0.name, detail: $0.summary) })]
            Self.say("cluster \(cluster.name)")
        }
        var service = cluster.services[0]
        if cluster.services.count > 1 {
            service = cluster.services[try pick("Which service of \(cluster.name)? (newest failures first)", flag: "--service",
                                                cluster.services.map { PickMenu.Item($0.serviceName, detail: $0.summary) })]
            Self.say("service \(service.serviceName)")
        }
        return TargetSelector(cluster: cluster.name, service: service.serviceName, database: selector.database)
    }

    /// Lists the clusters (the one given, else every one) and their services from AWS, then picks among them.
    func chooseLive(_ selector: TargetSelector, client: AWSClient) async throws -> TargetSelector {
        Self.say("listing \(selector.cluster.map { "the services of \($0)" } ?? "clusters and services")...")
        let facts = try await CandidateCollector(client: client).collect(cluster: selector.cluster)
        return try choose(selector, among: facts, now: Date().timeIntervalSince1970)
    }

    private func pick(_ title: String, flag: String, _ items: [PickMenu.Item]) throws -> Int {
        let picker = TerminalPicker(input: STDIN_FILENO, output: STDERR_FILENO, color: color)
        guard let index = try picker.pick(PickMenu(title: title, items: items)) else {
            throw InputError("nothing picked: choose with \(flag) (\(items.map(\.label).joined(separator: ", ")))")
        }
        return index
    }

    private static func say(_ line: String) {
        FileHandle.standardError.write(Data("ecs-medic: \(line)\n".utf8))
    }
}
