/// The classification table: which words in a stopped reason, service event or container reason point to which
/// category of design.md §6. Read top to bottom; the first pattern that matches decides.
///
/// The order encodes precedence: a message that names what failed (a secret, a log group, an image) is classified by
/// that subject and then by the kind of failure (refused, missing, unreachable); generic wrappers such as
/// `CannotStartContainerError` or `Essential container in task exited` come last. When a message names its subject but
/// was cut before the kind of failure, the subject's "unreachable" category is chosen, as the most common cause, and
/// its causes say so; for secrets, network words decide `secrets-unreachable` and, when the message names neither a
/// refusal, a missing reference nor a network failure, the retry count decides (see
/// `ReasonPattern.Verdict.secretsUnreadable`).
enum StoppedReasonPatterns {
    /// Words of connection failures: time-outs, cancelled requests, DNS and TCP errors.
    static let network = [
        "i/o timeout", "context deadline exceeded", "deadline exceeded", "RequestCanceled", "request canceled*",
        "context canceled", "canceled", "timeout*", "timed out", "no such host", "connection refused", "connection reset*",
        "network is unreachable", "no route to host", "Client.Timeout exceeded", "TLS handshake timeout", "dial tcp",
        "send request failed", "failed to do request", "signal: killed", "RequestError", "waiting for connection",
        "unable to connect", "could not connect", "connection issue", "network configuration", "exceeded maximum number of attempts",
        "StatusCode: 0",
    ]

    /// Words of a refused call.
    static let denied = [
        "AccessDeniedException", "AccessDenied", "access denied", "not authorized*", "unauthorized*", "forbidden", "403",
        "401", "denied", "authorization failed", "insufficient_scope", "check that the role has*", "has the permissions*",
        "required permissions", "not allowed", "unexpected status*",
    ]

    /// Words that name a KMS key or a decryption.
    static let kms = ["kms", "decrypt*", "KMSInvalidStateException", "KMSAccessDeniedException"]

    /// Words that name Secrets Manager, Parameter Store or a secret fetched for the task.
    static let secrets = [
        "asm", "ssm", "secrets manager", "secretsmanager*", "parameter store", "retrieve secret*", "fetch secret*",
        "secret data", "GetSecretValue", "GetParameters", "GetParameter", "ssm parameter*", "json key", "ParameterNotFound",
        "AWSCURRENT", "AWSPENDING", "staging label",
    ]

    /// Words of a secret reference that names nothing, or a value that is not the JSON expected.
    static let secretMissing = [
        "ResourceNotFoundException", "ResourceNotFound*", "ParameterNotFound", "invalid parameters", "invalid ssm parameters",
        "InvalidParameterException", "InvalidParameter*", "InvalidRequestException", "ValidationException", "not found",
        "does not exist", "can't find", "cannot find", "could not find", "did not contain json key", "unmarshal*",
        "invalid character", "unexpected end of json input", "marked for deletion", "scheduled for deletion", "malformed*",
        "invalid secret reference*", "whether the secret exists",
    ]

    /// Words that name environment files in S3 or the S3 bucket that serves ECR image layers.
    static let s3 = [
        "env file*", "envfile*", "environment file*", "environmentfiles", "s3", "starport*", "NoSuchKey", "NoSuchBucket",
        "bucket*",
    ]

    /// Words that name the log driver, CloudWatch Logs or a log group.
    static let logs = [
        "logger*", "logging driver", "log driver", "awslogs*", "cloudwatch*", "log stream*", "log group*", "logstream*",
        "loggroup*", "CreateLogStream", "CreateLogGroup", "PutLogEvents", "logs", "firelens*", "fluentd*", "fluent bit",
        "log opt*",
    ]

    /// Words of a log driver configuration that names nothing or is not valid.
    static let logsMisconfigured = [
        "does not exist", "ResourceNotFoundException", "not found", "MissingEndpoint", "InvalidParameterException",
        "unknown log opt*", "invalid*", "configuration is required", "is required", "must be*", "not supported",
        "unsupported*", "no such file or directory", "missing*", "driver arguments",
    ]

    /// Words of an image pull.
    static let pull = [
        "CannotPullContainerError", "CannotPullContainer*", "pull*", "registry auth", "ref pull", "image pull*",
        "pulling image*", "failed to resolve ref*", "failed to resolve reference", "failed to copy", "manifest*",
        "GetAuthorizationToken", "BatchGetImage", "GetDownloadUrlForLayer", "ecr", "dkr ecr", "docker.io", "registry*",
        "inspect image*", "httpReaderSeeker*", "httpReadSeeker*", "repository*",
    ]

