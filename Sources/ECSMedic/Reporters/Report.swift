import Foundation

/// The JSON report (design.md §4): schema version, tool, and one result per diagnosed target.
public struct Report: Sendable, Equatable, Codable {
    public var schemaVersion = 1
    public var tool = Tool()
    public var results: [DiagnosisResult]
    /// What the reader must know about the run itself, e.g. an expired suppression (absent when none).
    public var notices: [String]? = nil
    /// Snapshot files (or calls) that name no operation ecs-medic reads, with the name it expected (absent when
    /// none): facts the user may think they gave.
    public var unreadFiles: [UnreadFile]? = nil
    /// Accounts or account-regions an audit of several accounts could not collect, sorted (absent when none).
    public var unauditedAccounts: [UnauditedAccount]? = nil

    public struct Tool: Sendable, Equatable, Codable {
        public var name = "ecs-medic"
        public var version = ECSMedicVersion.current
    }

    public init(results: [DiagnosisResult], unreadFiles: [UnreadFile] = [], unauditedAccounts: [UnauditedAccount] = []) {
        self.results = results
        self.unreadFiles = unreadFiles.isEmpty ? nil : unreadFiles
        self.unauditedAccounts = unauditedAccounts.isEmpty ? nil : unauditedAccounts.sorted()
    }

    /// Whether the results come from more than one account or region (an audit of several accounts): the formats
    /// that name only cluster and service then name the account and region too.
    public var spansAccounts: Bool {
        Set(results.map { "\($0.target.account ?? "") \($0.target.region ?? "")" }).count > 1 || unauditedAccounts != nil
    }

    /// `111122223333/eu-west-1/`, the prefix of a result's name in a report that spans accounts; empty otherwise.
    func accountPrefix(_ target: DiagnosisResult.Target) -> String {
        spansAccounts ? "\(target.account ?? "unknown-account")/\(target.region ?? "unknown-region")/" : ""
    }

    /// The findings of every result.
    public var findings: [Finding] { results.flatMap(\.findings) }

    /// Sorted keys and stable bytes, so that golden files and CI diffs stay readable.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The exit code of design.md §3 for this report under `--fail-on` (nil: never fail on findings); with a
    /// baseline, only findings that are not in it count.
    public func exitCode(failOn threshold: Severity?, baseline: Baseline? = nil) -> Int32 {
        if let threshold, !gating(failOn: threshold, baseline: baseline).isEmpty { return 1 }
        return results.contains(where: \.incomplete) || !(unauditedAccounts ?? []).isEmpty ? 3 : 0
    }

    /// The findings that fail the gate: at or above `threshold` and new against the baseline.
    public func gating(failOn threshold: Severity, baseline: Baseline?) -> [Finding] {
        results.flatMap { result in
            result.findings.filter { $0.severity >= threshold && (baseline?.isNew($0, in: result) ?? true) }
        }
    }
}
