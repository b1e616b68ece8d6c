/// A snapshot call ecs-medic did not read because it names no operation of `OperationCatalog` (a misspelt
/// folder-form file name, a call this version does not use), with the name ecs-medic expected instead: what a
/// user must know before trusting "no problems found".
public struct UnreadFile: Sendable, Equatable, Codable {
    /// The file name (folder form) or `FILE: calls[N]` (file form).
    public var file: String
    /// The nearest name ecs-medic reads: a file name for the folder form, `service Operation` for the file form.
    public var expected: String

    /// One line for stderr.
    public var line: String { "\(file): not read: no such operation (expected \(expected))" }
}

extension Snapshot {
    /// The calls whose operation is not in the catalog, in snapshot order.
    public var unreadFiles: [UnreadFile] {
        calls.compactMap { call in
            guard OperationCatalog.operation(service: call.service, named: call.operation) == nil else { return nil }
            let candidates = OperationCatalog.operations(of: call.service)
            guard !candidates.isEmpty else {
                return UnreadFile(file: call.displayOrigin, expected: "a call of \(OperationCatalog.services.sorted().joined(separator: ", "))")
            }
            guard call.fromFolder else {
                let nearest = Self.nearest(SnapshotCall.fold(call.operation), in: candidates) { SnapshotCall.fold($0.name) }
                return UnreadFile(file: call.displayOrigin, expected: "\(nearest.service.rawValue) \(nearest.name)")
            }
            let operation = call.operation.lowercased()
            let label = call.request?["label"]?.stringValue
            let nearest = Self.nearest(operation, in: candidates, \.cliName)
            // A typo (`describe-route-table`), else a label written with `-` instead of `--`
            // (`describe-vpc-attribute-enable-dns-support`).
            if Self.editDistance(operation, nearest.cliName) > 2,
               let base = candidates.filter({ operation.hasPrefix($0.cliName + "-") }).max(by: { $0.cliName.count < $1.cliName.count }) {
                let rest = String(operation.dropFirst(base.cliName.count + 1))
                return UnreadFile(file: call.displayOrigin, expected: base.fileName(label: label.map { rest + "--" + $0 } ?? rest))
            }
            return UnreadFile(file: call.displayOrigin, expected: nearest.fileName(label: label))
        }
    }

    /// The candidate whose name is the fewest single-character edits away from `name`.
    private static func nearest(_ name: String, in candidates: [AWSOperation], _ key: (AWSOperation) -> String) -> AWSOperation {
        candidates.min { editDistance(name, key($0)) < editDistance(name, key($1)) } ?? candidates[0]
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

private extension SnapshotCall {
    /// Whether the call was read from a folder-form file (its origin is the file's path).
    var fromFolder: Bool { origin.hasSuffix(".json") }

    var displayOrigin: String {
        fromFolder ? String(origin.split(separator: "/").last ?? Substring(origin)) : origin
    }
}
