/// Something a task must reach over the network to start or to work, and why it must.
public struct NetworkNeed: Sendable, Hashable {
    public enum Destination: Sendable, Hashable {
        /// An AWS service endpoint on TCP 443, by endpoint service name (`secretsmanager`, `ecr.dkr`, ...).
        case awsService(name: String, region: String)
        /// A database on its port, behind its security groups.
        case database(DatabaseTarget)
        /// A container registry other than ECR (Docker Hub, GHCR, ...), by host: only the internet path reaches it.
        case registry(host: String)
        /// A load balancer's health checks to the task's container port.
        case loadBalancer(LoadBalancerTarget)
        /// An EFS file system the task mounts: NFS on TCP 2049 to a mount target in the task's Availability Zone.
        case efs(fileSystemId: String)
    }

    public var destination: Destination
    /// Why the task needs it, e.g. `secret DB_PASSWORD of container app`.
    public var reasons: [String]

    public init(_ destination: Destination, reasons: [String]) {
        self.destination = destination
        self.reasons = reasons
    }

    /// The name rules use for this need: the endpoint service name, `database`, `registry` or `load-balancer`.
    public var name: String {
        switch destination {
        case .awsService(let name, _): return name
        case .database: return "database"
        case .registry: return "registry"
        case .loadBalancer: return "load-balancer"
        case .efs: return "efs"
        }
    }

    /// True for what the ECS agent fetches before the task starts (secrets, images, logs, environment files),
    /// false for what the application connects to.
    public var isAgentSide: Bool {
        switch destination {
        case .awsService, .registry, .efs: return true
        case .database, .loadBalancer: return false
        }
    }

    /// What a person calls it: `Secrets Manager`, `the database demo-aurora-cluster`.
    public var displayName: String {
        switch destination {
        case .awsService(let name, _): return Self.serviceDisplayNames[name] ?? name
        case .database(let target): return "the database \(target.identifier)"
        case .registry(let host): return "the registry \(host)"
        case .loadBalancer(let target): return "health checks of \(target.name)"
        case .efs(let fileSystemId): return "EFS file system \(fileSystemId)"
        }
    }

    static let serviceDisplayNames = [
        "secretsmanager": "Secrets Manager", "ssm": "SSM Parameter Store", "ecr.api": "the ECR API",
        "ecr.dkr": "the ECR registry", "s3": "Amazon S3", "logs": "CloudWatch Logs", "kms": "AWS KMS",
        "sts": "AWS STS", "ecs": "Amazon ECS",
    ]
}

/// A database the task connects to: where it listens and which security groups guard it.
public struct DatabaseTarget: Sendable, Hashable {
    public var identifier: String
    public var arn: String?
    public var endpoint: String?
    /// The port the database listens on (what its security groups must admit).
    public var port: Int
    /// The port the task's configuration names for it (`...amazonaws.com:5433` in `DATABASE_URL`), when it names one.
    public var configuredPort: Int? = nil
    /// Every name the database answers to: cluster (writer), reader and instance endpoints.
    public var hostNames: [String] = []
    public var securityGroupIds: [String]
    /// The subnets its instances live in, when known (their CIDRs bound the addresses the task connects to).
    public var subnetIds: [String]
    /// How ecs-medic found it: `MasterUserSecret of demo-aurora-cluster`, `DATABASE_URL`, `--database`.
    public var discoveredBy: String

    public init(identifier: String, arn: String?, endpoint: String?, port: Int, securityGroupIds: [String],
                subnetIds: [String], discoveredBy: String) {
        self.identifier = identifier
        self.arn = arn
        self.endpoint = endpoint
        self.port = port
        self.securityGroupIds = securityGroupIds
        self.subnetIds = subnetIds
        self.discoveredBy = discoveredBy
    }
}

/// A load balancer whose health checks must reach the task: where they come from and the port they probe.
public struct LoadBalancerTarget: Sendable, Hashable {
    public var name: String
    public var arn: String
    public var targetGroupArn: String
    /// Empty for a load balancer without security groups (a Network Load Balancer created without them).
    public var securityGroupIds: [String]
    public var subnetIds: [String]
    public var port: Int

    public init(name: String, arn: String, targetGroupArn: String, securityGroupIds: [String], subnetIds: [String],
                port: Int) {
        self.name = name
        self.arn = arn
        self.targetGroupArn = targetGroupArn
        self.securityGroupIds = securityGroupIds
        self.subnetIds = subnetIds
        self.port = port
    }
}
