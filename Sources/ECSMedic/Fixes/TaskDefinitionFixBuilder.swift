/// Builds the fixes of task definition findings: the resources the task definition names that do not exist.
struct TaskDefinitionFixBuilder {
    let context: DiagnosisContext
    let match: FindingMatch

    /// The awslogs log group, created in the task's region (the finding is only raised for groups in that region).
    func createLogGroup() -> Fix? {
        guard let issue = match.issue, issue.check == .logGroup else { return nil }
        let restart = FixChange.restart(in: context).map { [$0] } ?? []
        return Fix(id: "create-log-group", summary: "Create the log group \(issue.resource) that the awslogs driver writes to",
                   changes: [.logGroup(name: issue.resource)] + restart, region: context.region)
    }

    /// Let the agent create the log group: `awslogs-create-group: "true"` on every container that logs to it, in a
    /// new revision the service moves to, and `logs:CreateLogGroup` on exactly that group for the execution role
    /// (unless the role may already).
    func enableAWSLogsCreateGroup() -> Fix? {
        guard let issue = match.issue, issue.check == .logGroup, let definition = context.taskDefinition,
              let arn = definition.taskDefinitionArn, let roleArn = definition.executionRoleArn else { return nil }
        let family = definition.family ?? ARN(arn)?.resource.split(separator: "/").last?.split(separator: ":").first.map(String.init) ?? arn
        let containers = definition.containerDefinitions.compactMap { container -> ContainerLogConfiguration? in
            guard let logging = container.logConfiguration, logging.logDriver == "awslogs",
                  var options = logging.options, options["awslogs-group"] == issue.resource else { return nil }
            options["awslogs-create-group"] = "true"
            return ContainerLogConfiguration(container: container.name, image: container.image, logDriver: logging.logDriver, options: options)
        }
        guard !containers.isEmpty else { return nil }
        let partition = ARN(roleArn)?.partition ?? "aws"
        let call = AgentCall(action: "logs:CreateLogGroup",
                             resource: "arn:\(partition):logs:\(context.region):\(context.facts.account ?? ARN(roleArn)?.account ?? "*"):log-group:\(issue.resource)",
                             service: "logs", reason: "awslogs-create-group of \(issue.resource)")
        let engine = PermissionEngine(facts: context.facts, cache: PolicyCache())
        let allowed = engine.verdict(.execution, roleArn: roleArn, call: call, endpoint: nil).decision?.isAllowed == true
        let role = PermissionEngine.roleName(roleArn)
        let policy = IAMFixBuilder.policy(for: [call])
        var changes: [FixChange] = [.logDriverOption(taskDefinition: arn, family: family, containers: containers,
                                                     option: "awslogs-create-group", value: "true",
                                                     cluster: context.cluster, service: context.service?.serviceName)]
        if !allowed { changes.append(.rolePolicy(role: role, name: IAMFixBuilder.policyName, document: policy)) }
        if case .runTask(let region, let cluster, _, let launchType, let subnets, let groups)? = FixChange.restart(in: context) {
            changes.append(.runTask(region: region, cluster: cluster, taskDefinition: family, launchType: launchType, subnets: subnets, securityGroups: groups))
        } else if let restart = FixChange.restart(in: context) {
            changes.append(restart)
        }
        return Fix(id: "awslogs-create-group",
                   summary: "Set awslogs-create-group \"true\" for \(containers.map(\.container).joined(separator: ", ")) in a new revision of \(family)"
                       + (allowed ? " (\(role) may already create the group)" : " and allow \(role) logs:CreateLogGroup on \(issue.resource) only"),
                   changes: changes, region: context.region, iamPolicy: allowed ? nil : policy)
    }
}
