/// Decides every permission the ECS agent needs to start a task: which calls it makes (the plan), whether the
/// execution role may make each (through every policy layer the facts hold), whether the task role would have
/// been allowed instead, and whether both roles trust ECS.
struct PermissionAnalyzer {
    let facts: Facts
    let region: String
    /// Compiled policies, shared by every diagnosis of an audit (keyed by name and value, so patched facts share it too).
    var policies = PolicyCache()
    /// The audit's shared verdicts (a role's verdict per call, its overbroad grants); nil outside an audit.
    var sharing: SharedVerdicts.Scope? = nil

    func analyze(_ definition: TaskDefinition, task: ECSTask?, into context: inout DiagnosisContext) {
        let account = facts.account ?? definition.executionRoleArn.flatMap { ARN($0)?.account } ?? ""
        let partition = (task?.taskArn).flatMap { ARN($0)?.partition } ?? "aws"
        let plan = AgentCallPlanner(facts: facts, region: region, account: account, partition: partition)
            .plan(definition, taskId: task?.id)
        context.referenceProblems = plan.problems
        context.planUnverified = plan.unverified
        let engine = PermissionEngine(facts: facts, cache: policies)
        let taskRole = definition.taskRoleArn.flatMap { Diagnoser.roleArn($0, account: facts.account) }
        if let executionRole = definition.executionRoleArn.flatMap({ Diagnoser.roleArn($0, account: facts.account) }) {
            for call in plan.calls {
                let endpoint = self.endpoint(for: call.service, in: context)
                var verdict = self.verdict(.execution, roleArn: executionRole, call: call, endpoint: endpoint, engine: engine)
                if let decision = verdict.decision, !decision.isAllowed, let taskRole {
                    verdict.allowedForTaskRole = self.verdict(.task, roleArn: taskRole, call: call, endpoint: endpoint, engine: engine)
                        .decision?.isAllowed
                }
                context.permissions.append(verdict)
            }
            context.permissions += layerBucketVerdicts(plan.calls, roleArn: executionRole, partition: partition, engine: engine,
                                                       context: context)
            context.trust.append(engine.trust(.execution, roleArn: executionRole, account: account, source: trustSource(task, context)))
            context.overbroadGrants = sharing.map { scope in
                scope.verdicts.overbroadGrants(scope, of: executionRole, partition: partition, account: account) {
                    overbroadGrants(of: executionRole, engine: engine, partition: partition, account: account)
                }
            } ?? overbroadGrants(of: executionRole, engine: engine, partition: partition, account: account)
            if !plan.calls.isEmpty {
                if let organization = facts.organization {
                    // Collected: the SCP and RCP layers decided, unless part of the path could not be read.
                    if let missing = organization.unverified { context.planUnverified.append(missing) }
                } else {
                    context.planUnverified.append(UnverifiedFact(
                        fact: "service control policies of account \(account) (an SCP may still deny what the role's policies allow)",
                        reason: "not collected", permission: "organizations:ListPoliciesForTarget"))
                }
            }
        }
        if let taskRole {
            context.trust.append(engine.trust(.task, roleArn: taskRole, account: account, source: trustSource(task, context)))
        }
    }

    /// The role's verdict for a call, shared across the audit when there is one.
    private func verdict(_ role: PermissionVerdict.Role, roleArn: String, call: AgentCall, endpoint: VPCEndpoint?,
                         engine: PermissionEngine) -> PermissionVerdict {
        guard let sharing else { return engine.verdict(role, roleArn: roleArn, call: call, endpoint: endpoint) }
        return sharing.verdicts.permission(sharing, role, roleArn: roleArn, call: call, endpoint: endpoint) {
            engine.verdict(role, roleArn: roleArn, call: call, endpoint: endpoint)
        }
    }

