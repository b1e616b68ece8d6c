import Foundation

/// Log lines of one container that name one destination, joined to what the facts say it is and to the network
/// verdicts for it: "the app timed out connecting to orders-db:5432" beside "the DB security group does not admit
/// the task", as one piece of evidence.
public struct LogJoin: Sendable, Equatable {
    public var container: String
    /// Where the lines were read: `/ecs/demo-app ecs/app/<task id>`.
    public var stream: String
    /// Every matching line, oldest first (a runtime that retries logs one per attempt).
    public var matches: [LogSignatureMatch]
    /// The timestamp (ms since 1970) of each match, when the event had one.
    public var timestamps: [Int64?]
    /// The port the lines name, else the one the configuration names.
    public var port: Int?
    public var destination: LogDestination
    /// The verdicts of the paths from the task to the destination (empty when the facts give none).
    public var verdicts: [PathVerdict]

    /// The newest line.
    public var last: LogSignatureMatch { matches[matches.count - 1] }

    /// What the lines say happened: `timed out`, `was refused`, `failed`.
    public var failure: String {
        switch last.kind {
        case .connectionTimeout: return "timed out"
        case .connectionRefused: return "was refused"
        default: return "failed"
        }
    }

    /// The log evidence: the newest line with its time and how many like it came before, then what the host is.
    public var evidence: [Evidence] {
        let count = matches.count
        let when = timestamps.last.flatMap { $0 }.map { " at \(Self.time($0))" } ?? ""
        let repeated = count > 1 ? " (\(count) lines like it)" : ""
        let target = port.map { "\(destination.host):\($0)" } ?? destination.host
        return [
            Evidence(fact: "container \(container) logged\(when) that its connection to \(target) \(failure)\(repeated): \(last.line)",
                     resource: stream, source: "logs:GetLogEvents"),
            Evidence(fact: "\(destination.host) is \(destination.description)", resource: destination.resource,
                     source: destination.source),
        ]
    }

    /// `2026-11-23T18:13:27.456Z`.
    static func time(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}

extension LogDestination {
    /// The resource the destination is: the database, the endpoint, the subnet, or the host itself.
    var resource: String {
        switch kind {
        case .database(let target): return target.identifier
        case .interfaceEndpoint(let id, _): return id
        case .vpcAddress(let subnet): return subnet ?? host
        case .privateZone(let zone, _, _): return zone
        case .unknown: return host
        }
    }

    /// The call the fact that identifies it came from.
    var source: String {
        switch kind {
        case .database(let target): return target.arn?.contains(":cluster:") == true ? "rds:DescribeDBClusters" : "rds:DescribeDBInstances"
        case .interfaceEndpoint: return "ec2:DescribeVpcEndpoints"
        case .vpcAddress: return "ec2:DescribeSubnets"
        case .privateZone: return "route53:ListResourceRecordSets"
        case .unknown: return "rds:DescribeDBClusters"
        }
    }
}
