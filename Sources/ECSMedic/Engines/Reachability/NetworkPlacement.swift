/// Where a task sits on the network: its subnet, address, security groups and whether it has a public IP.
/// Unknown parts are nil and come with the unverified facts that explain them.
public struct NetworkPlacement: Sendable, Equatable {
    public var subnetId: String
    public var privateIP: String?
    public var networkInterfaceId: String?
    public var securityGroupIds: [String]?
    public var hasPublicIP: Bool?
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
}
