/// A Route 53 private hosted zone associated with a VPC, as `aws route53 list-hosted-zones-by-vpc` prints it
/// (one of its `HostedZoneSummaries`). Names in it resolve inside the VPC the way its records say.
public struct PrivateHostedZone: Sendable, Decodable, Equatable {
    public var hostedZoneId: String
    /// The zone's domain, with or without the final dot (`secretsmanager.us-east-1.amazonaws.com.`).
    public var name: String

    /// The zone's id without the `/hostedzone/` prefix some answers carry.
    public var id: String {
        hostedZoneId.split(separator: "/").last.map(String.init) ?? hostedZoneId
    }

    /// The domain in lower case without the final dot.
    public var domain: String { DNSName.normalized(name) }
}
