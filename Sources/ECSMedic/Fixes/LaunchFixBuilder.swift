/// Builds the fixes of launch findings: the ECS service-linked role that is missing, and the Fargate platform
/// version a service must move to for the features its task definition uses.
struct LaunchFixBuilder {
    let context: DiagnosisContext
    let match: FindingMatch

    /// `AWSServiceRoleForECS`, created once for the account (it is account-wide and serves every Region).
    func createServiceLinkedRole() -> Fix? {
        guard let issue = match.issue, issue.check == .serviceLinkedRole else { return nil }
        let restart = FixChange.restart(in: context).map { [$0] } ?? []
        return Fix(id: "create-service-linked-role",
                   summary: "Create the ECS service-linked role \(LaunchInspector.serviceLinkedRoleName) (once for the account)",
                   changes: [.serviceLinkedRole(awsServiceName: "ecs.amazonaws.com")] + restart, region: context.region)
    }

    /// An ECR pull-through cache rule for Docker Hub (prefix `docker-hub`), so that tasks pull the image from the
    /// account's registry (`<account>.dkr.ecr.<region>.amazonaws.com/docker-hub/library/nginx:1.27`) with the
    /// rule's credentials instead of anonymously through the NAT gateway.
    func pullThroughCache() -> Fix? {
        guard let issue = match.issue, issue.check == .registryRateLimit else { return nil }
        let account = context.facts.account ?? "ACCOUNT"
        let credential = "arn:aws:secretsmanager:\(context.region):\(account):secret:ecr-pullthroughcache/docker-hub"
        return Fix(id: "ecr-pull-through-cache",
                   summary: "Cache Docker Hub in ECR with a pull-through cache rule and pull "
                       + "\(account).dkr.ecr.\(context.region).amazonaws.com/docker-hub/\(Self.dockerHubPath(issue.resource)) instead "
                       + "(or give the container repositoryCredentials for Docker Hub)",
                   changes: [.pullThroughCacheRule(prefix: "docker-hub", upstream: "registry-1.docker.io", credentialArn: credential)],
                   region: context.region)
    }

    /// The repository path of a Docker Hub image: `nginx:1.27` and `docker.io/library/nginx:1.27` → `library/nginx:1.27`.
    static func dockerHubPath(_ image: String) -> String {
        var components = image.split(separator: "/").map(String.init)
        if components.count > 1, LaunchInspector.dockerHubHosts.contains(components[0].lowercased()) { components.removeFirst() }
        if components.count == 1 { components.insert("library", at: 0) }
        return components.joined(separator: "/")
    }

    /// The Auto Scaling group at its MaxSize that a `no-capacity` finding names, given room for the tasks the service
    /// still has to place (at least one more instance), so that its capacity provider can scale out.
    func raiseAutoScalingMaxSize() -> Fix? {
        guard let issue = match.issue, issue.check == .capacity,
              let group = context.facts.autoScalingGroups?.first(where: { $0.autoScalingGroupName == issue.resource }),
              group.atMaximum, let maxSize = group.maxSize else { return nil }
        let pending = max(1, (context.service?.desiredCount ?? 1) - (context.service?.runningCount ?? 0))
        let raised = max(maxSize, group.desiredCapacity ?? maxSize) + pending
        return Fix(id: "raise-asg-max-size",
                   summary: "Raise the MaxSize of Auto Scaling group \(group.autoScalingGroupName) from \(maxSize) to \(raised)",
                   changes: [.autoScalingMaxSize(region: context.region, group: group.autoScalingGroupName, maxSize: raised,
                                                 previous: maxSize, minSize: group.minSize, launch: group.launch)],
                   region: context.region)
    }

    /// The service moved to Fargate platform version 1.4.0 (a new deployment), which supports every feature of
    /// `PlatformFeature.table`. Only for a service that exists (not one `check` assumes).
    func usePlatformVersion() -> Fix? {
        guard let issue = match.issue, issue.check == .platformVersion, let service = context.service,
              service.serviceArn != nil else { return nil }
        let version = PlatformFeature.table.map(\.minimum).max()?.description ?? "1.4.0"
        return Fix(id: "use-platform-version",
                   summary: "Deploy \(service.serviceName) on Fargate platform version \(version)",
                   changes: [.platformVersion(region: context.region, cluster: context.cluster, service: service.serviceName,
                                              version: version)], region: context.region)
    }
}
