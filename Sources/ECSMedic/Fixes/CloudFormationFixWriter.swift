import AWSClient

/// Writes fix changes as a CloudFormation YAML fragment with `Parameters` and `Resources` sections, to paste into
/// a template. Every existing id the user must map is a parameter named after it (`Sg0abc`, default the real id,
/// replaceable by a `!Ref` to their own resource); resources ecs-medic creates have logical ids `EcsMedic*`;
/// changes to existing resources are written as that resource with the property to set, with a comment.
struct CloudFormationFixWriter {
    func render(_ changes: [FixChange]) -> String? {
        var document = Document()
        for change in changes { document.add(change) }
        return document.text
    }

    private struct Document {
        var parameters: [(name: String, type: String, id: String)] = []
        var resources: [String] = []
        var comments: [String] = []

        var text: String? {
            guard !resources.isEmpty else { return nil }
            var lines: [String] = []
            if !parameters.isEmpty {
                lines.append("Parameters:")
                for parameter in parameters {
                    lines += ["  \(parameter.name):", "    Type: \(parameter.type)", "    Default: \(FixNames.quoted(parameter.id))",
                              "    Description: \(FixNames.quoted("\(parameter.id): map to your resource"))"]
                }
            }
            lines.append("Resources:")
            lines += resources
            lines += comments
            return lines.joined(separator: "\n") + "\n"
        }

        /// `!Ref NAME` for an existing resource id, declaring the parameter once.
        mutating func parameter(_ id: String, _ type: String = "String") -> String {
            let name = FixNames.pascal(id)
            if !parameters.contains(where: { $0.name == name }) { parameters.append((name, type, id)) }
            return "!Ref \(name)"
        }

        mutating func list(_ ids: [String], _ type: String) -> String {
            "[" + ids.map { parameter($0, type) }.joined(separator: ", ") + "]"
        }

        /// The group's launch settings as the `AWS::AutoScaling::AutoScalingGroup` property that states them.
        static func launchProperty(_ launch: AutoScalingGroup.Launch) -> (String, String) {
            func specification(_ template: AutoScalingGroup.LaunchTemplate) -> String {
                let members = [("LaunchTemplateId", template.launchTemplateId), ("LaunchTemplateName", template.launchTemplateName),
                               ("Version", template.version)]
                return "{" + members.compactMap { name, value in value.map { "\(name): \(FixNames.quoted($0))" } }
                    .joined(separator: ", ") + "}"
            }
            switch launch {
            case .configuration(let name): return ("LaunchConfigurationName", FixNames.quoted(name))
            case .template(let template): return ("LaunchTemplate", specification(template))
            case .mixedInstancesTemplate(let template):
                return ("MixedInstancesPolicy", "{LaunchTemplate: {LaunchTemplateSpecification: \(specification(template))}}")
            }
        }

        /// One resource; property values are YAML (flow style when nested).
        mutating func resource(_ logicalId: String, _ type: String, _ properties: [(String, String)], comment: String? = nil) {
            var lines = comment.map { ["  # \($0)"] } ?? []
            lines += ["  \(logicalId):", "    Type: \(type)", "    Properties:"]
            lines += properties.map { "      \($0.0): \($0.1)" }
            resources.append(lines.joined(separator: "\n"))
        }

