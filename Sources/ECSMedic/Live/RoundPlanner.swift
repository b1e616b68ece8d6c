import AWSClient
import Foundation

/// The dependent rounds of a live collection after the task definition is known. Each round's calls run in
/// parallel; what a round needs comes from decoding what the rounds before it recorded.
struct RoundPlanner {
    let taskDefinitions: [JSONValue]
    /// The clusters whose services place tasks on container instances, each with the EC2 capacity providers they
    /// use (empty for the EC2 launch type): their instances, providers and Auto Scaling groups are read.
    var capacity: [String: [String]] = [:]

    typealias Call = (operation: AWSOperation, input: JSONValue)
    /// A call and the region it is made in; nil: the collection's (a container's logs in its `awslogs-region`).
    typealias PlacedCall = (call: Call, region: String?)

    /// `containerInstances` maps each cluster to the container instances (of its tasks) to describe;
    /// `serviceLinkedRoleShown` says a service's `roleArn` already names the ECS service-linked role;
    /// `afterStart` joins round three (`AfterStartPlanner`: the containers' logs, the services' metrics).
    func collect(subnets: [String], containerInstances: [String: [String]], targetGroups: [String],
                 serviceLinkedRoleShown: Bool, afterStart: [PlacedCall] = [], recorder: CallRecorder) async throws {
        let definitions = taskDefinitions.compactMap { try? AWSCLIJSON.decoder.decode(TaskDefinition.self, from: JSONEncoder().encode($0)) }
        let own = roundThree(definitions, subnets: subnets, containerInstances: containerInstances, targetGroups: targetGroups,
                             serviceLinkedRoleShown: serviceLinkedRoleShown).map { (call: $0, region: String?.none) }
        try await run(own + afterStart, recorder)
        var facts = try FactsDecoder().facts(from: Snapshot(calls: await recorder.calls))
        try await run(roundFour(facts), recorder)
        facts = try FactsDecoder().facts(from: Snapshot(calls: await recorder.calls))
        try await run(roundFive(facts, definitions), recorder)
    }

    private func run(_ calls: [Call], _ recorder: CallRecorder) async throws {
        try await run(calls.map { (call: $0, region: String?.none) }, recorder)
    }

