/// Finds the load balancers whose health checks must reach a service's tasks: each target group of the service,
/// the load balancers it is attached to, their security groups and subnets, and the port the checks probe.
struct LoadBalancerResolver {
    let facts: Facts

    /// The targets, and what could not be read (a target group or load balancer that was not described).
    func targets(of service: ECSService) -> (targets: [LoadBalancerTarget], missing: [UnverifiedFact]) {
        var targets: [LoadBalancerTarget] = []
        var missing: [UnverifiedFact] = []
        for attachment in service.loadBalancers ?? [] {
            guard let groupArn = attachment.targetGroupArn else { continue }
            guard let group = facts.targetGroups?.first(where: { $0.targetGroupArn == groupArn }) else {
                missing.append(UnverifiedFact(fact: "target group \(groupArn)", reason: "not collected",
                                              permission: "elasticloadbalancing:DescribeTargetGroups"))
                continue
            }
            guard let port = Self.healthCheckPort(group, containerPort: attachment.containerPort) else { continue }
            for arn in group.loadBalancerArns ?? [] {
                guard let balancer = facts.loadBalancers?.first(where: { $0.loadBalancerArn == arn }) else {
                    missing.append(UnverifiedFact(fact: "load balancer \(arn)", reason: "not collected",
                                                  permission: "elasticloadbalancing:DescribeLoadBalancers"))
                    continue
                }
                targets.append(LoadBalancerTarget(
                    name: balancer.loadBalancerName ?? arn, arn: arn, targetGroupArn: groupArn,
                    securityGroupIds: balancer.securityGroups ?? [],
                    subnetIds: (balancer.availabilityZones ?? []).compactMap(\.subnetId), port: port))
            }
        }
        return (targets, missing)
    }

    /// `traffic-port` (the default) probes the port traffic goes to: the container port for `ip` targets.
    static func healthCheckPort(_ group: TargetGroup, containerPort: Int?) -> Int? {
        if let text = group.healthCheckPort, let port = Int(text) { return port }
        return containerPort ?? group.port
    }
}
