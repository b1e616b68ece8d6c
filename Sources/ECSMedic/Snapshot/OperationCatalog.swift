import AWSClient

/// Every AWS read operation ecs-medic makes, each declared once. The snapshot decoder reads only these, the live
/// collectors call only these, `ecs-medic policy` allows exactly these and `snapshot commands` prints them with
/// the file names the decoder reads.
public enum OperationCatalog {
    // STS and ECS
    public static let getCallerIdentity = AWSOperation(.sts, "GetCallerIdentity", reads: "Account")
    public static let describeServices = AWSOperation(.ecs, "DescribeServices", reads: "services")
    public static let listTasks = AWSOperation(.ecs, "ListTasks", reads: "taskArns (for its errors)")
    public static let describeTasks = AWSOperation(.ecs, "DescribeTasks", reads: "tasks")
    public static let describeTaskDefinition = AWSOperation(.ecs, "DescribeTaskDefinition", reads: "taskDefinition")
    public static let describeContainerInstances = AWSOperation(.ecs, "DescribeContainerInstances", reads: "containerInstances")
    public static let listClusters = AWSOperation(.ecs, "ListClusters", reads: "clusterArns (for its errors)", collection: .liveOnly)
    public static let listServices = AWSOperation(.ecs, "ListServices", reads: "serviceArns (for its errors)", collection: .liveOnly)
    public static let describeClusters = AWSOperation(.ecs, "DescribeClusters", reads: "clusters (settings: containerInsights)")

    // EC2 capacity: the cluster's container instances, its capacity providers and their Auto Scaling groups
    public static let listContainerInstances = AWSOperation(.ecs, "ListContainerInstances", reads: "containerInstanceArns")
    public static let describeCapacityProviders = AWSOperation(.ecs, "DescribeCapacityProviders", reads: "capacityProviders")
    public static let describeAutoScalingGroups = AWSOperation(.autoscaling, "DescribeAutoScalingGroups", reads: "AutoScalingGroups")

    // EC2: the network
    public static let describeSubnets = AWSOperation(.ec2, "DescribeSubnets", reads: "Subnets")
    public static let describeVpcs = AWSOperation(.ec2, "DescribeVpcs", reads: "Vpcs")
    public static let describeVpcAttribute = AWSOperation(.ec2, "DescribeVpcAttribute", reads: "VpcId, EnableDnsSupport, EnableDnsHostnames")
    public static let describeRouteTables = AWSOperation(.ec2, "DescribeRouteTables", reads: "RouteTables")
    public static let describeVpcEndpoints = AWSOperation(.ec2, "DescribeVpcEndpoints", reads: "VpcEndpoints")
    public static let describeSecurityGroups = AWSOperation(.ec2, "DescribeSecurityGroups", reads: "SecurityGroups")
    public static let describeNetworkAcls = AWSOperation(.ec2, "DescribeNetworkAcls", reads: "NetworkAcls")
    public static let describeNatGateways = AWSOperation(.ec2, "DescribeNatGateways", reads: "NatGateways")
    public static let describeInternetGateways = AWSOperation(.ec2, "DescribeInternetGateways", reads: "InternetGateways")
    public static let describeNetworkInterfaces = AWSOperation(.ec2, "DescribeNetworkInterfaces", reads: "NetworkInterfaces")
    public static let describeDhcpOptions = AWSOperation(.ec2, "DescribeDhcpOptions", reads: "DhcpOptions")
    public static let describePrefixLists = AWSOperation(.ec2, "DescribePrefixLists", reads: "PrefixLists")
    public static let getManagedPrefixListEntries = AWSOperation(.ec2, "GetManagedPrefixListEntries", reads: "Entries",
                                                                  label: "PrefixListId")
    public static let describeInstances = AWSOperation(.ec2, "DescribeInstances", reads: "Reservations")
    /// The regions enabled for the account (`audit --region all`).
    public static let describeRegions = AWSOperation(.ec2, "DescribeRegions", reads: "Regions", collection: .liveOnly)

