/// Writes fix changes as AWS CLI commands, one per line (long ones continued with `\`), restarts last.
struct AWSCLIFixWriter {
    let region: String

    func render(_ changes: [FixChange]) -> String? {
        let lines = changes.flatMap(commands)
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    private func commands(_ change: FixChange) -> [String] {
        let ec2 = "aws ec2"
        switch change {
        case .endpointSecurityGroup(let vpcId, let sources):
            return ["ENDPOINT_SG=$(aws ec2 create-security-group --region \(region) --vpc-id \(vpcId) \\\n"
                + "  --group-name ecs-medic-vpce-https --description \"HTTPS from ECS tasks to VPC endpoints\" \\\n"
                + "  --query GroupId --output text)"]
                + sources.map { "\(ec2) authorize-security-group-ingress --region \(region) --group-id \"$ENDPOINT_SG\" \\\n  --protocol tcp --port 443 --source-group \($0)" }
        case .interfaceEndpoint(let vpcId, let serviceName, let subnets, let group):
            return ["\(ec2) create-vpc-endpoint --region \(region) --vpc-id \(vpcId) --vpc-endpoint-type Interface \\\n"
                + "  --service-name \(serviceName) --subnet-ids \(subnets.joined(separator: " ")) \\\n"
                + "  --security-group-ids \(group ?? "\"$ENDPOINT_SG\"") --private-dns-enabled"]
        case .gatewayEndpoint(let vpcId, let serviceName, let tables):
            return ["\(ec2) create-vpc-endpoint --region \(region) --vpc-id \(vpcId) --vpc-endpoint-type Gateway \\\n"
                + "  --service-name \(serviceName) --route-table-ids \(tables.joined(separator: " "))"]
        case .gatewayEndpointRouteTables(let endpoint, let tables):
            return ["\(ec2) modify-vpc-endpoint --region \(region) --vpc-endpoint-id \(endpoint.vpcEndpointId) --add-route-table-ids \(tables.joined(separator: " "))"]
        case .securityGroupRule(let rule):
            return [Self.command(rule, region: region)]
        case .route(let table, let destination, let nat, let replacing):
            return ["\(ec2) \(replacing ? "replace-route" : "create-route") --region \(region) --route-table-id \(table) \\\n"
                + "  --destination-cidr-block \(destination) --nat-gateway-id \(nat)"]
        case .endpointPrivateDNS(let endpoint):
            return ["\(ec2) modify-vpc-endpoint --region \(region) --vpc-endpoint-id \(endpoint.vpcEndpointId) --private-dns-enabled"]
        case .vpcDNS(let vpcId, _, let supportOff, let hostnamesOff):
            return (supportOff ? ["\(ec2) modify-vpc-attribute --region \(region) --vpc-id \(vpcId) --enable-dns-support '{\"Value\":true}'"] : [])
                + (hostnamesOff ? ["\(ec2) modify-vpc-attribute --region \(region) --vpc-id \(vpcId) --enable-dns-hostnames '{\"Value\":true}'"] : [])
        case .assignPublicIP(let cluster, let service, _, let subnets, let groups):
            return ["aws ecs update-service --region \(region) --cluster \(cluster) --service \(service) \\\n"
                + "  --network-configuration 'awsvpcConfiguration={subnets=[\(subnets.joined(separator: ","))],securityGroups=[\(groups.joined(separator: ","))],assignPublicIp=ENABLED}'"]
        case .logGroup(let name):
            return ["aws logs create-log-group --region \(region) --log-group-name \(name)"]
        case .pullThroughCacheRule(let prefix, let upstream, let credential):
            return ["# store a Docker Hub user name and access token in the Secrets Manager secret \(credential.split(separator: ":").last.map(String.init) ?? credential) first",
                    "aws ecr create-pull-through-cache-rule --region \(region) --ecr-repository-prefix \(prefix) \\\n"
                        + "  --upstream-registry-url \(upstream) --credential-arn \(credential)"]
        case .serviceLinkedRole(let service):
            return ["aws iam create-service-linked-role --aws-service-name \(service)"]
        case .autoScalingMaxSize(let region, let group, let maxSize, _, _, _):
            return ["aws autoscaling update-auto-scaling-group --region \(region) --auto-scaling-group-name \(group) --max-size \(maxSize)"]
        case .platformVersion(let region, let cluster, let service, let version):
            return ["aws ecs update-service --region \(region) --cluster \(cluster) --service \(service) --platform-version \(version)"]
        case .networkACLEntry(let aclId, let number, let egress, let from, let to, let cidr):
            return ["\(ec2) create-network-acl-entry --region \(region) --network-acl-id \(aclId) --rule-number \(number) \(egress ? "--egress" : "--ingress") \\\n"
                + "  --protocol tcp --port-range From=\(from),To=\(to) --cidr-block \(cidr) --rule-action allow"]
        case .endpointPolicy(let endpoint, let document):
            return ["\(ec2) modify-vpc-endpoint --region \(region) --vpc-endpoint-id \(endpoint.vpcEndpointId) \\\n  --policy-document '\(IAMFixBuilder.compact(document))'"]
        case .logDriverOption(let definition, let family, let containers, let option, let value, let cluster, let service):
            let names = containers.map { ".name == \"\($0.container)\"" }.joined(separator: " or ")
            let file = "ecs-medic-\(FixNames.snake(family)).json"
            var lines = ["aws ecs describe-task-definition --region \(region) --task-definition \(definition) --query taskDefinition --output json \\\n"
                + "  | jq '(.containerDefinitions[] | select(\(names)) | .logConfiguration.options[\"\(option)\"]) = \"\(value)\"\n"
                + "      | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy, .deregisteredAt)' > \(file)",
                "aws ecs register-task-definition --region \(region) --cli-input-json file://\(file)"]
            if let service {
                lines.append("aws ecs update-service --region \(region) --cluster \(cluster) --service \(service) --task-definition \(family)")
            }
            return lines
        case .healthCheckGracePeriod(let cluster, let service, let seconds, _):
            return ["aws ecs update-service --region \(region) --cluster \(cluster) --service \(service) --health-check-grace-period-seconds \(seconds)"]
        case .targetGroupHealthCheck(let settings):
            let options = [settings.port.map { "--health-check-port \($0)" }, settings.path.map { "--health-check-path \($0)" },
                           settings.matcher.map { "--matcher HttpCode=\($0)" }].compactMap { $0 }
            return ["aws elbv2 modify-target-group --region \(region) --target-group-arn \(settings.targetGroupArn) \\\n  \(options.joined(separator: " "))"]
        case .taskDefinitionRevision(let revision):
            let file = "ecs-medic-\(FixNames.snake(revision.family)).json"
            let select = ".containerDefinitions[] | select(.name == \"\(revision.container)\")"
            var edits: [String] = []
            if let memory = revision.containerMemory { edits.append("(\(select) | .memory) = \(memory)") }
            if let cpu = revision.taskCpu { edits.append(".cpu = \"\(cpu)\"") }
            if let memory = revision.taskMemory { edits.append(".memory = \"\(memory)\"") }
            if let variable = revision.environment, let name = variable.name, let value = variable.value {
                edits.append("(\(select) | .environment) |= ((. // []) | map(select(.name != \"\(name)\")) + [{\"name\": \"\(name)\", \"value\": \"\(value)\"}])")
            }
            if let platform = revision.runtimePlatform {
                edits.append(".runtimePlatform = {\"cpuArchitecture\": \"\(platform.architecture)\", \"operatingSystemFamily\": \"\(platform.family)\"}")
            }
            if let expression = revision.placementConstraint {
                edits.append(".placementConstraints = ((.placementConstraints // []) + [{\"type\": \"memberOf\", \"expression\": \"\(expression)\"}])")
            }
            var lines = ["aws ecs describe-task-definition --region \(region) --task-definition \(revision.taskDefinition) --query taskDefinition --output json \\\n"
                + "  | jq '\(edits.joined(separator: "\n      | "))\n"
                + "      | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy, .deregisteredAt)' > \(file)",
                "aws ecs register-task-definition --region \(region) --cli-input-json file://\(file)"]
            if let service = revision.service {
                lines.append("aws ecs update-service --region \(region) --cluster \(revision.cluster) --service \(service) --task-definition \(revision.family)")
            }
            return lines
        case .rolePolicy(let role, let name, let document):
            return ["aws iam put-role-policy --role-name \(role) --policy-name \(name) \\\n  --policy-document '\(IAMFixBuilder.compact(document))'"]
        case .trustPolicy(let role, let document):
            return ["aws iam update-assume-role-policy --role-name \(role) \\\n  --policy-document '\(IAMFixBuilder.compact(document))'"]
        case .detachManagedPolicy(let role, let arn):
            return ["aws iam detach-role-policy --role-name \(role) --policy-arn \(arn)"]
        case .deleteRolePolicy(let role, let name):
            return ["aws iam delete-role-policy --role-name \(role) --policy-name \(name)"]
        case .redeployService(let region, let cluster, let service):
            return ["aws ecs update-service --region \(region) --cluster \(cluster) --service \(service) --force-new-deployment"]
        case .runTask(let region, let cluster, let definition, let launchType, let subnets, let groups):
            var command = "aws ecs run-task --region \(region) --cluster \(cluster) --task-definition \(definition)"
            if let launchType { command += " --launch-type \(launchType)" }
            if !subnets.isEmpty {
                command += " \\\n  --network-configuration 'awsvpcConfiguration={subnets=[\(subnets.joined(separator: ","))],securityGroups=[\(groups.joined(separator: ","))]}'"
            }
            return [command]
        }
    }

    static func command(_ rule: SecurityGroupRule, region: String) -> String {
        let verb = rule.direction == .ingress ? "authorize-security-group-ingress" : "authorize-security-group-egress"
        if rule.direction == .ingress, case .group(let source) = rule.peer {
            return "aws ec2 \(verb) --region \(region) --group-id \(rule.groupId) \\\n  --protocol tcp --port \(rule.port) --source-group \(source)"
        }
        let peer: String
        switch rule.peer {
        case .group(let id): peer = "UserIdGroupPairs=[{GroupId=\(id)}]"
        case .cidr(let cidr): peer = "IpRanges=[{CidrIp=\(cidr)}]"
        case .prefixList(let id): peer = "PrefixListIds=[{PrefixListId=\(id)}]"
        }
        return "aws ec2 \(verb) --region \(region) --group-id \(rule.groupId) \\\n"
            + "  --ip-permissions 'IpProtocol=tcp,FromPort=\(rule.port),ToPort=\(rule.port),\(peer)'"
    }
}
