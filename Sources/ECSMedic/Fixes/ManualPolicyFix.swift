import AWSClient

/// What a person must change when adding an allow to the execution role does not help: the permissions boundary,
/// key policy or resource policy that withholds its allow (its document with one statement added, and the AWS CLI
/// command that writes it), or the Deny statement that matches (and the commands that read and write its policy).
/// ecs-medic never applies these: such a policy governs more than this task.
struct ManualPolicyFix {
    let facts: Facts
    let verdict: PermissionVerdict

    /// The instructions as shell text (comments and commands), nil when the facts do not hold the policy.
    func commands() -> String? {
        guard let decision = verdict.decision else { return nil }
        if decision.decision == .explicitDeny, let statement = decision.matched.first(where: { $0.effect == .deny }) ?? decision.matched.first {
            return denyCommands(statement)
        }
        if decision.blockedBy.contains(.permissionsBoundary) { return boundaryCommands() }
        if decision.blockedBy.contains(.resourcePolicy) { return resourcePolicyCommands() }
        return nil
    }

    private var call: AgentCall { verdict.call }

    /// The statement that lets the execution role make the call.
    private func allowStatement(principal: Bool) -> JSONValue {
        var statement: [String: JSONValue] = [
            "Sid": .string("EcsMedicTaskStart"), "Effect": .string("Allow"), "Action": .string(call.action),
            "Resource": .string(principal && call.action.hasPrefix("kms:") ? "*" : call.grantResource),
        ]
        if principal { statement["Principal"] = .object(["AWS": .string(verdict.roleArn)]) }
        if let condition = call.grantCondition {
            statement["Condition"] = .object(condition.mapValues { .object($0.mapValues(JSONValue.string)) })
        }
        return .object(statement)
    }

    private func adding(_ statement: JSONValue, to document: JSONValue?) -> JSONValue {
        let existing = document?["Statement"]?.arrayValue ?? document?["Statement"].map { [$0] } ?? []
        return .object(["Version": document?["Version"] ?? .string("2012-10-17"), "Statement": .array(existing + [statement])])
    }

    private func boundaryCommands() -> String? {
        guard let arn = facts.iam.role(arn: verdict.roleArn)?.permissionsBoundary?.permissionsBoundaryArn,
              let document = facts.iam.document(ofManagedPolicy: arn) else { return nil }
        return """
            # The permissions boundary \(arn) must allow \(call.action) on \(call.grantResource).
            # It bounds every role and user that uses it: review before running. Statement to add:
            #   \(IAMFixBuilder.compact(allowStatement(principal: false)))
            aws iam create-policy-version --policy-arn \(arn) --set-as-default --policy-document '\(IAMFixBuilder.compact(adding(allowStatement(principal: false), to: document)))'
            """
    }

    private func resourcePolicyCommands() -> String? {
        let statement = allowStatement(principal: true)
        switch call.action {
        case "kms:Decrypt":
            guard let key = facts.iam.key(call.resource), let policy = facts.iam.keyPolicy(of: key) else { return nil }
            return """
                # The key policy of \(key.arn) must allow \(verdict.roleArn) \(call.action). Statement to add:
                #   \(IAMFixBuilder.compact(statement))
                aws kms put-key-policy --key-id \(key.keyId) --policy-name default --policy '\(IAMFixBuilder.compact(adding(statement, to: policy)))'
                """
        case "secretsmanager:GetSecretValue":
            let policy = facts.iam.secretPolicies[call.resource] ?? nil
            return """
                # The resource policy of \(call.resource) must allow \(verdict.roleArn) \(call.action). Statement to add:
                #   \(IAMFixBuilder.compact(statement))
                aws secretsmanager put-resource-policy --secret-id '\(call.resource)' --resource-policy '\(IAMFixBuilder.compact(adding(statement, to: policy)))'
                """
        default:
            return nil
        }
    }

    /// The Deny statement as the policy holds it, and where to read and write that policy.
    private func denyCommands(_ matched: MatchedStatement) -> String? {
        let names = verdict.policyNames[matched.layer] ?? []
        let name = matched.policy < names.count ? names[matched.policy] : nil
        let role = PermissionEngine.roleName(verdict.roleArn)
        var document: JSONValue?
        var read: String?
        var write: String?
        switch matched.layer {
        case .identity:
            if let name, name.hasPrefix("inline policy "), let policy = name.dropFirst("inline policy ".count).split(separator: " ").first {
                document = facts.iam.inlinePolicies[role]?[String(policy)]
                read = "aws iam get-role-policy --role-name \(role) --policy-name \(policy) --query PolicyDocument > policy.json"
                write = "aws iam put-role-policy --role-name \(role) --policy-name \(policy) --policy-document file://policy.json"
            } else if let name {
                document = facts.iam.document(ofManagedPolicy: name)
                read = "aws iam get-policy-version --policy-arn \(name) --version-id $(aws iam get-policy --policy-arn \(name) --query Policy.DefaultVersionId --output text) --query PolicyVersion.Document > policy.json"
                write = "aws iam create-policy-version --policy-arn \(name) --set-as-default --policy-document file://policy.json"
            }
        case .permissionsBoundary:
            if let arn = facts.iam.role(arn: verdict.roleArn)?.permissionsBoundary?.permissionsBoundaryArn {
                document = facts.iam.document(ofManagedPolicy: arn)
                read = "aws iam get-policy-version --policy-arn \(arn) --version-id $(aws iam get-policy --policy-arn \(arn) --query Policy.DefaultVersionId --output text) --query PolicyVersion.Document > policy.json"
                write = "aws iam create-policy-version --policy-arn \(arn) --set-as-default --policy-document file://policy.json"
            }
        case .resourcePolicy where call.action == "kms:Decrypt":
            if let key = facts.iam.key(call.resource) {
                document = facts.iam.keyPolicy(of: key)
                read = "aws kms get-key-policy --key-id \(key.keyId) --policy-name default --query Policy --output text > policy.json"
                write = "aws kms put-key-policy --key-id \(key.keyId) --policy-name default --policy file://policy.json"
            }
        case .resourcePolicy:
            document = facts.iam.secretPolicies[call.resource] ?? nil
            read = "aws secretsmanager get-resource-policy --secret-id '\(call.resource)' --query ResourcePolicy --output text > policy.json"
            write = "aws secretsmanager put-resource-policy --secret-id '\(call.resource)' --resource-policy file://policy.json"
        case .endpointPolicy:
            if let endpoint = verdict.endpointId {
                read = "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids \(endpoint) --query 'VpcEndpoints[0].PolicyDocument' --output text > policy.json"
                write = "aws ec2 modify-vpc-endpoint --vpc-endpoint-id \(endpoint) --policy-document file://policy.json"
            }
        default:
            break
        }
        guard let read, let write else { return nil }
        let statements = document?["Statement"]?.arrayValue ?? document?["Statement"].map { [$0] } ?? []
        let statement = matched.index < statements.count ? "\n#   " + IAMFixBuilder.compact(statements[matched.index]) : ""
        return """
            # The Deny statement \(matched.sid.map { "\"\($0)\"" } ?? "#\(matched.index)") of \(name ?? matched.layer.rawValue) must no longer match \(call.action) on \(call.resource):\(statement)
            \(read)
            # edit policy.json, then:
            \(write)
            """
    }
}
