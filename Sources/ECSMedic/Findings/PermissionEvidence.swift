/// The evidence chain of a permission, trust or reference finding: why the agent makes the call, then the policy
/// layer and statement that decided it.
struct PermissionEvidence {
    let context: DiagnosisContext

    func evidence(of match: FindingMatch) -> [Evidence] {
        var evidence: [Evidence] = []
        let definition = context.taskDefinition?.taskDefinitionArn ?? "task definition"
        for verdict in match.permissions {
            evidence.append(Evidence(
                fact: "the ECS agent calls \(verdict.call.action) on \(verdict.call.resource) with \(verdict.role.rawValue) role \(PermissionEngine.roleName(verdict.roleArn)) for \(verdict.call.reason)"
                    + (verdict.endpointId.map { " through \($0)" } ?? ""),
                resource: definition, source: "ecs:DescribeTaskDefinition"))
            guard let decision = verdict.decision else { continue }
            if decision.decision == .explicitDeny {
                for statement in decision.matched {
                    evidence.append(Evidence(
                        fact: "explicit deny in \(Self.describe(statement.layer)) \(Self.policyName(of: statement, in: verdict)), statement \(Self.statementName(statement))",
                        resource: Self.policyName(of: statement, in: verdict), source: Self.source(of: statement.layer)))
                }
            } else {
                for layer in decision.blockedBy {
                    let policies = verdict.policyNames[layer] ?? []
                    evidence.append(Evidence(
                        fact: "no statement in the \(Self.describe(layer))\(policies.isEmpty ? "" : " (\(policies.joined(separator: ", ")))") allows \(verdict.call.action) on \(verdict.call.resource)",
                        resource: layer == .identity ? verdict.roleArn : policies.first ?? verdict.roleArn,
                        source: Self.source(of: layer)))
                }
            }
            if verdict.allowedForTaskRole == true, let taskRole = context.taskDefinition?.taskRoleArn {
                evidence.append(Evidence(fact: "the task role \(PermissionEngine.roleName(taskRole)) would be allowed \(verdict.call.action): the grant is on the wrong role (the agent uses the execution role)",
                                         resource: taskRole, source: "iam:GetRolePolicy"))
            }
        }
        for trust in match.trust {
            evidence.append(Evidence(fact: "the trust policy of \(PermissionEngine.roleName(trust.roleArn)) does not let ecs-tasks.amazonaws.com call sts:AssumeRole",
                                     resource: trust.roleArn, source: "iam:GetRole"))
        }
        for grant in match.overbroad {
            evidence.append(Evidence(fact: "\(grant.policy) on \(PermissionEngine.roleName(grant.roleArn)) alone allows \(grant.probes.joined(separator: ", ")): resources no part of the task uses",
                                     resource: grant.policy, source: grant.isManaged ? "iam:GetPolicyVersion" : "iam:GetRolePolicy"))
            let needed = context.permissions.filter { $0.roleArn == grant.roleArn }.map { "\($0.call.action) on \($0.call.resource)" }
            evidence.append(Evidence(fact: "the task needs only: \(needed.isEmpty ? "no calls of these services" : needed.joined(separator: ", "))",
                                     resource: context.taskDefinition?.taskDefinitionArn ?? "task definition", source: "ecs:DescribeTaskDefinition"))
        }
        for problem in match.problems {
            evidence.append(Evidence(fact: "\(problem.usage) has valueFrom \(problem.reference): \(problem.detail)",
                                     resource: definition, source: "ecs:DescribeTaskDefinition"))
        }
        return evidence
    }

    /// The policy a statement belongs to, by name when the facts name it.
    static func policyName(of statement: MatchedStatement, in verdict: PermissionVerdict) -> String {
        var names = verdict.policyNames[statement.layer] ?? []
        // SCPs and RCPs are numbered within their organization level; their names end with ` at <level>`.
        if let level = statement.level { names = names.filter { $0.hasSuffix(" at \(level)") } }
        return statement.policy < names.count ? names[statement.policy] : "\(statement.layer.rawValue) policy \(statement.policy)"
    }

    /// A statement by its sid, else its position: `"AllowRead"`, `#2`.
    static func statementName(_ statement: MatchedStatement) -> String {
        statement.sid.map { "\"\($0)\"" } ?? "#\(statement.index)"
    }

    static func describe(_ layer: PolicyLayer) -> String {
        layer == .identity ? "role's " + layer.title : layer.title
    }

    static func source(of layer: PolicyLayer) -> String {
        switch layer {
        case .identity: return "iam:GetRolePolicy, iam:GetPolicyVersion"
        case .resourcePolicy: return "secretsmanager:GetResourcePolicy, kms:GetKeyPolicy"
        case .permissionsBoundary: return "iam:GetRole, iam:GetPolicyVersion"
        case .serviceControlPolicies, .resourceControlPolicies: return "organizations:DescribePolicy"
        case .sessionPolicy: return "sts:AssumeRole"
        case .endpointPolicy: return "ec2:DescribeVpcEndpoints"
        }
    }
}