    // Load balancing, EFS, Route 53
    public static let describeTargetGroups = AWSOperation(.elbv2, "DescribeTargetGroups", reads: "TargetGroups")
    public static let describeLoadBalancers = AWSOperation(.elbv2, "DescribeLoadBalancers", reads: "LoadBalancers")
    public static let describeTargetHealth = AWSOperation(.elbv2, "DescribeTargetHealth", reads: "TargetHealthDescriptions",
                                                           label: "TargetGroupArn (or the target group's name)")
    public static let describeMountTargets = AWSOperation(.efs, "DescribeMountTargets", reads: "MountTargets")
    public static let describeMountTargetSecurityGroups = AWSOperation(.efs, "DescribeMountTargetSecurityGroups",
                                                                        reads: "SecurityGroups", label: "MountTargetId")
    public static let listHostedZonesByVPC = AWSOperation(.route53, "ListHostedZonesByVPC", reads: "HostedZoneSummaries",
                                                           label: "VPCId")
    public static let listResourceRecordSets = AWSOperation(.route53, "ListResourceRecordSets", reads: "ResourceRecordSets",
                                                             label: "HostedZoneId")

    // IAM, secrets, keys
    public static let getRole = AWSOperation(.iam, "GetRole", reads: "Role")
    public static let listRolePolicies = AWSOperation(.iam, "ListRolePolicies", reads: "PolicyNames", label: "RoleName")
    public static let getRolePolicy = AWSOperation(.iam, "GetRolePolicy", reads: "RoleName, PolicyName, PolicyDocument")
    public static let listAttachedRolePolicies = AWSOperation(.iam, "ListAttachedRolePolicies", reads: "AttachedPolicies",
                                                               label: "RoleName")
    public static let getPolicy = AWSOperation(.iam, "GetPolicy", reads: "Policy")
    public static let getPolicyVersion = AWSOperation(.iam, "GetPolicyVersion", reads: "PolicyVersion.Document",
                                                       label: "PolicyArn (or the policy name)")
    public static let describeSecret = AWSOperation(.secretsmanager, "DescribeSecret", reads: "the secret's metadata (never its value)")
    public static let getResourcePolicy = AWSOperation(.secretsmanager, "GetResourcePolicy", reads: "ARN, ResourcePolicy")
    public static let describeParameters = AWSOperation(.ssm, "DescribeParameters", reads: "Parameters (metadata, never values)")
    public static let describeKey = AWSOperation(.kms, "DescribeKey", reads: "KeyMetadata", label: "KeyId (a key id, ARN or alias as asked)")
    public static let getKeyPolicy = AWSOperation(.kms, "GetKeyPolicy", reads: "Policy", label: "KeyId")
    public static let listAliases = AWSOperation(.kms, "ListAliases", reads: "Aliases", collection: .scriptOnly)

    // Task definition references, databases
    public static let describeLogGroups = AWSOperation(.logs, "DescribeLogGroups", reads: "logGroups")

    // After the task started: its containers' logs, the service's metrics
    public static let getLogEvents = AWSOperation(.logs, "GetLogEvents", reads: "events (redacted)", label: "logStreamName")
    public static let getMetricData = AWSOperation(.cloudwatch, "GetMetricData", reads: "MetricDataResults (by query Id)",
                                                    label: "ServiceName")
    public static let describeImages = AWSOperation(.ecr, "DescribeImages", reads: "imageDetails", label: "repositoryName")
    /// The manifests of the images the task definitions name, every manifest media type accepted (an index or
    /// manifest list names its platforms).
    public static let batchGetImage = AWSOperation(.ecr, "BatchGetImage", reads: "images (imageManifest), failures",
                                                   label: "repositoryName")
    /// A single manifest's configuration blob, where its platform is: ECR answers a presigned URL, whose small JSON
    /// document is fetched (never a layer) and recorded as the answer, reduced to its platform members.
    public static let getDownloadUrlForLayer = AWSOperation(
        .ecr, "GetDownloadUrlForLayer", reads: "the image configuration its downloadUrl serves: architecture, os, variant, os.version",
        label: "layerDigest (the configuration's digest)",
        download: AWSOperation.Download(urlMember: "downloadUrl", maxBytes: 64 * 1024,
                                        members: ["architecture", "os", "os.version", "variant"]))
    /// The manifest media types asked of `batchGetImage`: OCI index, Docker manifest list, OCI and Docker manifests.
    public static let manifestMediaTypes = ECRImageManifest.indexMediaTypes + ECRImageManifest.imageMediaTypes
    public static let describeDBClusters = AWSOperation(.rds, "DescribeDBClusters", reads: "DBClusters")
    public static let describeDBInstances = AWSOperation(.rds, "DescribeDBInstances", reads: "DBInstances")

