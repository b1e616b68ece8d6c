/// A finding a team has accepted for a while (`.ecs-medic.yaml`): the rule, the resource it is about (one of the
/// finding's resources, or the target service), why, and until when. An expired suppression stops suppressing.
public struct Suppression: Sendable, Equatable, Codable {
    public var rule: String
    public var resource: String
    public var reason: String
    /// The last day it applies, `YYYY-MM-DD` (UTC); nil for no end.
    public var expires: String?
    /// Where it is written, `file:line`, so that an expiry notice says where to look.
    public var location: String

    public init(rule: String, resource: String, reason: String, expires: String? = nil, location: String) {
        self.rule = rule
        self.resource = resource
        self.reason = reason
        self.expires = expires
        self.location = location
    }

    /// Expired when `today` (`YYYY-MM-DD`) is after the last day.
    public func isExpired(today: String) -> Bool {
        expires.map { $0 < today } ?? false
    }

    /// Whether it names this finding: same rule, and the resource is one of the finding's or the target service.
    public func matches(_ finding: Finding, in result: DiagnosisResult) -> Bool {
        guard rule == finding.rule else { return false }
        return finding.resources.contains(resource) || resource == result.target.service
            || resource == "\(result.target.cluster ?? "")/\(result.target.service ?? "")"
    }
}

/// A finding left out of the report by a suppression (listed in the JSON report so that nothing is hidden).
public struct SuppressedFinding: Sendable, Equatable, Codable {
    public var rule: String
    public var fingerprint: String
    public var resource: String
    public var reason: String
    public var expires: String?
}
