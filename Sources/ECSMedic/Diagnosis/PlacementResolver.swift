/// Works out where a task sat on the network. AWS deletes a Fargate task's ENI when it stops and
/// `describe-tasks` does not list its security groups, so the subnet and address come from the task's
/// attachment and the security groups from the deployment that started it, else the service.
struct PlacementResolver {
    let facts: Facts

    /// The placement of a task (one subnet).
    func placement(of task: ECSTask, service: ECSService?) -> NetworkPlacement? {
        guard let attachment = task.networkAttachment, let subnetId = attachment.detail("subnetId") else { return nil }
        let eniId = attachment.detail("networkInterfaceId")
        let deployment = service?.deployments?.first { $0.id == task.startedBy }
        let configuration = (deployment?.networkConfiguration ?? service?.networkConfiguration)?.awsvpcConfiguration
        let configurationSource = deployment?.networkConfiguration != nil
            ? "deployment \(deployment?.id ?? "")" : "service \(service?.serviceName ?? "")"
        var placement = NetworkPlacement(
            subnetId: subnetId, privateIP: attachment.detail("privateIPv4Address"), networkInterfaceId: eniId,
            securityGroupIds: configuration?.securityGroups,
            hasPublicIP: configuration?.assignPublicIp.map { $0.uppercased() == "ENABLED" },
            source: "subnet and address from the attachment of task \(task.id)"
                + (configuration != nil ? "; security groups from \(configurationSource)" : ""))
        placement.publicIPDecidedBy = configuration != nil ? service.map { $0.serviceArn ?? $0.serviceName } : nil
        if let eniId, let interface = facts.networkInterface(eniId) {
            placement.securityGroupIds = interface.groups?.map(\.groupId) ?? placement.securityGroupIds
            placement.hasPublicIP = interface.association?.publicIp != nil
            placement.ipv6Address = interface.ipv6Addresses?.lazy.compactMap(\.ipv6Address).first
            placement.source = "network interface \(eniId) of task \(task.id)"
            placement.publicIPDecidedBy = placement.publicIPDecidedBy ?? eniId
        }
        return placement
    }

    /// Where the ECS agent of an EC2-launch-type task makes its calls (image pulls, secrets, logs): the container
    /// instance's network interface, not the task's. Nil with the reason when it cannot be known.
    func agentPlacement(of task: ECSTask) -> (placement: NetworkPlacement?, missing: UnverifiedFact?) {
        guard let arn = task.containerInstanceArn else {
            return (nil, UnverifiedFact(fact: "container instance of task \(task.id)", reason: "not in the task",
                                        permission: "ecs:DescribeTasks"))
        }
        guard let instanceId = facts.containerInstances?.first(where: { $0.containerInstanceArn == arn })?.ec2InstanceId else {
            return (nil, UnverifiedFact(fact: "container instance \(arn)", reason: "not collected",
                                        permission: "ecs:DescribeContainerInstances"))
        }
        guard let instance = facts.ec2Instances?.first(where: { $0.instanceId == instanceId }),
              let subnetId = instance.subnetId else {
            return (nil, UnverifiedFact(fact: "EC2 instance \(instanceId)", reason: "not collected",
                                        permission: "ec2:DescribeInstances"))
        }
        var placement = NetworkPlacement(subnetId: subnetId, privateIP: instance.privateIpAddress,
                                         securityGroupIds: instance.securityGroups?.map(\.groupId),
                                         hasPublicIP: instance.publicIpAddress != nil,
                                         source: "container instance \(instanceId) (the ECS agent's network for the EC2 launch type)")
        placement.publicIPDecidedBy = instanceId
        return (placement, nil)
    }

    /// The placements a service would give a new task: one per subnet of its primary deployment.
    func placements(of service: ECSService) -> [NetworkPlacement] {
        let deployment = service.deployments?.first { $0.status == "PRIMARY" } ?? service.deployments?.first
        let configuration = (deployment?.networkConfiguration ?? service.networkConfiguration)?.awsvpcConfiguration
        return (configuration?.subnets ?? []).map { subnetId in
            var placement = NetworkPlacement(subnetId: subnetId, securityGroupIds: configuration?.securityGroups,
                                             hasPublicIP: configuration?.assignPublicIp.map { $0.uppercased() == "ENABLED" },
                                             source: "network configuration of service \(service.serviceName)")
            placement.publicIPDecidedBy = service.serviceArn ?? service.serviceName
            return placement
        }
    }
}
