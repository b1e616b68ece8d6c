/// A task definition's `valueFrom`: a Secrets Manager secret (ARN, with optional `:json-key:version-stage:version-id`)
/// or an SSM parameter (ARN or name).
public struct SecretReference: Sendable, Equatable {
    /// `secretsmanager` or `ssm`.
    public var service: String
    /// The secret's or parameter's ARN without the JSON key and version suffix; nil for a bare parameter name.
    public var arn: String?
    /// A bare parameter name, when `valueFrom` is not an ARN.
    public var name: String?
    public var region: String?
    public var jsonKey: String?

    public init(_ valueFrom: String) {
        guard let parsed = ARN(valueFrom) else {
            service = "ssm"
            name = valueFrom
            return
        }
        region = parsed.region
        if parsed.service == "secretsmanager" {
            service = "secretsmanager"
            // secret:NAME[:json-key[:version-stage[:version-id]]]
            let parts = parsed.resource.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let base = parts.prefix(2).joined(separator: ":")
            arn = "arn:\(parsed.partition):secretsmanager:\(parsed.region):\(parsed.account):\(base)"
            if parts.count > 2, !parts[2].isEmpty { jsonKey = parts[2] }
        } else {
            service = parsed.service
            arn = valueFrom
        }
    }
}
