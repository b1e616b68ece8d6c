/// Everything ecs-medic knows about one deployment, as immutable values. A nil collection means the call that
/// lists it was not made or failed (unknown), never that there are none; `unverified` says why.
public struct Facts: Sendable {
    public var region: String?
    public var account: String?
    public var tasks: [ECSTask]?
    public var taskDefinitions: [TaskDefinition]?
    public var services: [ECSService]?
    public var subnets: [Subnet]?
    public var routeTables: [RouteTable]?
    public var vpcs: [VPC]?
    /// DNS attributes by VPC id; a VPC missing here has unknown attributes.
    public var vpcDNS: [String: VPCDNSAttributes] = [:]
    public var vpcEndpoints: [VPCEndpoint]?
    public var securityGroups: [SecurityGroup]?
    public var networkACLs: [NetworkACL]?
    public var natGateways: [NATGateway]?
    public var internetGateways: [InternetGateway]?
    public var networkInterfaces: [NetworkInterface]?
    public var dhcpOptions: [DHCPOptions]?
    public var prefixLists: [PrefixList]?
    /// CIDRs of customer-managed prefix lists by id (security group rules may reference them).
    public var managedPrefixListEntries: [String: [String]] = [:]
    /// Route 53 private hosted zones by the VPC they are associated with (`route53 list-hosted-zones-by-vpc`); a VPC
    /// missing here was not asked about.
    public var privateHostedZones: [String: [PrivateHostedZone]] = [:]
    /// VPCs whose private hosted zones could not be listed (access denied...): how names resolve there is unknown.
    public var privateHostedZonesFailed: Set<String> = []
    /// Record sets by hosted zone id (`route53 list-resource-record-sets`); a zone missing here was not read.
    public var resourceRecordSets: [String: [ResourceRecordSet]] = [:]
    public var loadBalancers: [LoadBalancer]?
    public var efsMountTargets: [EFSMountTarget]?
    public var targetGroups: [TargetGroup]?
    public var secrets: [SecretMetadata]?
    public var parameters: [ParameterMetadata]?
    public var dbClusters: [DBCluster]?
    public var dbInstances: [DBInstance]?
    public var containerInstances: [ContainerInstance]?
    /// The cluster's container instances (`ecs list-container-instances`): every ARN, described or not.
    public var listedContainerInstances: [String]?
    /// Capacity providers (`ecs describe-capacity-providers`): the Auto Scaling group each one scales.
    public var capacityProviders: [CapacityProvider]?
    /// Auto Scaling groups of the capacity providers (`autoscaling describe-auto-scaling-groups`).
    public var autoScalingGroups: [AutoScalingGroup]?
    public var iam = IAMFacts()
    /// The SCPs and RCPs on the account's path through its organization; nil when the organization was not read.
    public var organization: OrganizationPolicies?
    /// Names and ARNs that AWS answered do not exist (`ResourceNotFoundException`, `ParameterNotFound`, a role's
    /// `NoSuchEntity`).
    public var notFound: Set<String> = []
    public var ec2Instances: [EC2Instance]?
    /// CloudWatch Logs groups of the region (`logs describe-log-groups`).
    public var logGroups: [LogGroup]? {
        get { logGroupList }
        set { (logGroupList, logGroupByName) = (newValue, ListIndex()) }
    }
    private var logGroupList: [LogGroup]?
    private var logGroupByName = ListIndex()
    /// Images by ECR repository name; a repository missing here was not described (unknown).
    public var ecrImages: [String: [ECRImage]] = [:]
    /// The manifests `ecr batch-get-image` answered, by repository (an empty list: it answered none).
    public var ecrManifests: [String: [ECRImageManifest]] = [:]
    /// The platform an image configuration names, by the configuration's digest (`ecr get-download-url-for-layer`).
    public var imageConfigs: [String: ImagePlatform] = [:]
    /// The clusters described (`ecs describe-clusters --include SETTINGS`): whether Container Insights is on.
    public var clusters: [ECSCluster]?
    /// The targets of each target group and their health, by target group ARN (`elbv2 describe-target-health`); a
    /// target group missing here was not asked about.
    public var targetHealth: [String: [TargetHealthDescription]] = [:]
    /// What reading each log stream gave, by stream name (`logs get-log-events`); `containerLogs(of:)` joins
    /// them to the task's containers.
    public var logStreams: [String: LogStreamRead] = [:]
    /// CloudWatch metrics around the stop, by service name (`cloudwatch get-metric-data`); a service missing here
    /// was not asked about.
    public var serviceMetrics: [String: [MetricSeries]] = [:]
    /// The answers above in the AWS CLI's JSON shapes, for rules' fact conditions (design.md §8.1).
    public var documents = FactDocuments()
    /// Calls that were attempted and failed (access denied, unreachable), with the permission they need.
    public var unverified: [UnverifiedFact] = []

    public init() {}

    /// The log group of this name; nil when it is not among the groups read (or none were).
    public func logGroup(named name: String) -> LogGroup? {
        guard let groups = logGroupList else { return nil }
        return logGroupByName.position(of: name, in: groups, keys: { [$0.logGroupName] }).map { groups[$0] }
    }

    /// Adds a log group at the end of the list (a fix's patch), keeping the index of the others.
    mutating func appendLogGroup(_ group: LogGroup) {
        logGroupList = (logGroupList ?? []) + [group]
    }

    public func subnet(_ id: String) -> Subnet? { subnets?.first { $0.subnetId == id } }
    public func vpc(_ id: String) -> VPC? { vpcs?.first { $0.vpcId == id } }
    public func securityGroup(_ id: String) -> SecurityGroup? { securityGroups?.first { $0.groupId == id } }
    public func natGateway(_ id: String) -> NATGateway? { natGateways?.first { $0.natGatewayId == id } }
    public func networkInterface(_ id: String) -> NetworkInterface? {
        networkInterfaces?.first { $0.networkInterfaceId == id }
    }

    /// The task definition with this ARN (or `family:revision`).
    public func taskDefinition(_ reference: String) -> TaskDefinition? {
        taskDefinitions?.first { definition in
            guard let arn = definition.taskDefinitionArn else { return false }
            return arn == reference || arn.hasSuffix("/" + reference)
        }
    }

    /// The route table a subnet uses: its explicit association, else its VPC's main table.
    /// Nil when route tables were not collected or the subnet's VPC has none.
    public func routeTable(forSubnet subnetId: String) -> RouteTable? {
        guard let tables = routeTables else { return nil }
        if let explicit = tables.first(where: { $0.associations?.contains { $0.subnetId == subnetId } ?? false }) {
            return explicit
        }
        guard let vpcId = subnet(subnetId)?.vpcId else { return nil }
        return tables.first { $0.vpcId == vpcId && $0.isMain }
    }

    /// The network ACL associated with a subnet, else its VPC's default ACL.
    public func networkACL(forSubnet subnetId: String) -> NetworkACL? {
        if let explicit = networkACLs?.first(where: { $0.associations?.contains { $0.subnetId == subnetId } ?? false }) {
            return explicit
        }
        guard let vpcId = subnet(subnetId)?.vpcId else { return nil }
        return networkACLs?.first { $0.vpcId == vpcId && $0.isDefault == true }
    }
}
