/// The mechanical fixes rules may offer, by id, built from the real ids in the facts.
public enum FixCatalog {
    public static let ids: Set<String> = [
        "add-interface-endpoint", "route-through-nat", "allow-https-to-endpoint-sg", "enable-endpoint-private-dns",
        "enable-vpc-dns", "allow-task-egress", "allow-db-ingress", "assign-public-ip", "put-execution-role-policy",
        "trust-ecs-tasks", "replace-overbroad-policy", "create-log-group", "awslogs-create-group", "allow-nacl-traffic",
        "widen-nacl-ephemeral", "allow-in-endpoint-policy", "create-service-linked-role", "use-platform-version",
        "ecr-pull-through-cache", "raise-memory-limit", "raise-heap-limit", "raise-health-check-grace-period",
        "set-target-group-health-check",
        "raise-asg-max-size", "set-runtime-platform", "build-multi-platform-image",
    ]

    /// The fix `id` for a match, or nil when it does not apply to this match (e.g. no NAT gateway to route to).
    static func fix(_ id: String, for match: FindingMatch, in context: DiagnosisContext) -> Fix? {
        let builder = NetworkFixBuilder(context: context, match: match)
        switch id {
        case "add-interface-endpoint": return builder.addInterfaceEndpoints()
        case "route-through-nat": return builder.routeThroughNAT()
        case "allow-https-to-endpoint-sg": return builder.allowHTTPSToEndpoint()
        case "enable-endpoint-private-dns": return builder.enableEndpointPrivateDNS()
        case "enable-vpc-dns": return builder.enableVPCDNS()
        case "allow-task-egress": return builder.allowTaskEgress()
        case "allow-db-ingress": return builder.allowDatabaseIngress()
        case "assign-public-ip": return builder.assignPublicIP()
        case "put-execution-role-policy": return IAMFixBuilder(context: context, match: match).putExecutionRolePolicy()
        case "trust-ecs-tasks": return IAMFixBuilder(context: context, match: match).trustECSTasks()
        case "replace-overbroad-policy": return IAMFixBuilder(context: context, match: match).replaceOverbroadPolicy()
        case "create-log-group": return TaskDefinitionFixBuilder(context: context, match: match).createLogGroup()
        case "awslogs-create-group": return TaskDefinitionFixBuilder(context: context, match: match).enableAWSLogsCreateGroup()
        case "allow-nacl-traffic": return NetworkACLFixBuilder(context: context, match: match).allowTraffic()
        case "widen-nacl-ephemeral": return NetworkACLFixBuilder(context: context, match: match).widenEphemeralPorts()
        case "allow-in-endpoint-policy": return EndpointPolicyFixBuilder(context: context, match: match).allowInEndpointPolicy()
        case "create-service-linked-role": return LaunchFixBuilder(context: context, match: match).createServiceLinkedRole()
        case "use-platform-version": return LaunchFixBuilder(context: context, match: match).usePlatformVersion()
        case "ecr-pull-through-cache": return LaunchFixBuilder(context: context, match: match).pullThroughCache()
        case "raise-memory-limit": return AfterStartFixBuilder(context: context, match: match).raiseMemoryLimit()
        case "raise-heap-limit": return AfterStartFixBuilder(context: context, match: match).raiseHeapLimit()
        case "raise-health-check-grace-period": return GracePeriodFix(context: context, match: match).raise()
        case "set-target-group-health-check": return TargetGroupHealthCheckFix(context: context, match: match).set()
        case "raise-asg-max-size": return LaunchFixBuilder(context: context, match: match).raiseAutoScalingMaxSize()
        case "set-runtime-platform": return ImagePlatformFix(context: context, match: match).setRuntimePlatform()
        case "build-multi-platform-image": return ImagePlatformFix(context: context, match: match).buildMultiPlatformImage()
        default: return nil
        }
    }
}