    // Organizations, read with the caller's own credentials (the management account or a delegated administrator)
    // by an audit of several accounts: the accounts, and the SCPs and RCPs on each account's path from the root.
    public static let listAccounts = AWSOperation(.organizations, "ListAccounts", reads: "Accounts", collection: .liveOnly)
    public static let describeOrganization = AWSOperation(.organizations, "DescribeOrganization", reads: "Organization.MasterAccountId",
                                                          collection: .liveOnly)
    public static let listParents = AWSOperation(.organizations, "ListParents", reads: "Parents", label: "ChildId",
                                                 collection: .liveOnly)
    public static let listPoliciesForTarget = AWSOperation(.organizations, "ListPoliciesForTarget", reads: "Policies",
                                                           label: "TargetId", collection: .liveOnly)
    public static let describePolicy = AWSOperation(.organizations, "DescribePolicy", reads: "Policy.Content",
                                                    collection: .liveOnly)

    /// The whole catalog.
    public static let all: [AWSOperation] = [
        getCallerIdentity, describeServices, listTasks, describeTasks, describeTaskDefinition, describeContainerInstances,
        listClusters, listServices, describeClusters,
        listContainerInstances, describeCapacityProviders, describeAutoScalingGroups,
        describeSubnets, describeVpcs, describeVpcAttribute, describeRouteTables, describeVpcEndpoints, describeSecurityGroups,
        describeNetworkAcls, describeNatGateways, describeInternetGateways, describeNetworkInterfaces, describeDhcpOptions,
        describePrefixLists, getManagedPrefixListEntries, describeInstances, describeRegions,
        describeTargetGroups, describeLoadBalancers, describeTargetHealth, describeMountTargets, describeMountTargetSecurityGroups,
        listHostedZonesByVPC, listResourceRecordSets,
        getRole, listRolePolicies, getRolePolicy, listAttachedRolePolicies, getPolicy, getPolicyVersion,
        describeSecret, getResourcePolicy, describeParameters, describeKey, getKeyPolicy, listAliases,
        describeLogGroups, describeImages, batchGetImage, getDownloadUrlForLayer, describeDBClusters, describeDBInstances,
        getLogEvents, getMetricData,
        listAccounts, describeOrganization, listParents, listPoliciesForTarget, describePolicy,
    ]

    /// The services whose calls a snapshot may hold, as the AWS CLI names them.
    public static let services: Set<String> = Set(all.map(\.service.rawValue))

    private static let byKey: [String: [String: AWSOperation]] = Dictionary(grouping: all, by: \.service.rawValue)
        .mapValues { Dictionary(uniqueKeysWithValues: $0.map { (SnapshotCall.fold($0.name), $0) }) }

    /// The operation a recorded call names: `ec2` and `describe-route-tables` or `DescribeRouteTables`.
    public static func operation(service: String, named name: String) -> AWSOperation? {
        byKey[service]?[SnapshotCall.fold(name)]
    }

    /// The operations of one service (for `service` as the CLI names it).
    static func operations(of service: String) -> [AWSOperation] {
        all.filter { $0.service.rawValue == service }
    }
}
