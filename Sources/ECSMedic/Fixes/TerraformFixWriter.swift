import AWSClient

/// Writes fix changes as Terraform (AWS provider v5) HCL. Every existing id the user must map to their own code
/// is a variable named after it (`variable "sg_0abc"` with the real id as default); resources ecs-medic creates are
/// labelled `ecs_medic_*`; changes to existing resources come with an `import` block so the snippet also works
/// when the resource is not managed yet, and a comment naming the attribute to set where it is.
struct TerraformFixWriter {
    func render(_ changes: [FixChange]) -> String? {
        var document = Document()
        for change in changes { document.add(change) }
        return document.text
    }

    private struct Document {
        var variables: [(name: String, id: String, description: String)] = []
        var blocks: [String] = []
        var comments: [String] = []

        var text: String? {
            guard !blocks.isEmpty || !comments.isEmpty else { return nil }
            let declarations = variables.map { variable in
                "variable \"\(variable.name)\" {\n  type        = string\n  default     = \(FixNames.quoted(variable.id))\n"
                    + "  description = \(FixNames.quoted(variable.description))\n}"
            }
            return (declarations + blocks + (comments.isEmpty ? [] : [comments.joined(separator: "\n")]))
                .joined(separator: "\n\n") + "\n"
        }

        /// `var.NAME` for an existing resource id, declaring the variable once.
        mutating func variable(_ id: String, _ what: String) -> String {
            let name = FixNames.snake(id)
            if !variables.contains(where: { $0.name == name }) {
                variables.append((name, id, "\(what) \(id): map to your resource's id"))
            }
            return "var.\(name)"
        }

        mutating func list(_ ids: [String], _ what: String) -> String {
            "[" + ids.map { variable($0, what) }.joined(separator: ", ") + "]"
        }

        mutating func resource(_ type: String, _ label: String, _ attributes: [(String, String)], comment: String? = nil) {
            let width = attributes.map(\.0.count).max() ?? 0
            let body = attributes.map { key, value in
                "  \(key)\(String(repeating: " ", count: width - key.count)) = \(value)"
            }
            blocks.append((comment.map { "# \($0)\n" } ?? "") + "resource \"\(type)\" \"\(label)\" {\n" + body.joined(separator: "\n") + "\n}")
        }

        mutating func importing(_ type: String, _ label: String, id: String) {
            blocks.append("import {\n  to = \(type).\(label)\n  id = \(FixNames.quoted(id))\n}")
        }