    private func run(_ calls: [PlacedCall], _ recorder: CallRecorder) async throws {
        guard !calls.isEmpty else { return }
        await recorder.beginRound()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for placed in calls {
                group.addTask { try await recorder.call(placed.call.operation, placed.call.input, region: placed.region) }
            }
            try await group.waitForAll()
        }
    }

    /// Subnets, container instances, roles (and the ECS service-linked role unless a service names it), secrets'
    /// metadata and policies, parameters, databases, log groups, EFS mount targets.
    func roundThree(_ definitions: [TaskDefinition], subnets: [String], containerInstances: [String: [String]],
                    targetGroups: [String], serviceLinkedRoleShown: Bool) -> [Call] {
        var calls: [Call] = []
        // Batched as the APIs allow: 20 target groups, 100 container instances per call; EC2 id lists kept to 200.
        for chunk in Self.chunks(targetGroups, of: 20) {
            calls.append((OperationCatalog.describeTargetGroups, ["TargetGroupArns": .array(chunk.map(JSONValue.string))]))
        }
        for chunk in Self.chunks(subnets, of: 200) {
            calls.append((OperationCatalog.describeSubnets, ["SubnetIds": .array(chunk.map(JSONValue.string))]))
        }
        for (cluster, instances) in containerInstances.sorted(by: { $0.key < $1.key }) {
            for chunk in Self.chunks(instances, of: 100) {
                calls.append((OperationCatalog.describeContainerInstances, ["cluster": .string(cluster),
                                                                   "containerInstances": .array(chunk.map(JSONValue.string))]))
            }
        }
        for (cluster, providers) in capacity.sorted(by: { $0.key < $1.key }) {
            calls.append((OperationCatalog.listContainerInstances, ["cluster": .string(cluster)]))
            for chunk in Self.chunks(Array(Set(providers)).sorted(), of: 100) {
                calls.append((OperationCatalog.describeCapacityProviders, ["capacityProviders": .array(chunk.map(JSONValue.string))]))
            }
        }
        let roles = Set(definitions.flatMap { [$0.executionRoleArn, $0.taskRoleArn].compactMap { $0 } }
            .map { $0.split(separator: "/").last.map(String.init) ?? $0 }).sorted()
        for role in roles {
            for operation in [OperationCatalog.getRole, OperationCatalog.listRolePolicies, OperationCatalog.listAttachedRolePolicies] {
                calls.append((operation, ["RoleName": .string(role)]))
            }
        }
        if !serviceLinkedRoleShown {
            calls.append((OperationCatalog.getRole, ["RoleName": .string(LaunchInspector.serviceLinkedRoleName)]))
        }
        let references = definitions.flatMap(\.containerDefinitions).flatMap { container in
            (container.secrets ?? []).map(\.valueFrom) + (container.logConfiguration?.secretOptions ?? []).map(\.valueFrom)
                + [container.repositoryCredentials?.credentialsParameter].compactMap { $0 }
        }.map(SecretReference.init)
        for arn in Set(references.filter { $0.service == "secretsmanager" }.compactMap(\.arn)).sorted() {
            calls.append((OperationCatalog.describeSecret, ["SecretId": .string(arn)]))
            calls.append((OperationCatalog.getResourcePolicy, ["SecretId": .string(arn)]))
        }
        let parameters = Set(references.filter { $0.service == "ssm" }.compactMap { reference -> String? in
            if let name = reference.name { return name }
            return reference.arn.flatMap(ARN.init).map { arn in
                let name = String(arn.resource.dropFirst("parameter".count))
                return name.hasPrefix("//") ? String(name.dropFirst()) : name
            }
        }).sorted()
        for chunk in Self.chunks(parameters, of: 10) {
            calls.append((OperationCatalog.describeParameters, ["ParameterFilters": [["Key": "Name", "Option": "Equals",
                                                                              "Values": .array(chunk.map(JSONValue.string))]]]))
        }
        // Log groups and images the task definitions name (log-group-missing, image-not-found). The whole
        // repository is listed: a missing tag is then absent, not an ImageNotFoundException.
        let containers = definitions.flatMap(\.containerDefinitions)
        let groups = Set(containers.compactMap { $0.logConfiguration?.logDriver == "awslogs" ? $0.logConfiguration?.options?["awslogs-group"] : nil }).sorted()
        for group in groups { calls.append((OperationCatalog.describeLogGroups, ["logGroupNamePrefix": .string(group)])) }
        let repositories = Set(containers.compactMap(\.image).compactMap(AgentCallPlanner.ecrRepository).map { "\($0.account)/\($0.name)" }).sorted()
        for repository in repositories {
            let parts = repository.split(separator: "/", maxSplits: 1).map(String.init)
            calls.append((OperationCatalog.describeImages, ["registryId": .string(parts[0]), "repositoryName": .string(parts[1])]))
        }
        // The manifests of those images (image-platform-mismatch), by the tag or digest each names.
        var imageIds: [String: Set<JSONValue>] = [:]
        for image in containers.compactMap(\.image) {
            guard let repository = AgentCallPlanner.ecrRepository(of: image), let reference = ECRImageReference(image) else { continue }
            switch reference.version {
            case .tag(let tag): imageIds["\(repository.account)/\(repository.name)", default: []].insert(["imageTag": .string(tag)])
            case .digest(let digest): imageIds["\(repository.account)/\(repository.name)", default: []].insert(["imageDigest": .string(digest)])
            }
        }
        for (repository, ids) in imageIds.sorted(by: { $0.key < $1.key }) {
            let parts = repository.split(separator: "/", maxSplits: 1).map(String.init)
            calls.append((OperationCatalog.batchGetImage, [
                "registryId": .string(parts[0]), "repositoryName": .string(parts[1]),
                "imageIds": .array(ids.sorted { $0.jsonText < $1.jsonText }),
                "acceptedMediaTypes": .array(OperationCatalog.manifestMediaTypes.map(JSONValue.string)),
            ]))
        }
        let fileSystems = Set(definitions.flatMap { ($0.volumes ?? []).compactMap(\.efsVolumeConfiguration?.fileSystemId) }).sorted()
        for fileSystem in fileSystems {
            calls.append((OperationCatalog.describeMountTargets, ["FileSystemId": .string(fileSystem)]))
        }
        calls.append((OperationCatalog.describeDBClusters, .object([:])))
        calls.append((OperationCatalog.describeDBInstances, .object([:])))
        return calls
    }

    /// The VPC and everything in it the paths cross, mount targets' security groups, instances, inline policies,
    /// managed policies, keys.
    func roundFour(_ facts: Facts) -> [Call] {
        var calls: [Call] = []
        let vpcs = Set((facts.subnets ?? []).map(\.vpcId) + (facts.ec2Instances ?? []).compactMap(\.vpcId)).sorted()
        if !vpcs.isEmpty {
            let ids = JSONValue.array(vpcs.map(JSONValue.string))
            let byVPC: JSONValue = ["Filters": [["Name": "vpc-id", "Values": ids]]]
            calls.append((OperationCatalog.describeVpcs, ["VpcIds": ids]))
            for vpc in vpcs {
                for attribute in ["enableDnsSupport", "enableDnsHostnames"] {
                    calls.append((OperationCatalog.describeVpcAttribute, ["VpcId": .string(vpc), "Attribute": .string(attribute)]))
                }
            }
            for operation in [OperationCatalog.describeRouteTables, OperationCatalog.describeVpcEndpoints,
                              OperationCatalog.describeSecurityGroups, OperationCatalog.describeNetworkAcls] {
                calls.append((operation, byVPC))
            }
            calls.append((OperationCatalog.describeNatGateways, ["Filter": [["Name": "vpc-id", "Values": ids]]]))
            calls.append((OperationCatalog.describeInternetGateways, ["Filters": [["Name": "attachment.vpc-id", "Values": ids]]]))
            calls.append((OperationCatalog.describePrefixLists, .object([:])))
            // Private hosted zones decide where AWS service names resolve (an endpoint shared from another VPC).
            if let region = facts.region {
                for vpc in vpcs {
                    calls.append((OperationCatalog.listHostedZonesByVPC, ["VPCId": .string(vpc), "VPCRegion": .string(region)]))
                }
            }
        }
        let balancers = Set((facts.targetGroups ?? []).flatMap { $0.loadBalancerArns ?? [] }).sorted()
        for chunk in Self.chunks(balancers, of: 20) {
            calls.append((OperationCatalog.describeLoadBalancers, ["LoadBalancerArns": .array(chunk.map(JSONValue.string))]))
        }
        for target in Set((facts.efsMountTargets ?? []).map(\.mountTargetId)).sorted() {
            calls.append((OperationCatalog.describeMountTargetSecurityGroups, ["MountTargetId": .string(target)]))
        }
        // A single manifest's platform is in its configuration blob.
        for (repository, manifests) in facts.ecrManifests.sorted(by: { $0.key < $1.key }) {
            let configs = Set(manifests.compactMap { manifest -> String? in
                if case .config(let digest) = manifest.platforms { return digest }
                return nil
            }).sorted()
            for digest in configs {
                var input: [String: JSONValue] = ["repositoryName": .string(repository), "layerDigest": .string(digest)]
                if let registry = manifests.first?.registryId { input["registryId"] = .string(registry) }
                calls.append((OperationCatalog.getDownloadUrlForLayer, .object(input)))
            }
        }
        // The cluster's other container instances, for placement (a single cluster is listed per diagnosis).
        if let cluster = capacity.keys.sorted().first {
            let described = Set((facts.containerInstances ?? []).map(\.containerInstanceArn))
            for chunk in Self.chunks((facts.listedContainerInstances ?? []).filter { !described.contains($0) }, of: 100) {
                calls.append((OperationCatalog.describeContainerInstances, ["cluster": .string(cluster),
                                                                           "containerInstances": .array(chunk.map(JSONValue.string))]))
            }
        }
        let groups = Set((facts.capacityProviders ?? []).compactMap(\.autoScalingGroupName)).sorted()
        for chunk in Self.chunks(groups, of: 50) {
            calls.append((OperationCatalog.describeAutoScalingGroups, ["AutoScalingGroupNames": .array(chunk.map(JSONValue.string))]))
        }
        let instances = Set((facts.containerInstances ?? []).compactMap(\.ec2InstanceId)).sorted()
        for chunk in Self.chunks(instances, of: 200) {
            calls.append((OperationCatalog.describeInstances, ["InstanceIds": .array(chunk.map(JSONValue.string))]))
        }
        for (role, names) in facts.iam.inlinePolicyNames.sorted(by: { $0.key < $1.key }) {
            for name in names { calls.append((OperationCatalog.getRolePolicy, ["RoleName": .string(role), "PolicyName": .string(name)])) }
        }
        let managed = Set(facts.iam.attachedPolicies.values.flatMap { $0.map(\.policyArn) }
            + facts.iam.roles.compactMap { $0.permissionsBoundary?.permissionsBoundaryArn }).sorted()
        for arn in managed { calls.append((OperationCatalog.getPolicy, ["PolicyArn": .string(arn)])) }
        let keys = Set((facts.secrets ?? []).compactMap(\.kmsKeyId)
            + (facts.parameters ?? []).compactMap(\.keyId).filter { !$0.hasPrefix("alias/aws/") }).sorted()
        for key in keys { calls.append((OperationCatalog.describeKey, ["KeyId": .string(key)])) }
        return calls
    }

    /// Managed policies' default versions, customer keys' policies, endpoint and task ENIs, DHCP options, the records
    /// of private hosted zones named for an AWS service, the load balancers' own subnets.
    func roundFive(_ facts: Facts, _ definitions: [TaskDefinition]) -> [Call] {
        var calls: [Call] = []
        // Health checks come from the load balancers' subnets: their ranges decide the network ACL hops.
        let described = Set((facts.subnets ?? []).map(\.subnetId))
        let balancerSubnets = Set((facts.loadBalancers ?? []).flatMap { ($0.availabilityZones ?? []).compactMap(\.subnetId) })
            .subtracting(described).sorted()
        for chunk in Self.chunks(balancerSubnets, of: 200) {
            calls.append((OperationCatalog.describeSubnets, ["SubnetIds": .array(chunk.map(JSONValue.string))]))
        }
        for policy in facts.iam.managedPolicies {
            guard let version = policy.defaultVersionId else { continue }
            calls.append((OperationCatalog.getPolicyVersion, ["PolicyArn": .string(policy.arn), "VersionId": .string(version)]))
        }
        for key in facts.iam.kmsKeys where key.isCustomerManaged {
            calls.append((OperationCatalog.getKeyPolicy, ["KeyId": .string(key.arn), "PolicyName": "default"]))
        }
        let endpointInterfaces: [String] = (facts.vpcEndpoints ?? []).flatMap { $0.networkInterfaceIds ?? [] }
        let taskInterfaces: [String] = (facts.tasks ?? []).compactMap { $0.networkAttachment?.detail("networkInterfaceId") }
        let interfaces = endpointInterfaces + taskInterfaces
        // A stopped Fargate task's ENI is gone: filter by id so that a missing one is simply absent.
        for chunk in Self.chunks(Set(interfaces).sorted(), of: 200) {
            calls.append((OperationCatalog.describeNetworkInterfaces,
                          ["Filters": [["Name": "network-interface-id", "Values": .array(chunk.map(JSONValue.string))]]]))
        }
        // Customer managed prefix lists referenced by security group rules: their entries decide the match.
        let lists = Set((facts.securityGroups ?? []).flatMap { group in
            ((group.ipPermissions ?? []) + (group.ipPermissionsEgress ?? [])).flatMap { $0.prefixListIds ?? [] }.map(\.prefixListId)
        }).subtracting((facts.prefixLists ?? []).map(\.prefixListId)).sorted()
        for list in lists { calls.append((OperationCatalog.getManagedPrefixListEntries, ["PrefixListId": .string(list)])) }
        let options = Set((facts.vpcs ?? []).compactMap(\.dhcpOptionsId)).sorted()
        if !options.isEmpty { calls.append((OperationCatalog.describeDhcpOptions, ["DhcpOptionsIds": .array(options.map(JSONValue.string))])) }
        let zones = Set(facts.privateHostedZones.values.joined().filter { $0.domain.hasSuffix("amazonaws.com") || $0.domain.hasSuffix("amazonaws.com.cn") }
            .map(\.id)).sorted()
        for zone in zones { calls.append((OperationCatalog.listResourceRecordSets, ["HostedZoneId": .string(zone)])) }
        return calls
    }

    /// `items` in consecutive groups of at most `size`, for APIs that take a bounded list of ids.
    static func chunks(_ items: [String], of size: Int) -> [[String]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}
