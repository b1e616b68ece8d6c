import AWSClient
import Foundation

/// Writes least-privilege IAM fixes: one inline policy on the execution role covering every call it was denied,
/// scoped to the exact ARNs (and `kms:ViaService`), proven by re-evaluating each call with the policy added; and
/// trust policy statements for `ecs-tasks.amazonaws.com` that keep the existing ones.
struct IAMFixBuilder {
    static let policyName = "ecs-medic-task-start"

    let context: DiagnosisContext
    let match: FindingMatch

    /// One inline policy granting every call the identity layer denied.
    func putExecutionRolePolicy() -> Fix? {
        let denied = match.permissions.filter { $0.decision?.decision == .implicitDeny && $0.decidingLayers == [.identity] }
        guard let roleArn = denied.first?.roleArn else { return blockedByDeny() }
        let policy = Self.policy(for: denied.map(\.call))
        let engine = PermissionEngine(facts: context.facts, cache: PolicyCache())
        let proven = (try? PolicyDocument(value: policy, name: Self.policyName)).map { document in
            denied.allSatisfy { verdict in
                let endpoint = verdict.endpointId.flatMap { id in context.facts.vpcEndpoints?.first { $0.vpcEndpointId == id } }
                return engine.isAllowed(roleArn, call: verdict.call, endpoint: endpoint, adding: document)
            }
        } ?? false
        let role = PermissionEngine.roleName(roleArn)
        let actions = Array(Set(denied.map(\.call.action))).sorted()
        return Fix(id: "put-execution-role-policy",
                   summary: "Allow \(role) exactly \(actions.joined(separator: ", ")) on the resources the task uses (inline policy \(Self.policyName))"
                       + (proven ? "; re-evaluated: every denied call becomes allowed" : "; not proven: another layer still denies after this grant"),
                   changes: [.rolePolicy(role: role, name: Self.policyName, document: policy)] + restart, region: context.region,
                   iamPolicy: policy)
    }

    private var restart: [FixChange] {
        FixChange.restart(in: context).map { [$0] } ?? []
    }

