import AWSClient
import Foundation

/// How apply steps reach AWS: reads always go out (a dry run reads too, to know what is already in place);
/// writes are printed on the output and, unless this is a dry run, sent.
public struct ApplyCaller: Sendable {
    public let client: AWSClient
    public let dryRun: Bool
    /// Seconds a created resource may take to become available before the step fails.
    public let waitTimeout: Double
    /// Receives each write, as one line (stdout in the CLI).
    let output: @Sendable (String) -> Void
    /// Receives progress lines (stderr in the CLI).
    let progress: @Sendable (String) -> Void

    public init(client: AWSClient, dryRun: Bool, waitTimeout: Double = 300,
                output: @escaping @Sendable (String) -> Void, progress: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.dryRun = dryRun
        self.waitTimeout = waitTimeout
        self.output = output
        self.progress = progress
    }

    func read(_ service: AWSServiceID, _ operation: String, _ input: JSONValue) async throws -> JSONValue {
        try await client.send(service, operation, input)
    }

    /// The call's response, or nil in a dry run (nothing sent).
    func write(_ service: AWSServiceID, _ operation: String, _ input: JSONValue) async throws -> JSONValue? {
        output("\(dryRun ? "would call" : "calling") \(service.rawValue) \(operation) \(FixNames.json(input))")
        guard !dryRun else { return nil }
        return try await client.send(service, operation, input)
    }

    /// Polls `state` every `interval` seconds until it returns `target`, reporting on the progress stream, for at
    /// most `waitTimeout` seconds.
    func wait(for resource: String, until target: String, interval: Double = 2,
              state: () async throws -> String?) async throws {
        let started = Date()
        while true {
            let current = try await state() ?? "unknown"
            let elapsed = Int(Date().timeIntervalSince(started))
            if current.lowercased() == target.lowercased() {
                if elapsed > 0 { progress("ecs-medic: \(resource) is \(target) after \(elapsed) s") }
                return
            }
            if ["failed", "rejected", "deleted"].contains(current.lowercased()) || Double(elapsed) >= waitTimeout {
                throw ApplyError("\(resource) is \(current), not \(target), after \(elapsed) s")
            }
            progress("ecs-medic: waiting for \(resource) to be \(target) (now \(current), \(elapsed) s of \(Int(waitTimeout)) s)")
            try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
        }
    }

    /// The tag every resource ecs-medic creates carries, in the EC2 `TagSpecifications` shape.
    static func tagSpecifications(_ resourceType: String) -> JSONValue {
        [["ResourceType": .string(resourceType), "Tags": [["Key": .string(createdByKey), "Value": .string(createdByValue)]]]]
    }

    static let createdByKey = "created-by"
    static let createdByValue = "ecs-medic"

    /// Whether an EC2 `Tags` list carries the created-by tag.
    static func createdByECSMedic(_ tags: JSONValue?) -> Bool {
        (tags?.arrayValue ?? []).contains { $0["Key"]?.stringValue == createdByKey && $0["Value"]?.stringValue == createdByValue }
    }
}
