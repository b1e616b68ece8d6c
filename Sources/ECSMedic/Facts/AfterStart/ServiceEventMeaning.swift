import Foundation

/// What an ECS service event (`aws ecs describe-services`, `events[].message`) says, parsed from the wording ECS
/// uses: `(service orders) (task 1a2b) failed container health checks.`, `(service orders) (task 1a2b) (port 8080)
/// is unhealthy in (target-group arn:...) due to (reason Request timed out).`, `(service orders) has started 2
/// tasks: (task 1a2b) (task 3c4d).` A message of no known wording is `.other`, with nothing read from it.
public struct ServiceEventMeaning: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case failedContainerHealthChecks
        case unhealthyInTargetGroup
        case unableToPlaceTask
        case failedToLaunchTask
        case startedTasks
        case stoppedTasks
        case registeredTargets
        case deregisteredTargets
        case steadyState
        case deploymentFailed
        case other
    }

    public var kind: Kind
    /// The task ids the event names (`(task 1a2b)`).
    public var tasks: [String] = []
    /// The target group ARN (`(target-group arn:...)`).
    public var targetGroupArn: String?
    /// The port (`(port 8080)`).
    public var port: Int?
    /// The reason ECS gives: `(reason Request timed out)`, `(error ...)`, or what follows `because` / `Reason:`
    /// when a task could not be placed, or the deployment failure's text.
    public var reason: String?
    /// How many tasks or targets were started, stopped, registered or deregistered.
    public var count: Int?

    /// The wording of each kind, in the order they are tried (the first match decides).
    static let phrases: [(Kind, String)] = [
        (.failedContainerHealthChecks, "failed container health checks"),
        (.unhealthyInTargetGroup, "is unhealthy in (target-group "),
        (.unhealthyInTargetGroup, "failed elb health checks in (target-group "),
        (.unableToPlaceTask, "was unable to place a task"),
        (.failedToLaunchTask, "failed to launch a task"),
        (.startedTasks, "has started "),
        (.stoppedTasks, "has stopped "),
        (.deregisteredTargets, "deregistered "),
        (.registeredTargets, "registered "),
        (.steadyState, "has reached a steady state"),
        (.deploymentFailed, "deployment failed"),
    ]

    public init(_ message: String) {
        let lowered = message.lowercased()
        kind = Self.phrases.first { lowered.contains($0.1) }?.0 ?? .other
        guard kind != .other else { return }
        tasks = Self.groups("task", in: message)
        targetGroupArn = Self.groups("target-group", in: message).first
        port = Self.groups("port", in: message).first.flatMap { Int($0) }
        switch kind {
        case .unhealthyInTargetGroup:
            reason = Self.groups("reason", in: message).first
        case .failedToLaunchTask:
            reason = Self.groups("error", in: message).first
        case .unableToPlaceTask:
            reason = Self.tail(of: message, after: ["because ", "Reason: ", "reason: "])
        case .deploymentFailed:
            reason = Self.tail(of: message, after: ["deployment failed: ", "deployment failed. "])
        case .startedTasks, .stoppedTasks, .registeredTargets, .deregisteredTargets:
            let word = ["has started ", "has stopped ", "deregistered ", "registered "].first { lowered.contains($0) } ?? ""
            if let range = lowered.range(of: word) {
                count = Int(lowered[range.upperBound...].prefix { $0.isNumber })
            }
        default: break
        }
    }

    /// The values of every `(<name> value)` group of the message, in order.
    static func groups(_ name: String, in message: String) -> [String] {
        var values: [String] = []
        var rest = message[...]
        while let open = rest.range(of: "(\(name) ") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: ")") else { break }
            // A reason may hold brackets (`codes: [404]`) but no closing parenthesis of its own.
            values.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return values
    }

    /// What follows the first of `markers` in the message, without a trailing period.
    static func tail(of message: String, after markers: [String]) -> String? {
        for marker in markers {
            if let range = message.range(of: marker) {
                var text = String(message[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                if text.hasSuffix(".") { text.removeLast() }
                return text.isEmpty ? nil : text
            }
        }
        return nil
    }
}
