import Foundation

/// The folder `audit --accounts ... --record DIR` writes and `audit --snapshot DIR` reads back: one snapshot file
/// per account-region, named `<account>-<region>.json` (design.md §7 file form), and `unaudited.json` listing the
/// accounts or account-regions that could not be collected, with why, so that the replay reports them too.
public enum AuditRecording {
    /// The file of the account-regions that could not be collected.
    public static let unauditedFile = "unaudited.json"

    /// One recorded account-region.
    public struct Entry: Sendable {
        public var account: String
        public var region: String
        public var snapshot: Snapshot

        public init(account: String, region: String, snapshot: Snapshot) {
            self.account = account
            self.region = region
            self.snapshot = snapshot
        }
    }

    /// `111122223333-eu-west-1.json`.
    public static func fileName(account: String, region: String) -> String { "\(account)-\(region).json" }

    /// Whether `path` is such a folder: a directory holding at least one `<12 digits>-<region>.json` file (a
    /// folder-form snapshot's files start with a service name, never with digits).
    public static func isRecording(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
              let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        return names.contains { parse($0) != nil } || names.contains(unauditedFile)
    }

    /// Writes the folder (created when missing); a file that cannot be written is an `InputError` naming it.
    public static func write(_ entries: [Entry], unaudited: [UnauditedAccount], to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw InputError("--record \(directory): cannot create the folder")
        }
        for entry in entries {
            let path = (directory as NSString).appendingPathComponent(fileName(account: entry.account, region: entry.region))
            do {
                try OutputFile.write(try entry.snapshot.json(), to: path)
            } catch {
                throw InputError("--record \(path): cannot write the file")
            }
        }
        let path = (directory as NSString).appendingPathComponent(unauditedFile)
        if unaudited.isEmpty {
            try? FileManager.default.removeItem(atPath: path)
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(UnauditedFile(format: Snapshot.formatVersion, unaudited: unaudited.sorted()))
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw InputError("--record \(path): cannot write the file")
        }
    }

    /// The recorded account-regions, sorted by account then region, and the unaudited ones.
    public static func load(_ directory: String) throws -> (entries: [Entry], unaudited: [UnauditedAccount]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw InputError("\(directory): cannot read the folder")
        }
        var entries: [Entry] = []
        for name in names.sorted() {
            guard let (account, region) = parse(name) else { continue }
            let snapshot = try Snapshot.loadFile((directory as NSString).appendingPathComponent(name))
            entries.append(Entry(account: account, region: region, snapshot: snapshot))
        }
        var unaudited: [UnauditedAccount] = []
        let path = (directory as NSString).appendingPathComponent(unauditedFile)
        if let data = FileManager.default.contents(atPath: path) {
            do {
                unaudited = try JSONDecoder().decode(UnauditedFile.self, from: data).unaudited
            } catch {
                throw InputError("\(path): not an ecs-medic list of unaudited accounts (expected {\"format\": 1, \"unaudited\": [...]})")
            }
        }
        entries.sort { ($0.account, $0.region) < ($1.account, $1.region) }
        return (entries, unaudited.sorted())
    }

    /// `111122223333-eu-west-1.json` → (`111122223333`, `eu-west-1`).
    static func parse(_ name: String) -> (String, String)? {
        guard name.hasSuffix(".json") else { return nil }
        let base = name.dropLast(5)
        guard let dash = base.firstIndex(of: "-") else { return nil }
        let account = base[..<dash], region = base[base.index(after: dash)...]
        guard account.count == 12, account.allSatisfy(\.isNumber), !region.isEmpty,
              region.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else { return nil }
        return (String(account), String(region))
    }

    private struct UnauditedFile: Codable {
        var format: Int
        var unaudited: [UnauditedAccount]
    }
}
