/// What a host (or address) named in a container's log is, according to the facts.
public struct LogDestination: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A database of the facts: one of its endpoints, or an address in its subnets.
        case database(DatabaseTarget)
        /// An interface endpoint of the VPC, by one of its DNS names or addresses.
        case interfaceEndpoint(endpointId: String, service: String)
        /// Another address inside the VPC.
        case vpcAddress(subnetId: String?)
        /// A name under a private hosted zone associated with the VPC; `recorded` when a record set answers it.
        case privateZone(zoneId: String, domain: String, recorded: Bool)
        /// A name or address the facts do not hold (outside the VPC, or not one of its resources).
        case unknown
    }

    /// The host as the log wrote it.
    public var host: String
    public var kind: Kind
    /// What it is, in words: `the cluster endpoint of demo-aurora-cluster`.
    public var description: String
}
