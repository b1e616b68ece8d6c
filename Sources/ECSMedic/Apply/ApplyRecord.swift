import Foundation

/// The JSON file an apply writes before and after each step: what it meant to do and what it created, with ids,
/// so that an interrupted apply can be resumed and `fix --undo RECORD` removes exactly what it created.
public struct ApplyRecord: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Steps are running (or the process died while they were).
        case applying
        case complete
        /// A step failed; later steps did not run.
        case stopped
        /// `--undo` removed everything the record lists.
        case undone
    }

    /// One step of the plan, in order.
    public struct Entry: Sendable, Codable, Equatable {
        public enum Status: String, Sendable, Codable {
            case planned, started, done, inPlace, refused, failed
        }

        public var summary: String
        public var status: Status
        /// What the step created or modified, with ids, as soon as AWS returned them.
        public var created: [AppliedResource]
        /// What `--undo` already removed of `created`.
        public var undone: [AppliedResource]
        /// Why the step failed or was refused.
        public var reason: String?

        public init(summary: String, status: Status, created: [AppliedResource] = [], undone: [AppliedResource] = [], reason: String? = nil) {
            self.summary = summary
            self.status = status
            self.created = created
            self.undone = undone
            self.reason = reason
        }
    }

    public var tool = "ecs-medic"
    public var version = ECSMedicVersion.current
    public var region: String
    public var started: String
    public var status: Status
    public var steps: [Entry]

    public init(region: String, started: Date, status: Status, steps: [Entry]) {
        self.region = region
        self.started = ISO8601DateFormatter().string(from: started)
        self.status = status
        self.steps = steps
    }

    public static func load(from path: String) throws -> ApplyRecord {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read the apply record")
        }
        do {
            return try JSONDecoder().decode(ApplyRecord.self, from: data)
        } catch {
            throw InputError("\(path): not an ecs-medic apply record (\(error))")
        }
    }

    /// Writes the record atomically (a reader never sees half a file).
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            try OutputFile.write(try encoder.encode(self) + Data("\n".utf8), to: path)
        } catch {
            throw InputError("\(path): cannot write the apply record (\(error.localizedDescription))")
        }
    }

    /// `ecs-medic-apply-<UTC timestamp>.json`, the default record name in the working directory.
    public static func defaultPath(at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "ecs-medic-apply-\(formatter.string(from: date)).json"
    }
}