    /// Words of an image, tag, digest or repository that does not exist.
    static let imageMissing = [
        "not found", "manifest unknown", "name unknown", "does not exist", "404", "no such image",
        "RepositoryNotFoundException", "ImageNotFoundException", "invalid reference format",
    ]

    /// Words of a registry throttling pulls.
    static let rateLimited = [
        "toomanyrequests", "too many requests", "pull rate limit", "rate limit*", "rate exceeded", "ThrottlingException", "429",
    ]

    /// Words of an image built for another operating system or CPU architecture.
    static let platformMismatch = [
        "exec format error", "no matching manifest*", "no match for platform*", "does not match the specified platform",
        "image operating system*", "operating system does not match*", "cannot be used on this platform",
        "image is incompatible*", "platform mismatch", "unsupported platform*", "wrong architecture", "0xc0370101",
        "descriptor matching platform", "descriptor for platform",
    ]

    /// Words of an image that cannot be unpacked.
    static let imageInvalid = [
        "unsupported media type*", "unknown media type*", "failed to register layer*", "failed to extract layer*",
        "archive/tar*", "invalid tar header", "unexpected commit digest*", "failed size validation", "digest mismatch",
        "digest did not match*", "filesystem layer verification failed", "invalid manifest*", "manifest invalid",
        "unsupported image*", "failed to unpack image*", "error unpacking*", "diffids*",
    ]

    /// Words of a full disk or a broken storage driver on the host.
    static let hostStorage = [
        "no space left*", "thin pool*", "devmapper*", "devicemapper*", "disk full", "insufficient disk*", "not enough disk*",
    ]