    /// ECR serves image layers from the regional `prod-<region>-starport-layer-bucket` through pre-signed URLs, so
    /// the only policy on that download is the S3 gateway endpoint's, which must allow `s3:GetObject` on the bucket.
    /// The request is evaluated with a principal outside the account (ECR signs the URL) and an identity layer
    /// that allows everything, so that only the endpoint policy decides.
    private func layerBucketVerdicts(_ calls: [AgentCall], roleArn: String, partition: String, engine: PermissionEngine,
                                     context: DiagnosisContext) -> [PermissionVerdict] {
        let pulls = calls.filter { $0.action == "ecr:BatchGetImage" }
        guard !pulls.isEmpty else { return [] }
        let gateways = context.verdicts.filter { $0.need.name == "s3" && $0.outcome == .reachable }
            .compactMap { verdict in verdict.hops.first { $0.kind == .gatewayEndpoint }?.resource }
        var verdicts: [PermissionVerdict] = []
        for endpointId in Set(gateways).sorted() {
            guard let endpoint = facts.vpcEndpoints?.first(where: { $0.vpcEndpointId == endpointId }),
                  endpoint.policyDocument != nil else { continue }
            var regions: [String] = []
            for pull in pulls {
                let layerRegion = ARN(pull.resource)?.region ?? region
                guard !regions.contains(layerRegion) else { continue }
                regions.append(layerRegion)
                let bucket = "prod-\(layerRegion)-starport-layer-bucket"
                let call = AgentCall(action: "s3:GetObject", resource: "arn:\(partition):s3:::\(bucket)/ecs-medic-layer-probe",
                                     service: "s3", reason: "the layers of \(pull.reason) (ECR serves them from \(bucket))",
                                     grantResource: "arn:\(partition):s3:::\(bucket)/*")
                var verdict = engine.endpointOnlyVerdict(call, endpoint: endpoint)
                verdict.roleArn = roleArn
                verdicts.append(verdict)
            }
        }
        return verdicts
    }

    /// The ARN ECS names as `aws:SourceArn` when it assumes the task's roles: the task, else its cluster.
    private func trustSource(_ task: ECSTask?, _ context: DiagnosisContext) -> String? {
        task?.taskArn ?? task?.clusterArn ?? context.service?.clusterArn
    }

    /// The role's policies that, each on its own, allow probe calls on resources the task does not use.
    private func overbroadGrants(of roleArn: String, engine: PermissionEngine, partition: String, account: String) -> [OverbroadGrant] {
        var ignored: [UnverifiedFact] = []
        let roleName = PermissionEngine.roleName(roleArn)
        let managed = Dictionary(uniqueKeysWithValues: (facts.iam.attachedPolicies[roleName] ?? []).map { ($0.policyArn, $0) })
        return engine.identityPolicies(of: roleArn, &ignored).compactMap { policy in
            var probes: [String] = []
            var actions: [String] = []
            for action in OverbroadGrant.probeActions {
                let resource = OverbroadGrant.probeResource(for: action, partition: partition, region: region, account: account)
                let request = AuthorizationRequest(principal: roleArn, action: action, resource: resource, identityPolicies: [policy])
                if engine.evaluator.evaluate(request).isAllowed {
                    probes.append("\(action) on \(resource)")
                    actions.append(action)
                }
            }
            guard !probes.isEmpty else { return nil }
            return OverbroadGrant(roleArn: roleArn, policy: policy.name, isManaged: managed[policy.name] != nil,
                                  probes: probes, probeActions: actions)
        }
    }

    /// The interface endpoint a call reaches its service through, read off the reachability verdict.
    private func endpoint(for service: String, in context: DiagnosisContext) -> VPCEndpoint? {
        let verdict = context.verdicts.first { $0.need.name == service && $0.outcome == .reachable }
        guard let hop = verdict?.hops.first(where: { $0.kind == .endpoint && !$0.isNote && $0.resource.hasPrefix("vpce-") }) else {
            return nil
        }
        return context.facts.vpcEndpoints?.first { $0.vpcEndpointId == hop.resource }
    }
}