        mutating func add(_ change: FixChange) {
            switch change {
            case .endpointSecurityGroup(let vpcId, let sources):
                resource("aws_security_group", "ecs_medic_vpce_https", [
                    ("name", "\"ecs-medic-vpce-https\""), ("description", "\"HTTPS from ECS tasks to VPC endpoints\""),
                    ("vpc_id", variable(vpcId, "VPC")),
                ])
                for source in sources {
                    resource("aws_vpc_security_group_ingress_rule", FixNames.snake("ecs_medic_vpce_https_from", source), [
                        ("security_group_id", "aws_security_group.ecs_medic_vpce_https.id"), ("ip_protocol", "\"tcp\""),
                        ("from_port", "443"), ("to_port", "443"),
                        ("referenced_security_group_id", variable(source, "task security group")),
                    ])
                }
            case .interfaceEndpoint(let vpcId, let serviceName, let subnets, let group):
                resource("aws_vpc_endpoint", FixNames.snake("ecs_medic", TerraformFixWriter.shortName(serviceName)), [
                    ("vpc_id", variable(vpcId, "VPC")), ("service_name", FixNames.quoted(serviceName)),
                    ("vpc_endpoint_type", "\"Interface\""), ("subnet_ids", list(subnets, "task subnet")),
                    ("security_group_ids", group.map { "[\(variable($0, "endpoint security group"))]" } ?? "[aws_security_group.ecs_medic_vpce_https.id]"),
                    ("private_dns_enabled", "true"),
                ])
            case .gatewayEndpoint(let vpcId, let serviceName, let tables):
                resource("aws_vpc_endpoint", FixNames.snake("ecs_medic", TerraformFixWriter.shortName(serviceName)), [
                    ("vpc_id", variable(vpcId, "VPC")), ("service_name", FixNames.quoted(serviceName)),
                    ("vpc_endpoint_type", "\"Gateway\""), ("route_table_ids", list(tables, "route table")),
                ])
            case .gatewayEndpointRouteTables(let endpoint, let tables):
                for table in tables {
                    resource("aws_vpc_endpoint_route_table_association", FixNames.snake("ecs_medic", endpoint.vpcEndpointId, table), [
                        ("vpc_endpoint_id", variable(endpoint.vpcEndpointId, "gateway endpoint")),
                        ("route_table_id", variable(table, "route table")),
                    ])
                }
            case .securityGroupRule(let rule):
                let type = rule.direction == .ingress ? "aws_vpc_security_group_ingress_rule" : "aws_vpc_security_group_egress_rule"
                var attributes = [("security_group_id", variable(rule.groupId, "security group")), ("ip_protocol", "\"tcp\""),
                                  ("from_port", "\(rule.port)"), ("to_port", "\(rule.port)")]
                switch rule.peer {
                case .group(let id): attributes.append(("referenced_security_group_id", variable(id, "security group")))
                case .cidr(let cidr): attributes.append(("cidr_ipv4", FixNames.quoted(cidr)))
                case .prefixList(let id): attributes.append(("prefix_list_id", variable(id, "prefix list")))
                }
                resource(type, FixNames.snake("ecs_medic", rule.groupId, rule.direction.rawValue, "\(rule.port)", rule.peer.id), attributes)
            case .route(let table, let destination, let nat, let replacing):
                resource("aws_route", FixNames.snake("ecs_medic", table, "default"), [
                    ("route_table_id", variable(table, "route table")), ("destination_cidr_block", FixNames.quoted(destination)),
                    ("nat_gateway_id", variable(nat, "NAT gateway")),
                ], comment: replacing ? "replaces the existing \(destination) route of \(table): remove that route from your code" : nil)
            case .endpointPrivateDNS(let endpoint):
                let label = FixNames.snake("ecs_medic", endpoint.vpcEndpointId)
                importing("aws_vpc_endpoint", label, id: endpoint.vpcEndpointId)
                resource("aws_vpc_endpoint", label, [
                    ("vpc_id", variable(endpoint.vpcId ?? "", "VPC")), ("service_name", FixNames.quoted(endpoint.serviceName ?? "")),
                    ("vpc_endpoint_type", "\"Interface\""), ("subnet_ids", list(endpoint.subnetIds ?? [], "endpoint subnet")),
                    ("security_group_ids", list(endpoint.securityGroupIds, "endpoint security group")),
                    ("private_dns_enabled", "true"),
                ], comment: "existing endpoint \(endpoint.vpcEndpointId): set private_dns_enabled = true on your aws_vpc_endpoint")
            case .vpcDNS(let vpcId, let cidr, _, _):
                let label = FixNames.snake("ecs_medic", vpcId)
                importing("aws_vpc", label, id: vpcId)
                resource("aws_vpc", label, [
                    ("cidr_block", FixNames.quoted(cidr ?? "")), ("enable_dns_support", "true"), ("enable_dns_hostnames", "true"),
                ], comment: "existing VPC \(vpcId): set enable_dns_support and enable_dns_hostnames = true on your aws_vpc")
            case .assignPublicIP(let cluster, let service, let definition, let subnets, let groups):
                let label = FixNames.snake("ecs_medic", service)
                importing("aws_ecs_service", label, id: "\(cluster)/\(service)")
                var attributes = [("name", FixNames.quoted(service)), ("cluster", variable(cluster, "ECS cluster"))]
                if let definition { attributes.append(("task_definition", FixNames.quoted(definition))) }
                blocks.append("# existing service \(service): set assign_public_ip = true in network_configuration of your aws_ecs_service\n"
                    + "resource \"aws_ecs_service\" \"\(label)\" {\n"
                    + attributes.map { "  \($0.0) = \($0.1)" }.joined(separator: "\n")
                    + "\n  network_configuration {\n    subnets          = \(list(subnets, "service subnet"))\n"
                    + "    security_groups  = \(list(groups, "task security group"))\n    assign_public_ip = true\n  }\n}")
            case .logGroup(let name):
                resource("aws_cloudwatch_log_group", FixNames.snake("ecs_medic", name), [("name", FixNames.quoted(name))])
            case .pullThroughCacheRule(let prefix, let upstream, let credential):
                resource("aws_ecr_pull_through_cache_rule", FixNames.snake("ecs_medic", prefix), [
                    ("ecr_repository_prefix", FixNames.quoted(prefix)), ("upstream_registry_url", FixNames.quoted(upstream)),
                    ("credential_arn", variable(credential, "Secrets Manager secret (ecr-pullthroughcache/...) with the registry credentials")),
                ])
            case .serviceLinkedRole(let service):
                resource("aws_iam_service_linked_role", FixNames.snake("ecs_medic", service), [("aws_service_name", FixNames.quoted(service))])
            case .autoScalingMaxSize(_, let group, let maxSize, let previous, _, _):
                blocks.append("# existing Auto Scaling group \(group): raise max_size from \(previous) to \(maxSize) on your aws_autoscaling_group\n"
                    + "resource \"aws_autoscaling_group\" \"\(FixNames.snake(group))\" {\n"
                    + "  name     = \(FixNames.quoted(group))\n  max_size = \(maxSize)\n}")
            case .platformVersion(_, let cluster, let service, let version):
                blocks.append("# existing service \(service): set platform_version = \"\(version)\" on your aws_ecs_service\n"
                    + "resource \"aws_ecs_service\" \"\(FixNames.snake(service))\" {\n"
                    + "  name             = \(FixNames.quoted(service))\n  cluster          = \(variable(cluster, "ECS cluster"))\n"
                    + "  platform_version = \(FixNames.quoted(version))\n}")
            case .networkACLEntry(let aclId, let number, let egress, let from, let to, let cidr):
                resource("aws_network_acl_rule", FixNames.snake("ecs_medic", aclId, egress ? "egress" : "ingress", "\(number)"), [
                    ("network_acl_id", variable(aclId, "network ACL")), ("rule_number", "\(number)"), ("egress", "\(egress)"),
                    ("protocol", "\"tcp\""), ("rule_action", "\"allow\""), ("cidr_block", FixNames.quoted(cidr)),
                    ("from_port", "\(from)"), ("to_port", "\(to)"),
                ])
            case .endpointPolicy(let endpoint, let document):
                resource("aws_vpc_endpoint_policy", FixNames.snake("ecs_medic", endpoint.vpcEndpointId), [
                    ("vpc_endpoint_id", variable(endpoint.vpcEndpointId, "VPC endpoint")),
                    ("policy", "jsonencode(\(TerraformFixWriter.hcl(document)))"),
                ], comment: "the whole policy of \(endpoint.vpcEndpointId) (existing statements kept); remove any policy argument of your aws_vpc_endpoint")
            case .logDriverOption(let definition, let family, let containers, let option, let value, _, _):
                for container in containers {
                    let members: [String: JSONValue] = ["logDriver": .string(container.logDriver),
                                                        "options": .object(container.options.mapValues(JSONValue.string))]
                    blocks.append("# task definition \(definition): in container_definitions of your aws_ecs_task_definition \(FixNames.quoted(family)),\n"
                        + "# set logConfiguration of container \(FixNames.quoted(container.container)) to this (\(option) = \"\(value)\" added): a new revision\n"
                        + "locals {\n  \(FixNames.snake("ecs_medic", family, container.container, "log_configuration")) = \(TerraformFixWriter.hcl(.object(members)))\n}")
                }
            case .healthCheckGracePeriod(let cluster, let service, let seconds, let previous):
                blocks.append("# existing service \(service) of cluster \(cluster): in your aws_ecs_service \(FixNames.quoted(service)), set\n"
                    + "#   health_check_grace_period_seconds = \(seconds)   # was \(previous)")
            case .targetGroupHealthCheck(let settings):
                let lines = [settings.port.map { "#     port    = \(FixNames.quoted($0))   # was \(settings.previousPort ?? "traffic-port")" },
                             settings.path.map { "#     path    = \(FixNames.quoted($0))   # was \(settings.previousPath ?? "/")" },
                             settings.matcher.map { "#     matcher = \(FixNames.quoted($0))   # was \(settings.previousMatcher ?? "200")" }].compactMap { $0 }
                blocks.append("# existing target group \(settings.name): in the health_check block of your aws_lb_target_group \(FixNames.quoted(settings.name)), set\n#   health_check {\n"
                    + lines.joined(separator: "\n") + "\n#   }")
            case .taskDefinitionRevision(let revision):
                var settings: [String] = []
                if let memory = revision.containerMemory { settings.append("#   container \(FixNames.quoted(revision.container)) in container_definitions: memory = \(memory)") }
                if let cpu = revision.taskCpu { settings.append("#   the task definition's cpu = \"\(cpu)\"") }
                if let memory = revision.taskMemory { settings.append("#   the task definition's memory = \"\(memory)\"") }
                if let variable = revision.environment, let name = variable.name, let value = variable.value {
                    settings.append("#   container \(FixNames.quoted(revision.container)) in container_definitions: environment \(name) = \(FixNames.quoted(value))")
                }
                if let platform = revision.runtimePlatform {
                    settings.append("#   runtime_platform { cpu_architecture = \(FixNames.quoted(platform.architecture)), "
                        + "operating_system_family = \(FixNames.quoted(platform.family)) }")
                }
                if let expression = revision.placementConstraint {
                    settings.append("#   placement_constraints { type = \"memberOf\", expression = \(FixNames.quoted(expression)) }")
                }
                blocks.append("# task definition \(revision.taskDefinition): a new revision of your aws_ecs_task_definition \(FixNames.quoted(revision.family)) with\n"
                    + settings.joined(separator: "\n") + "\n# then apply: the service moves to the new revision")
            case .rolePolicy(let role, let name, let document):
                resource("aws_iam_role_policy", FixNames.snake("ecs_medic", role, name), [
                    ("name", FixNames.quoted(name)), ("role", variable(role, "IAM role name")),
                    ("policy", "jsonencode(\(TerraformFixWriter.hcl(document)))"),
                ])
            case .trustPolicy(let role, let document):
                let label = FixNames.snake("ecs_medic", role)
                importing("aws_iam_role", label, id: role)
                resource("aws_iam_role", label, [
                    ("name", FixNames.quoted(role)), ("assume_role_policy", "jsonencode(\(TerraformFixWriter.hcl(document)))"),
                ], comment: "existing role \(role): set assume_role_policy on your aws_iam_role")
            case .detachManagedPolicy(let role, let arn):
                comments.append("# then remove the aws_iam_role_policy_attachment of \(arn) to \(role)")
            case .deleteRolePolicy(let role, let name):
                comments.append("# then remove the aws_iam_role_policy \(name) of \(role)")
            case .redeployService, .runTask:
                if let command = AWSCLIFixWriter(region: "").render([change]) {
                    comments.append("# then start the task again:\n# " + command.replacingOccurrences(of: "\n", with: "\n# "))
                }
            }
        }
    }

    /// The endpoint service without `com.amazonaws.REGION.` (`secretsmanager`, `ecr.dkr`).
    static func shortName(_ serviceName: String) -> String {
        serviceName.split(separator: ".").dropFirst(3).joined(separator: ".")
    }

    /// A JSON value as an HCL expression (for `jsonencode`).
    static func hcl(_ value: JSONValue, indent: String = "  ") -> String {
        switch value {
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            let inner = indent + "  "
            return "{\n" + members.keys.sorted().map { "\(inner)\(FixNames.quoted($0)) = \(hcl(members[$0] ?? .null, indent: inner))" }
                .joined(separator: "\n") + "\n\(indent)}"
        case .array(let items):
            return "[" + items.map { hcl($0, indent: indent) }.joined(separator: ", ") + "]"
        case .string(let text): return FixNames.quoted(text)
        default: return FixNames.json(value)
        }
    }
}