        mutating func add(_ change: FixChange) {
            switch change {
            case .endpointSecurityGroup(let vpcId, let sources):
                let ingress = sources.map { "{IpProtocol: tcp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: \(parameter($0, "AWS::EC2::SecurityGroup::Id"))}" }
                resource("EcsMedicVpceHttps", "AWS::EC2::SecurityGroup", [
                    ("GroupDescription", "\"HTTPS from ECS tasks to VPC endpoints\""), ("VpcId", parameter(vpcId, "AWS::EC2::VPC::Id")),
                    ("SecurityGroupIngress", "[\(ingress.joined(separator: ", "))]"),
                ])
            case .interfaceEndpoint(let vpcId, let serviceName, let subnets, let group):
                resource(FixNames.pascal("EcsMedic", TerraformFixWriter.shortName(serviceName), "Endpoint"), "AWS::EC2::VPCEndpoint", [
                    ("VpcId", parameter(vpcId, "AWS::EC2::VPC::Id")), ("ServiceName", FixNames.quoted(serviceName)),
                    ("VpcEndpointType", "Interface"), ("SubnetIds", list(subnets, "AWS::EC2::Subnet::Id")),
                    ("SecurityGroupIds", group.map { "[\(parameter($0, "AWS::EC2::SecurityGroup::Id"))]" } ?? "[!Ref EcsMedicVpceHttps]"),
                    ("PrivateDnsEnabled", "true"),
                ])
            case .gatewayEndpoint(let vpcId, let serviceName, let tables):
                resource(FixNames.pascal("EcsMedic", TerraformFixWriter.shortName(serviceName), "Endpoint"), "AWS::EC2::VPCEndpoint", [
                    ("VpcId", parameter(vpcId, "AWS::EC2::VPC::Id")), ("ServiceName", FixNames.quoted(serviceName)),
                    ("VpcEndpointType", "Gateway"), ("RouteTableIds", list(tables, "String")),
                ])
            case .gatewayEndpointRouteTables(let endpoint, let tables):
                resource(FixNames.pascal("EcsMedic", endpoint.vpcEndpointId), "AWS::EC2::VPCEndpoint", [
                    ("VpcId", parameter(endpoint.vpcId ?? "", "AWS::EC2::VPC::Id")), ("ServiceName", FixNames.quoted(endpoint.serviceName ?? "")),
                    ("VpcEndpointType", "Gateway"), ("RouteTableIds", list((endpoint.routeTableIds ?? []) + tables, "String")),
                ], comment: "existing endpoint \(endpoint.vpcEndpointId): add \(tables.joined(separator: ", ")) to RouteTableIds of your AWS::EC2::VPCEndpoint")
            case .securityGroupRule(let rule):
                let ingress = rule.direction == .ingress
                var properties = [("GroupId", parameter(rule.groupId, "AWS::EC2::SecurityGroup::Id")), ("IpProtocol", "tcp"),
                                  ("FromPort", "\(rule.port)"), ("ToPort", "\(rule.port)")]
                switch rule.peer {
                case .group(let id):
                    properties.append((ingress ? "SourceSecurityGroupId" : "DestinationSecurityGroupId", parameter(id, "AWS::EC2::SecurityGroup::Id")))
                case .cidr(let cidr): properties.append(("CidrIp", FixNames.quoted(cidr)))
                case .prefixList(let id): properties.append((ingress ? "SourcePrefixListId" : "DestinationPrefixListId", parameter(id)))
                }
                resource(FixNames.pascal("EcsMedic", rule.groupId, rule.direction.rawValue, "\(rule.port)", rule.peer.id),
                         ingress ? "AWS::EC2::SecurityGroupIngress" : "AWS::EC2::SecurityGroupEgress", properties)
            case .route(let table, let destination, let nat, let replacing):
                resource(FixNames.pascal("EcsMedic", table, "Default"), "AWS::EC2::Route", [
                    ("RouteTableId", parameter(table)), ("DestinationCidrBlock", FixNames.quoted(destination)),
                    ("NatGatewayId", parameter(nat)),
                ], comment: replacing ? "replaces the existing \(destination) route of \(table): remove that AWS::EC2::Route" : nil)
            case .endpointPrivateDNS(let endpoint):
                resource(FixNames.pascal("EcsMedic", endpoint.vpcEndpointId), "AWS::EC2::VPCEndpoint", [
                    ("VpcId", parameter(endpoint.vpcId ?? "", "AWS::EC2::VPC::Id")), ("ServiceName", FixNames.quoted(endpoint.serviceName ?? "")),
                    ("VpcEndpointType", "Interface"), ("SubnetIds", list(endpoint.subnetIds ?? [], "AWS::EC2::Subnet::Id")),
                    ("SecurityGroupIds", list(endpoint.securityGroupIds, "AWS::EC2::SecurityGroup::Id")), ("PrivateDnsEnabled", "true"),
                ], comment: "existing endpoint \(endpoint.vpcEndpointId): set PrivateDnsEnabled: true on your AWS::EC2::VPCEndpoint")
            case .vpcDNS(let vpcId, let cidr, _, _):
                resource(FixNames.pascal("EcsMedic", vpcId), "AWS::EC2::VPC", [
                    ("CidrBlock", FixNames.quoted(cidr ?? "")), ("EnableDnsSupport", "true"), ("EnableDnsHostnames", "true"),
                ], comment: "existing VPC \(vpcId): set EnableDnsSupport and EnableDnsHostnames: true on your AWS::EC2::VPC")
            case .assignPublicIP(let cluster, let service, let definition, let subnets, let groups):
                var properties = [("ServiceName", FixNames.quoted(service)), ("Cluster", parameter(cluster))]
                if let definition { properties.append(("TaskDefinition", FixNames.quoted(definition))) }
                properties.append(("NetworkConfiguration", "{AwsvpcConfiguration: {AssignPublicIp: ENABLED, "
                    + "Subnets: \(list(subnets, "AWS::EC2::Subnet::Id")), SecurityGroups: \(list(groups, "AWS::EC2::SecurityGroup::Id"))}}"))
                resource(FixNames.pascal("EcsMedic", service), "AWS::ECS::Service", properties,
                         comment: "existing service \(service): set AssignPublicIp: ENABLED in NetworkConfiguration of your AWS::ECS::Service")
            case .logGroup(let name):
                resource(FixNames.pascal("EcsMedic", name, "LogGroup"), "AWS::Logs::LogGroup", [("LogGroupName", FixNames.quoted(name))])
            case .pullThroughCacheRule(let prefix, let upstream, let credential):
                resource(FixNames.pascal("EcsMedic", prefix, "PullThroughCache"), "AWS::ECR::PullThroughCacheRule", [
                    ("EcrRepositoryPrefix", FixNames.quoted(prefix)), ("UpstreamRegistryUrl", FixNames.quoted(upstream)),
                    ("CredentialArn", parameter(credential)),
                ])
            case .serviceLinkedRole(let service):
                resource(FixNames.pascal("EcsMedic", service, "ServiceLinkedRole"), "AWS::IAM::ServiceLinkedRole",
                         [("AWSServiceName", FixNames.quoted(service))])
            case .autoScalingMaxSize(_, let group, let maxSize, let previous, let minSize, let launch):
                var properties = [("AutoScalingGroupName", FixNames.quoted(group)), ("MaxSize", FixNames.quoted(String(maxSize)))]
                if let minSize { properties.append(("MinSize", FixNames.quoted(String(minSize)))) }
                if let launch { properties.append(Self.launchProperty(launch)) }
                resource(FixNames.pascal("EcsMedic", group), "AWS::AutoScaling::AutoScalingGroup", properties,
                         comment: "existing Auto Scaling group \(group): raise MaxSize from \(previous) to \(maxSize) on your "
                             + "AWS::AutoScaling::AutoScalingGroup (MinSize and the launch settings as the group has them)")
            case .platformVersion(_, let cluster, let service, let version):
                resource(FixNames.pascal("EcsMedic", service), "AWS::ECS::Service",
                         [("ServiceName", FixNames.quoted(service)), ("Cluster", parameter(cluster)), ("PlatformVersion", FixNames.quoted(version))],
                         comment: "existing service \(service): set PlatformVersion: \(version) on your AWS::ECS::Service")
            case .networkACLEntry(let aclId, let number, let egress, let from, let to, let cidr):
                resource(FixNames.pascal("EcsMedic", aclId, egress ? "Egress" : "Ingress", "\(number)"), "AWS::EC2::NetworkAclEntry", [
                    ("NetworkAclId", parameter(aclId)), ("RuleNumber", "\(number)"), ("Egress", "\(egress)"), ("Protocol", "6"),
                    ("RuleAction", "allow"), ("CidrBlock", FixNames.quoted(cidr)), ("PortRange", "{From: \(from), To: \(to)}"),
                ])
            case .endpointPolicy(let endpoint, let document):
                var properties = [("VpcId", parameter(endpoint.vpcId ?? "", "AWS::EC2::VPC::Id")), ("ServiceName", FixNames.quoted(endpoint.serviceName ?? ""))]
                if endpoint.isGateway {
                    properties += [("VpcEndpointType", "Gateway"), ("RouteTableIds", list(endpoint.routeTableIds ?? [], "String"))]
                } else {
                    properties += [("VpcEndpointType", "Interface"), ("SubnetIds", list(endpoint.subnetIds ?? [], "AWS::EC2::Subnet::Id")),
                                   ("SecurityGroupIds", list(endpoint.securityGroupIds, "AWS::EC2::SecurityGroup::Id")),
                                   ("PrivateDnsEnabled", "\(endpoint.privateDnsEnabled ?? false)")]
                }
                properties.append(("PolicyDocument", FixNames.json(document)))
                resource(FixNames.pascal("EcsMedic", endpoint.vpcEndpointId), "AWS::EC2::VPCEndpoint", properties,
                         comment: "existing endpoint \(endpoint.vpcEndpointId): set this PolicyDocument (existing statements kept) on your AWS::EC2::VPCEndpoint")
            case .logDriverOption(let definition, let family, let containers, let option, let value, _, _):
                let definitions = containers.map { container in
                    let logging = FixNames.json(.object(["LogDriver": .string(container.logDriver),
                                                         "Options": .object(container.options.mapValues(JSONValue.string))]))
                    return "{Name: \(FixNames.quoted(container.container)), Image: \(FixNames.quoted(container.image ?? "<image>")), LogConfiguration: \(logging)}"
                }
                resource(FixNames.pascal("EcsMedic", family, "TaskDefinition"), "AWS::ECS::TaskDefinition", [
                    ("Family", FixNames.quoted(family)), ("ContainerDefinitions", "[\(definitions.joined(separator: ", "))]"),
                ], comment: "existing task definition \(definition): set LogConfiguration.Options.\(option): \"\(value)\" on these containers of your AWS::ECS::TaskDefinition (a new revision)")
            case .healthCheckGracePeriod(let cluster, let service, let seconds, let previous):
                resource(FixNames.pascal("EcsMedic", service), "AWS::ECS::Service", [
                    ("ServiceName", FixNames.quoted(service)), ("Cluster", FixNames.quoted(cluster)),
                    ("HealthCheckGracePeriodSeconds", "\(seconds)"),
                ], comment: "existing service \(service): set HealthCheckGracePeriodSeconds (was \(previous)) on your AWS::ECS::Service")
            case .targetGroupHealthCheck(let settings):
                var properties = [("Name", FixNames.quoted(settings.name))]
                if let port = settings.port { properties.append(("HealthCheckPort", FixNames.quoted(port))) }
                if let path = settings.path { properties.append(("HealthCheckPath", FixNames.quoted(path))) }
                if let matcher = settings.matcher { properties.append(("Matcher", "{HttpCode: \(FixNames.quoted(matcher))}")) }
                resource(FixNames.pascal("EcsMedic", settings.name), "AWS::ElasticLoadBalancingV2::TargetGroup", properties,
                         comment: "existing target group \(settings.name): set these health check properties (\(settings.summary)) on your AWS::ElasticLoadBalancingV2::TargetGroup")
            case .taskDefinitionRevision(let revision):
                var members = ["Name: \(FixNames.quoted(revision.container))", "Image: \(FixNames.quoted(revision.image ?? "<image>"))"]
                if let memory = revision.containerMemory { members.append("Memory: \(memory)") }
                if let variable = revision.environment, let name = variable.name, let value = variable.value {
                    members.append("Environment: [{Name: \(FixNames.quoted(name)), Value: \(FixNames.quoted(value))}]")
                }
                var properties = [("Family", FixNames.quoted(revision.family))]
                if revision.containerMemory != nil || revision.environment != nil {
                    properties.append(("ContainerDefinitions", "[{\(members.joined(separator: ", "))}]"))
                }
                if let cpu = revision.taskCpu { properties.append(("Cpu", "\"\(cpu)\"")) }
                if let memory = revision.taskMemory { properties.append(("Memory", "\"\(memory)\"")) }
                if let platform = revision.runtimePlatform {
                    properties.append(("RuntimePlatform", "{CpuArchitecture: \(platform.architecture), OperatingSystemFamily: \(platform.family)}"))
                }
                if let expression = revision.placementConstraint {
                    properties.append(("PlacementConstraints", "[{Type: memberOf, Expression: \(FixNames.quoted(expression))}]"))
                }
                resource(FixNames.pascal("EcsMedic", revision.family, "TaskDefinition"), "AWS::ECS::TaskDefinition", properties,
                         comment: "existing task definition \(revision.taskDefinition): set these on your AWS::ECS::TaskDefinition (a new revision"
                             + (revision.environment == nil ? ")" : "; other environment variables kept)"))
            case .rolePolicy(let role, let name, let document):
                resource(FixNames.pascal("EcsMedic", role, name), "AWS::IAM::RolePolicy", [
                    ("PolicyName", FixNames.quoted(name)), ("RoleName", parameter(role)), ("PolicyDocument", FixNames.json(document)),
                ])
            case .trustPolicy(let role, let document):
                resource(FixNames.pascal("EcsMedic", role), "AWS::IAM::Role", [
                    ("RoleName", FixNames.quoted(role)), ("AssumeRolePolicyDocument", FixNames.json(document)),
                ], comment: "existing role \(role): set AssumeRolePolicyDocument on your AWS::IAM::Role")
            case .detachManagedPolicy(let role, let arn):
                comments.append("  # then remove \(arn) from ManagedPolicyArns of \(role)")
            case .deleteRolePolicy(let role, let name):
                comments.append("  # then remove the inline policy \(name) of \(role)")
            case .redeployService, .runTask:
                if let command = AWSCLIFixWriter(region: "").render([change]) {
                    comments.append("  # then start the task again:\n  # " + command.replacingOccurrences(of: "\n", with: "\n  # "))
                }
            }
        }
    }
}
