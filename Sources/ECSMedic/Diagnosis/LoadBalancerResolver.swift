/// Finds the load balancers whose health checks must reach a service's tasks: each target group of the service,
/// the load balancers it is attached to, their security groups and subnets, and the port the checks probe.
struct LoadBalancerResolver {
    let facts: Facts

    func targets(of service: ECSService) -> [LoadBalancerTarget] {
        var targets: [LoadBalancerTarget] = []
        for attachment in service.loadBalancers ?? [] {
            guard let groupArn = attachment.targetGroupArn,
                  let group = facts.targetGroups?.first(where: { $0.targetGroupArn == groupArn }) else { continue }
            guard let port = Self.healthCheckPort(group, containerPort: attachment.containerPort) else { continue }
            for arn in group.loadBalancerArns ?? [] {
                guard let balancer = facts.loadBalancers?.first(where: { $0.loadBalancerArn == arn }) else { continue }
                targets.append(LoadBalancerTarget(
                    name: balancer.loadBalancerName ?? arn, arn: arn, targetGroupArn: groupArn,
                    securityGroupIds: balancer.securityGroups ?? [],
                    subnetIds: (balancer.availabilityZones ?? []).compactMap(\.subnetId), port: port))
            }
        }
        return targets
    }

    /// `traffic-port` (the default) probes the port traffic goes to: the container port for `ip` targets.
    static func healthCheckPort(_ group: TargetGroup, containerPort: Int?) -> Int? {
        if let text = group.healthCheckPort, let port = Int(text) { return port }
        return containerPort ?? group.port
    }
}
