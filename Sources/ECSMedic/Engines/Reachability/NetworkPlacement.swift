/// Where a task sits on the network: its subnet, address, security groups and whether it has a public IP.
/// Unknown parts are nil and come with the unverified facts that explain them.
public struct NetworkPlacement: Sendable, Hashable {
    public var subnetId: String
    public var privateIP: String?
    /// The task's IPv6 address (dual-stack and IPv6-only subnets), when its network interface was described.
    public var ipv6Address: String?
    public var networkInterfaceId: String?
    public var securityGroupIds: [String]?
    public var hasPublicIP: Bool?
    /// The ports the task's OS picks for its outgoing connections, where return traffic arrives
    /// (Linux 32768-60999, Windows 49152-65535).
    /// The resource that decides whether the task has a public IP: the service (its `assignPublicIp`), the task's
    /// network interface, or the container instance. Findings about a missing public IP name it.
    public var publicIPDecidedBy: String?
    public var ephemeralPorts: ClosedRange<Int> = NetworkPlacement.linuxEphemeralPorts
    /// Where the placement was read from, e.g. `attachment of task 0f1e…; security groups of deployment ecs-svc/…`.
    public var source: String

    public init(subnetId: String, privateIP: String? = nil, networkInterfaceId: String? = nil,
                securityGroupIds: [String]? = nil, hasPublicIP: Bool? = nil, source: String) {
        self.subnetId = subnetId
        self.privateIP = privateIP
        self.networkInterfaceId = networkInterfaceId
        self.securityGroupIds = securityGroupIds
        self.hasPublicIP = hasPublicIP
        self.source = source
    }

    public static let linuxEphemeralPorts = 32768...60999
    public static let windowsEphemeralPorts = 49152...65535
}
