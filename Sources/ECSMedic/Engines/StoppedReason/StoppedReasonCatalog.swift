/// The stopped-reason categories of design.md §6, in that order: the ids are a contract, the texts are advice.
/// The rules that check a category's facts say so themselves (`explains:` in their files).
public enum StoppedReasonCatalog {
    /// Every category, `unknown` last.
    public static let categories: [StoppedReasonCategory] = [
        StoppedReasonCategory(
            id: "secrets-unreachable",
            title: "The task could not reach Secrets Manager or SSM Parameter Store",
            causes: [
                "The task's subnet has no route out: no NAT gateway, or an internet gateway but no public IP, and no secretsmanager/ssm interface endpoint",
                "An interface endpoint exists but its security groups do not admit HTTPS (443) from the task",
                "The endpoint's private DNS, or the VPC's enableDnsSupport/enableDnsHostnames, is off, so the service name resolves to public addresses",
                "The task's security groups or the subnet's network ACLs block outbound 443 or its return traffic",
                "When the message was cut before its error code, the call may have been refused rather than lost: see secrets-access-denied",
            ],
            checks: [
                "Route tables of the task's subnets: 0.0.0.0/0 to a NAT gateway, or to an internet gateway with assignPublicIp ENABLED",
                "Interface endpoints com.amazonaws.REGION.secretsmanager and com.amazonaws.REGION.ssm in the task's VPC, in the task's subnets, with private DNS on",
                "Inbound rules of the endpoints' security groups: 443 from the task's security groups or subnet CIDR",
                "Outbound 443 in the task's security groups; outbound 443 and inbound 1024-65535 in the subnet's network ACLs",
                "The VPC's enableDnsSupport and enableDnsHostnames attributes",
            ]),
        StoppedReasonCategory(
            id: "ecr-unreachable",
            title: "The task could not reach Amazon ECR to authenticate or pull its image",
            causes: [
                "The task's subnet has no route out (no NAT gateway, or an internet gateway but no public IP) and lacks the ecr.api and ecr.dkr interface endpoints",
                "The endpoints exist but there is no S3 gateway endpoint (or it is not in the subnet's route table) for the image layers",
                "The endpoints' security groups do not admit 443 from the task, or their private DNS is off",
                "The task's security groups or network ACLs block outbound 443 or its return traffic",
                "When the message was cut before its error code, the pull may have been refused rather than lost: see image-pull-denied",
            ],
            checks: [
                "Route tables of the task's subnets: 0.0.0.0/0 to a NAT gateway, or to an internet gateway with assignPublicIp ENABLED",
                "Interface endpoints com.amazonaws.REGION.ecr.api and com.amazonaws.REGION.ecr.dkr (both needed on Fargate platform 1.4.0 and later), private DNS on",
                "A gateway endpoint com.amazonaws.REGION.s3 associated with the task's route tables",
                "Inbound 443 on the endpoints' security groups; outbound 443 in the task's security groups and network ACLs",
            ]),
        StoppedReasonCategory(
            id: "registry-unreachable",
            title: "A registry other than ECR (Docker Hub, GHCR, Quay, ...) could not be reached",
            causes: [
                "The task has no internet path: VPC endpoints only serve AWS services, so a public registry needs a NAT gateway or a public IP",
                "The task sits in a public subnet without a public IP",
                "Security groups or network ACLs block outbound 443, or a custom DNS server cannot resolve the registry",
                "The registry itself was down or slow",
            ],
            checks: [
                "Route tables of the task's subnets: 0.0.0.0/0 to a NAT gateway, or to an internet gateway with assignPublicIp ENABLED",
                "Outbound 443 in the task's security groups and network ACLs",
                "The VPC's DHCP options (custom DNS servers) and the registry's status page",
            ]),
        StoppedReasonCategory(
            id: "s3-unreachable",
            title: "S3 could not be reached for environment files or image layers",
            causes: [
                "No S3 gateway endpoint in the task's route tables and no NAT or internet path",
                "The S3 endpoint policy does not allow the bucket (the ECR layer bucket prod-REGION-starport-layer-bucket, or the environment file's bucket)",
                "The execution role may not read the environment file (s3:GetObject, s3:GetBucketLocation)",
                "The environment file's bucket or object does not exist, or is in another region",
                "Security groups or network ACLs block traffic to the S3 prefix list",
            ],
            checks: [
                "Gateway endpoint com.amazonaws.REGION.s3 and the route tables it is associated with",
                "The endpoint's policy: does it allow s3:GetObject on the bucket?",
                "The execution role's permissions on the environmentFiles ARNs",
                "Outbound 443 to the S3 prefix list in security groups and network ACLs",
            ]),
        StoppedReasonCategory(
            id: "logs-unreachable",
            title: "CloudWatch Logs could not be reached by the awslogs log driver",
            causes: [
                "The task's subnet has no route out and no logs interface endpoint",
                "The logs endpoint's security groups do not admit 443 from the task, or its private DNS is off",
                "The task's security groups or network ACLs block outbound 443",
                "When the message was cut before its error code, the call may have been refused: see logs-access-denied and logs-config-error",
            ],
            checks: [
                "Route tables of the task's subnets: 0.0.0.0/0 to a NAT gateway, or to an internet gateway with assignPublicIp ENABLED",
                "Interface endpoint com.amazonaws.REGION.logs in the task's subnets, private DNS on, inbound 443 from the task",
                "Outbound 443 in the task's security groups and network ACLs",
            ]),
        StoppedReasonCategory(
            id: "secrets-access-denied",
            title: "The execution role may not read a secret or parameter",
            causes: [
                "The execution role lacks secretsmanager:GetSecretValue or ssm:GetParameters on the secret or parameter",
                "The permission was granted to the task role instead of the execution role",
                "The task definition names no execution role",
                "A secret resource policy, permissions boundary, SCP or VPC endpoint policy denies the call",
                "When the message was cut before its error code, the secret may be missing instead (see secret-reference-invalid) or its key refused (kms-access-denied)",
            ],
            checks: [
                "The task definition's executionRoleArn and that role's identity policies",
                "The task role's policies (the same grant in the wrong role)",
                "The secret's resource policy, the role's permissions boundary, the account's SCPs",
                "The secretsmanager/ssm endpoint policy when the task uses interface endpoints",
            ]),
        StoppedReasonCategory(
            id: "kms-access-denied",
            title: "The execution role may not decrypt with the key protecting a secret or parameter",
            causes: [
                "The execution role lacks kms:Decrypt on the customer managed key of the secret or SecureString parameter",
                "The key policy neither allows the role nor enables IAM policies through the account principal",
                "The key is disabled or pending deletion",
                "A kms:ViaService or encryption-context condition does not match the call",
            ],
            checks: [
                "The KMS key id of the secret (KmsKeyId) or parameter",
                "The key policy and the execution role's kms:Decrypt permission",
                "The key's state (Enabled, Disabled, PendingDeletion)",
            ]),
        StoppedReasonCategory(
            id: "secret-reference-invalid",
            title: "A secret, parameter, version or JSON key named by valueFrom does not exist",
            causes: [
                "The secret or parameter name or ARN is misspelled, in another region or account, or lacks its 6-character suffix",
                "The secret was deleted or is scheduled for deletion",
                "The version id or version stage named in valueFrom does not exist",
                "The JSON key named in valueFrom is not in the secret, or the secret's value is not JSON",
            ],
            checks: [
                "Each valueFrom of the task definition against the secrets and parameters that exist (name, region, account)",
                "The secret's DeletedDate and its version stages",
                "The JSON keys of the secret's value",
            ]),
        StoppedReasonCategory(
            id: "role-assume-failed",
            title: "ECS could not assume the execution role, the task role or its service-linked role",
            causes: [
                "The role's trust policy does not allow ecs-tasks.amazonaws.com (or its conditions do not match the account or task)",
                "The role does not exist (deleted, or a typo in the ARN)",
                "The ECS service-linked role AWSServiceRoleForECS does not exist",
                "The caller may not pass the role (iam:PassRole)",
            ],
            checks: [
                "The trust policy of executionRoleArn and taskRoleArn",
                "That the roles and AWSServiceRoleForECS exist",
                "The caller's iam:PassRole permission",
            ]),
        StoppedReasonCategory(
            id: "image-pull-denied",
            title: "The registry refused to let the task pull its image",
            causes: [
                "The execution role lacks ecr:GetAuthorizationToken, ecr:BatchGetImage or ecr:GetDownloadUrlForLayer",
                "The ECR repository policy does not allow the task's account or role (cross-account pulls)",
                "The private registry credentials (repositoryCredentials) are wrong or expired",
                "Docker Hub answers 'pull access denied' for a repository that does not exist",
                "A VPC endpoint policy denies the pull",
            ],
            checks: [
                "The execution role's ECR permissions and the repository policy",
                "The repositoryCredentials secret of the container definition",
                "That the repository exists and the image URI names it",
            ]),
        StoppedReasonCategory(
            id: "image-not-found",
            title: "The image, tag or digest does not exist",
            causes: [
                "The tag or digest was never pushed, was pushed to another repository or region, or was expired by a lifecycle policy",
                "The repository name or registry in the image URI is misspelled",
                "A tag was overwritten, so the digest a deployment pinned is gone",
            ],
            checks: [
                "The image URI of each container definition against the repository's images (ecr:DescribeImages)",
                "The repository's lifecycle policy",
            ]),
        StoppedReasonCategory(
            id: "registry-rate-limited",
            title: "The registry throttled the image pulls",
            causes: [
                "Docker Hub's pull limit for anonymous or free accounts (shared by every task behind one NAT gateway)",
                "Too many tasks started at once against a registry with request limits",
            ],
            checks: [
                "Whether the image comes from Docker Hub anonymously; use an ECR pull-through cache or authenticated pulls",
                "How many tasks the deployment starts at once",
            ]),
        StoppedReasonCategory(
            id: "image-platform-mismatch",
            title: "The image's operating system or CPU architecture does not match the task",
            causes: [
                "The image was built for arm64 and the task runs on X86_64, or the other way round",
                "A Windows image on Linux, a Linux image on Windows, or a Windows version the host cannot run",
                "A multi-architecture image whose manifest list lacks the task's platform",
            ],
            checks: [
                "The task definition's runtimePlatform (cpuArchitecture, operatingSystemFamily)",
                "The image's manifest: its os and architecture",
            ]),
        StoppedReasonCategory(
            id: "image-invalid",
            title: "The image could not be unpacked",
            causes: [
                "The image uses a media type or layer format the runtime does not support",
                "A layer is corrupt or its digest does not match",
            ],
            checks: [
                "The image's manifest media type and layers; push it again",
            ]),
        StoppedReasonCategory(
            id: "logs-config-error",
            title: "The log driver is misconfigured",
            causes: [
                "The awslogs-group does not exist and awslogs-create-group is not \"true\"",
                "The awslogs-region is wrong or missing",
                "An unknown or invalid option of the log driver",
            ],
            checks: [
                "The logConfiguration options of each container definition",
                "That the log group exists in that region",
            ]),
        StoppedReasonCategory(
            id: "logs-access-denied",
            title: "The execution role may not write the container's logs",
            causes: [
                "The execution role lacks logs:CreateLogStream or logs:PutLogEvents (logs:CreateLogGroup with awslogs-create-group)",
                "The task definition names no execution role (on EC2, the instance role is used instead)",
                "A permissions boundary, SCP or endpoint policy denies the call",
            ],
            checks: [
                "The execution role's logs permissions on the log group's ARN",
                "The task role's policies (the same grant in the wrong role)",
            ]),
        StoppedReasonCategory(
            id: "out-of-memory",
            title: "A container was killed for using more memory than it may",
            causes: [
                "The container's memory (hard limit) or the task's memory is too small for the workload",
                "A memory leak, or a runtime that sizes its heap from the host rather than the container",
            ],
            checks: [
                "The container's memory and memoryReservation and the task's memory",
                "The MemoryUtilization metric before the stop",
            ]),
        StoppedReasonCategory(
            id: "container-exited",
            title: "An essential container exited by itself",
            causes: [
                "The application failed (exit code 1 and the like): its logs say why",
                "It could not reach a dependency such as its database and gave up",
                "Exit code 137 is SIGKILL (memory, or no exit within stopTimeout after SIGTERM); 139 is a segmentation fault; 0 means it finished",
            ],
            checks: [
                "The container's exit code and the last lines of its log",
                "Whether its database or other dependencies admit the task's security groups",
            ]),
        StoppedReasonCategory(
            id: "container-start-failed",
            title: "The container could not start",
            causes: [
                "The entrypoint or command is not in the image, or not executable (or a script has Windows line endings)",
                "The user named in the container definition does not exist in the image",
                "A volume or bind mount is invalid",
            ],
            checks: [
                "The container definition's entryPoint, command, user and mountPoints against the image",
            ]),
        StoppedReasonCategory(
            id: "health-check-failed",
            title: "Load balancer or container health checks failed",
            causes: [
                "The load balancer's security groups cannot reach the container port",
                "The health check path or port is wrong, or the application answers too slowly or with an error",
                "The health check grace period is shorter than the application's start time",
                "The container health check command fails (a tool such as curl is missing from the image)",
            ],
            checks: [
                "The target group's health check settings and the task's security group rules from the load balancer",
                "The service's healthCheckGracePeriodSeconds and the container's healthCheck",
            ]),
        StoppedReasonCategory(
            id: "placement-failed",
            title: "No capacity could take the task",
            causes: [
                "No container instance has enough free CPU, memory or ports, or none is registered or connected",
                "Placement constraints or required attributes match no instance",
                "Fargate had no capacity in the subnets' Availability Zones, or a service quota was reached",
                "The CPU and memory combination is not one Fargate offers",
            ],
            checks: [
                "The cluster's container instances, their remaining resources and agent connection",
                "The task's placement constraints and the service's capacity provider strategy",
                "The account's Fargate vCPU quota and the task's CPU/memory combination",
            ]),
        StoppedReasonCategory(
            id: "eni-provisioning-failed",
            title: "The task's network interface could not be created or attached",
            causes: [
                "The subnet has no free IP addresses",
                "The container instance has no free ENI slot (ENI trunking off, or an instance type that does not support it)",
                "Attaching the interface timed out",
            ],
            checks: [
                "AvailableIpAddressCount of the task's subnets",
                "The awsvpcTrunking account setting and the instance type's ENI limit",
            ]),
        StoppedReasonCategory(
            id: "efs-mount-failed",
            title: "An EFS volume could not be mounted",
            causes: [
                "No mount target in the task's Availability Zone, or its security groups do not admit NFS (2049) from the task",
                "The file system's DNS name does not resolve (VPC DNS support or hostnames off)",
                "The access point or root directory does not exist, or the file system policy refuses the task role",
            ],
            checks: [
                "The file system's mount targets, their subnets and security groups",
                "The VPC's enableDnsSupport and enableDnsHostnames",
                "The volume's accessPointId, rootDirectory and iam authorization setting",
            ]),
        StoppedReasonCategory(
            id: "container-runtime-error",
            title: "The container runtime or its host failed",
            causes: [
                "The container runtime did not answer in time, or the agent lost it",
                "The host ran out of disk space (image and container storage)",
                "The host instance was stopped, terminated or failed",
            ],
            checks: [
                "The container instance's agent connection, agent version and disk usage",
                "Whether the error repeats on other hosts (on Fargate, try again)",
            ]),
        StoppedReasonCategory(
            id: "spot-interruption",
            title: "A Spot task was reclaimed",
            causes: [
                "Spot capacity (FARGATE_SPOT, or a Spot EC2 instance) was reclaimed with a two-minute notice",
            ],
            checks: [
                "The service's capacity provider strategy: a base on FARGATE or on-demand capacity keeps a minimum running",
            ]),
        StoppedReasonCategory(
            id: "user-stopped",
            title: "A person or an API call stopped the task",
            causes: [
                "StopTask from the console, the CLI or automation",
                "A container instance was deregistered with --force",
            ],
            checks: [
                "CloudTrail StopTask and DeregisterContainerInstance events around the stop time",
            ]),
        StoppedReasonCategory(
            id: "deployment-stopped",
            title: "ECS stopped the task as part of a deployment or scaling activity",
            causes: [
                "A new deployment replaced the task",
                "The service scaled in, or its container instance was drained",
                "ECS retired the task for infrastructure maintenance",
            ],
            checks: [
                "The service's deployments and events around the stop time",
            ]),
        StoppedReasonCategory(
            id: "unknown",
            title: "ecs-medic does not recognise this message",
            causes: [
                "The message is not a stopped reason ecs-medic knows, or does not say why the task stopped, or was cut before the words that would",
            ],
            checks: [
                "The task's stopCode and each container's reason and exit code (aws ecs describe-tasks)",
                "The service's events (aws ecs describe-services)",
            ]),
    ]

    /// The category with this id; `unknown` for an id that is not in the catalog.
    public static func category(_ id: String) -> StoppedReasonCategory {
        byId[id] ?? unknown
    }

    /// Every category id, in the order of design.md §6.
    public static var ids: [String] { categories.map(\.id) }

    static let unknown = categories[categories.count - 1]

    private static let byId: [String: StoppedReasonCategory] = Dictionary(
        categories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
}