    /// When an explicit deny or a boundary blocks, adding an allow does not help: name what must change.
    private func blockedByDeny() -> Fix? {
        guard let verdict = match.permissions.first(where: { $0.decision != nil }), let decision = verdict.decision else { return nil }
        let what: String
        if decision.decision == .explicitDeny, let statement = decision.matched.first {
            let names = verdict.policyNames[statement.layer] ?? []
            let policy = statement.policy < names.count ? names[statement.policy] : statement.layer.rawValue
            what = "the Deny statement \(statement.sid.map { "\"\($0)\"" } ?? "#\(statement.index)") of \(policy) (\(PermissionEvidence.describe(statement.layer))) must no longer match \(verdict.call.action) on \(verdict.call.resource)"
        } else {
            let layers = decision.blockedBy.filter { $0 != .identity }.map(PermissionEvidence.describe)
            what = "the \(layers.joined(separator: " and ")) must allow \(verdict.call.action) on \(verdict.call.resource)"
        }
        return Fix(id: "put-execution-role-policy", summary: "Adding an allow to the role does not help: \(what)",
                   awsCli: ManualPolicyFix(facts: context.facts, verdict: verdict).commands())
    }

    /// The narrower replacement of an overbroad policy: exactly the calls of those services the task makes,
    /// then detaching (or deleting) the broad policy once the task runs with the narrow one.
    func replaceOverbroadPolicy() -> Fix? {
        guard let grant = match.overbroad.first else { return nil }
        let prefixes = Set(grant.probeActions.compactMap { $0.split(separator: ":").first.map(String.init) })
        let needed = context.permissions.filter { verdict in
            verdict.roleArn == grant.roleArn && prefixes.contains(verdict.call.action.split(separator: ":").first.map(String.init) ?? "")
        }.map(\.call)
        let role = PermissionEngine.roleName(grant.roleArn)
        var changes: [FixChange] = []
        var policy: JSONValue?
        if !needed.isEmpty {
            let narrow = Self.policy(for: needed)
            policy = narrow
            changes.append(.rolePolicy(role: role, name: Self.policyName, document: narrow))
        }
        if grant.isManaged {
            changes.append(.detachManagedPolicy(role: role, policyArn: grant.policy))
        } else if let name = grant.policy.split(separator: " ").dropFirst(2).first {
            changes.append(.deleteRolePolicy(role: role, name: String(name)))
        }
        return Fix(id: "replace-overbroad-policy",
                   summary: "Grant \(role) only the \(needed.count) call\(needed.count == 1 ? "" : "s") the task makes, then remove \(grant.policy) (check that nothing else on the role relies on it)",
                   changes: changes, region: context.region, iamPolicy: policy)
    }

    /// Adds `ecs-tasks.amazonaws.com` to the role's trust policy, keeping every existing statement.
    func trustECSTasks() -> Fix? {
        guard let trust = match.trust.first, let role = context.facts.iam.role(arn: trust.roleArn) else { return nil }
        var statements = role.assumeRolePolicyDocument?["Statement"]?.arrayValue
            ?? role.assumeRolePolicyDocument?["Statement"].map { [$0] } ?? []
        statements.append(.object([
            "Sid": .string("EcsTasksAssumeRole"), "Effect": .string("Allow"),
            "Principal": .object(["Service": .string("ecs-tasks.amazonaws.com")]), "Action": .string("sts:AssumeRole"),
            "Condition": .object(["ArnLike": .object(["aws:SourceArn": .string("arn:aws:ecs:\(context.region):\(context.facts.account ?? "*"):*")])]),
        ]))
        let document = JSONValue.object(["Version": .string("2012-10-17"), "Statement": .array(statements)])
        return Fix(id: "trust-ecs-tasks",
                   summary: "Let ecs-tasks.amazonaws.com assume \(role.roleName) (existing trust statements kept)",
                   changes: [.trustPolicy(role: role.roleName, document: document)] + restart, region: context.region,
                   iamPolicy: document)
    }

    /// Least-privilege statements for the calls: grouped by service, exact resources, `*` only for actions that
    /// accept nothing else, and the conditions the calls need (`kms:ViaService`).
    static func policy(for calls: [AgentCall]) -> JSONValue {
        struct Group {
            var sid: String
            var actions: [String] = []
            var resources: [String] = []
            var condition: [String: [String: String]]?
        }
        var groups: [Group] = []
        for call in calls {
            let prefix = call.action.split(separator: ":").first.map(String.init) ?? call.action
            let sid = call.grantResource == "*" ? "EcsMedic\(prefix.capitalized)AnyResource" : "EcsMedic\(sidNames[prefix] ?? prefix.capitalized)"
            let index = groups.firstIndex { $0.sid == sid && $0.condition == call.grantCondition } ?? {
                groups.append(Group(sid: sid, condition: call.grantCondition))
                return groups.count - 1
            }()
            if !groups[index].actions.contains(call.action) { groups[index].actions.append(call.action) }
            if !groups[index].resources.contains(call.grantResource) { groups[index].resources.append(call.grantResource) }
        }
        let statements: [JSONValue] = groups.map { group in
            var statement: [String: JSONValue] = [
                "Sid": .string(group.sid), "Effect": .string("Allow"),
                "Action": group.actions.count == 1 ? .string(group.actions[0]) : .array(group.actions.sorted().map(JSONValue.string)),
                "Resource": group.resources.count == 1 ? .string(group.resources[0]) : .array(group.resources.sorted().map(JSONValue.string)),
            ]
            if let condition = group.condition {
                statement["Condition"] = .object(condition.mapValues { .object($0.mapValues(JSONValue.string)) })
            }
            return .object(statement)
        }
        return .object(["Version": .string("2012-10-17"), "Statement": .array(statements)])
    }

    static let sidNames = [
        "secretsmanager": "ReadTaskSecrets", "ssm": "ReadTaskParameters", "kms": "DecryptTaskSecrets",
        "ecr": "PullTaskImage", "logs": "WriteTaskLogs", "s3": "ReadEnvironmentFiles",
    ]

    /// Compact JSON with sorted keys, for a shell argument (single quotes in values are escaped for the shell).
    static func compact(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return text.replacingOccurrences(of: "'", with: "'\\''")
    }
}
