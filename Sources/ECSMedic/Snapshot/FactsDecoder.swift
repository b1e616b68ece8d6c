import AWSClient
import Foundation

/// Turns recorded calls (AWS CLI JSON shapes) into typed `Facts`. The same decoder serves snapshots and live runs.
public struct FactsDecoder: Sendable {
    /// The roots whose answers the facts keep as documents, for rules' fact conditions (`RuleSet.factRoots`);
    /// by default every one.
    public var documentRoots: Set<FactRoot>

    public init(documentRoots: Set<FactRoot> = Set(FactRoot.allCases)) {
        self.documentRoots = documentRoots
    }

    /// Builds the facts a snapshot holds. Calls of no catalogued operation are skipped (`Snapshot.unreadFiles` lists them); a response of the wrong
    /// shape is an `InputError` naming where it came from and the field.
    public func facts(from snapshot: Snapshot) throws -> Facts {
        var builder = FactsBuilder(region: snapshot.region, account: snapshot.account, documentRoots: documentRoots)
        for call in snapshot.calls {
            try builder.add(call, response: call.response.map { JSONValueReader(origin: call.origin, response: $0) })
        }
        return try builder.finish()
    }

    /// Reads a snapshot (file or folder form, as `Snapshot.load`) into facts. A file is decoded once, straight into
    /// the facts (`SnapshotFile`), without the `Snapshot` of its calls; a folder goes through `Snapshot.load`.
    public func load(from path: String) throws -> SnapshotFacts {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            return try SnapshotFile.read(path, documentRoots: documentRoots)
        }
        let snapshot = try Snapshot.load(from: path)
        return SnapshotFacts(unreadFiles: snapshot.unreadFiles, capturedAt: snapshot.capturedAt,
                             decoded: Result { try facts(from: snapshot) })
    }
}

extension Array {
    /// Appends `items`, replacing the elements that have the same key; `positions` (kept by the caller across
    /// calls) says where each key's element is, so that many merges into one list stay linear.
    mutating func merge(_ items: [Element], by key: (Element) -> String, positions: inout [String: Int]) {
        for item in items {
            let name = key(item)
            if let position = positions[name] {
                self[position] = item
            } else {
                positions[name] = count
                append(item)
            }
        }
    }
}