    /// The table, in order.
    static let table: [ReasonPattern] = [
        // Messages known not to say why a task stopped.
        ReasonPattern("unknown", allOf: [[
            "has reached a steady state", "unable to consistently start tasks", "deployment failed",
            "operations are being throttled", "unable to stop or start tasks during a deployment", "has started*",
            "has stopped*", "registered*", "deregistered*", "circuit breaker", "rolling back to deployment",
            "unable to reach steady state", "has begun draining*", "deployment completed", "tasks for deployment",
            "rolled back because", "lifecycle hook*", "failed to register targets", "failed to describe target health",
        ]], noneOf: [
            "unable to place*", "health check*", "unhealthy*", "no container instances*", "unable to assume*",
            "infrastructure role", "due to AZ rebalancing",
        ]),

        ReasonPattern("spot-interruption", allOf: [["spot*", "SpotInterruption"], ["interrupt*", "reclaim*", "SpotInterruption"]]),
        ReasonPattern("health-check-failed", allOf: [[
            "health check*", "healthcheck*", "elb health*", "unhealthy*", "target group health*", "not healthy in*",
        ]]),
        ReasonPattern("placement-failed", allOf: [["no container instance met*"]], noneOf: [
            "RESOURCE:ENI", "eni", "enis", "network interface*", "AttachmentLimitExceeded",
        ]),
        ReasonPattern("role-assume-failed", allOf: [[
            "unable to assume*", "assume the role", "could not assume*", "cannot assume*", "failed to assume*",
            "sts:AssumeRole", "service linked role", "service-linked role", "servicelinkedrole*", "trust relationship",
            "ecs can no longer maintain your service", "infrastructure role",
        ]]),
        ReasonPattern("efs-mount-failed", allOf: [["efs", "mount.nfs*", "nfs4", "nfs", "elasticfilesystem*"]]),
        ReasonPattern("image-platform-mismatch", allOf: [platformMismatch]),
        ReasonPattern("container-runtime-error", allOf: [hostStorage]),
        ReasonPattern("container-runtime-error", allOf: [[
            "error during connect", "cannot connect to the docker daemon", "CannotCreateVolumeError",
            "ephemeralstorage provisioning", "error running hook*", "nvidia-container-cli*", "waiting for amazon ecs agent*",
        ]]),
        ReasonPattern("container-start-failed", allOf: [["CannotCreateContainerError"], ["failed to copy file info", "chown*"]]),

        ReasonPattern("kms-access-denied", allOf: [secrets, kms]),
        ReasonPattern("secrets-access-denied", allOf: [secrets, denied]),
        ReasonPattern("secret-reference-invalid", allOf: [secrets, secretMissing]),
        ReasonPattern("secrets-unreachable", allOf: [secrets, network]),
        ReasonPattern(.secretsUnreadable, allOf: [secrets]),
        ReasonPattern("kms-access-denied", allOf: [[
            "access to kms is not allowed", "ciphertext refers to a customer master key", "KMSAccessDeniedException",
        ]]),
        ReasonPattern("kms-access-denied", allOf: [["kms"], denied]),

        ReasonPattern("s3-unreachable", allOf: [s3]),
        ReasonPattern("s3-unreachable", allOf: [pull, ["nil pointer dereference"]]),

        ReasonPattern("logs-access-denied", allOf: [logs, denied + ["NoCredentialProviders", "no valid providers*"]]),
        ReasonPattern("logs-config-error", allOf: [logs, logsMisconfigured]),
        ReasonPattern("logs-unreachable", allOf: [logs]),

        ReasonPattern("eni-provisioning-failed", allOf: [["network interface*"], ["provision*", "preparing"]]),
        ReasonPattern("registry-rate-limited", allOf: [rateLimited]),
        ReasonPattern("image-invalid", allOf: [imageInvalid]),
        ReasonPattern("image-pull-denied", allOf: [pull, [
            "pull access denied", "no basic auth credentials", "authentication required",
            "requested access to the resource is denied",
        ]]),
        ReasonPattern("image-not-found", allOf: [pull, imageMissing]),
        ReasonPattern("image-not-found", allOf: [["normalize image reference", "normalise image reference"]]),
        ReasonPattern("image-pull-denied", allOf: [pull, denied]),
        ReasonPattern("image-not-found", allOf: [["failed to resolve ref*", "failed to resolve reference"]],
                      noneOf: network + denied + ["no such host", "pulling from host*", "EOF", "500", "502", "503", "504"]),
        ReasonPattern(.pullUnreachable, allOf: [pull]),

        ReasonPattern("eni-provisioning-failed", allOf: [[
            "eni", "enis", "network interface*", "free addresses", "free ip*", "InsufficientFreeAddressesInSubnet",
            "ip addresses available", "RESOURCE:ENI", "AttachmentLimitExceeded", "attachment points", "cni",
            "network namespace", "eni attachment*",
        ]]),
        ReasonPattern("placement-failed", allOf: [[
            "unable to place*", "no container instance met*", "no container instances*", "insufficient memory",
            "insufficient cpu", "RESOURCE:MEMORY", "RESOURCE:CPU", "RESOURCE:PORTS", "RESOURCE:GPU", "RESOURCE:FARGATE*",
            "capacity is unavailable*", "capacity unavailable", "insufficient capacity*", "reached the limit on the number of*", "above your limit",
            "closest matching container instance*", "closest matching container-instance*", "missing an attribute*",
            "already using a port*", "not enough*", "no capacity*", "missing attribute", "encountered error \"AGENT\"",
            "placement constraint*", "unable to launch instance*", "empty capacity provider", "ATTRIBUTE",
        ]]),
        ReasonPattern("out-of-memory", allOf: [[
            "OutOfMemoryError", "OutOfMemory*", "out of memory", "oom", "OOMKilled", "oom killer",
            "killed due to memory usage", "memory usage", "exceeded memory*",
        ]]),
        ReasonPattern("container-runtime-error", allOf: [[
            "DockerTimeoutError", "ContainerRuntimeTimeoutError", "could not transition to*", "CannotInspectContainerError",
            "CannotStopContainerError", "docker daemon*", "is the docker daemon running", "agent is not connected*",
        ]]),
        ReasonPattern("container-runtime-error", allOf: [
            ["failed to create shim*", "container runtime task*", "OCI runtime*", "hcsshim*", "compute system*"],
            ["context deadline exceeded", "deadline exceeded", "timed out", "timeout*", "exited unexpectedly"],
        ]),
        ReasonPattern("container-start-failed", allOf: [[
            "CannotStartContainerError", "CannotStartContainer*", "executable file not found*", "no such file or directory",
            "unable to find user*", "permission denied", "starting container process*", "OCI runtime*",
            "unable to start container*", "failed to create shim*", "invalid mount*", "error mounting*", "mount*",
            "entrypoint*", "command not found", "hcsshim*", "CreateProcess", "system cannot find the file specified",
            "failed to get container status",
        ]]),
        ReasonPattern("container-runtime-error", allOf: [[
            "CannotCreateContainerError", "host ec2*", "stopped/terminated", "container runtime*", "terminated",
            "ResourceInitializationError", "internal error", "InternalError",
        ]]),
        ReasonPattern("user-stopped", allOf: [[
            "stopped by user", "by user", "by the user", "stopped by", "user initiated", "UserInitiated", "deregistration forced*",
            "StopTask",
        ]]),
        ReasonPattern("deployment-stopped", allOf: [[
            "scaling activity*", "deployment*", "ecs-svc*", "service scheduler*", "ServiceSchedulerInitiated", "task set*",
            "taskset*", "scale in*", "scaled in", "draining", "maintenance", "task retirement", "retire*", "replaced",
            "pending tasks", "due to AZ rebalancing",
        ]]),
        ReasonPattern("container-exited", allOf: [[
            "essential container*", "exited*", "exit code*", "exitcode*", "exit status*",
        ]]),
    ]
}
