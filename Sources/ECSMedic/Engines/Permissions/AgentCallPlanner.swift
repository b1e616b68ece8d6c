/// Derives from a task definition every call the ECS agent makes with the execution role before the task starts
/// (secrets, parameters, the keys protecting them, image pulls, logs, environment files), with the context AWS
/// evaluates each in, and the `valueFrom` references that cannot work.
struct AgentCallPlanner {
    let facts: Facts
    let region: String
    let account: String
    let partition: String

    struct Plan {
        private(set) var calls: [AgentCall] = []
        var problems: [ReferenceProblem] = []
        var unverified: [UnverifiedFact] = []

        /// Adds a call; the same action on the same resource is one call with both reasons.
        mutating func add(_ call: AgentCall) {
            if let index = calls.firstIndex(where: { $0.action == call.action && $0.resource == call.resource && $0.context == call.context }) {
                calls[index].reason += "; " + call.reason
            } else {
                calls.append(call)
            }
        }
    }

    func plan(_ definition: TaskDefinition, taskId: String?) -> Plan {
        var plan = Plan()
        for container in definition.containerDefinitions {
            let secrets = (container.secrets ?? []).map { ($0.valueFrom, "secret \($0.name) of container \(container.name)") }
                + (container.logConfiguration?.secretOptions ?? []).map { ($0.valueFrom, "log option \($0.name) of container \(container.name)") }
                + (container.repositoryCredentials.map { [($0.credentialsParameter, "registry credentials of container \(container.name)")] } ?? [])
            for (valueFrom, usage) in secrets {
                addSecret(valueFrom, usage: usage, into: &plan)
            }
            if let image = container.image, let repository = Self.ecrRepository(of: image) {
                let reason = "image \(image) of container \(container.name)"
                plan.add(AgentCall(action: "ecr:GetAuthorizationToken", resource: "*", service: "ecr.api", reason: reason))
                let arn = "arn:\(partition):ecr:\(repository.region):\(repository.account):repository/\(repository.name)"
                for action in ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"] {
                    plan.add(AgentCall(action: action, resource: arn, service: "ecr.dkr", reason: reason))
                }
            }
            if let logging = container.logConfiguration, logging.logDriver == "awslogs",
               let group = logging.options?["awslogs-group"] {
                let logRegion = logging.options?["awslogs-region"] ?? region
                let groupArn = "arn:\(partition):logs:\(logRegion):\(account):log-group:\(group)"
                let prefix = logging.options?["awslogs-stream-prefix"].map { "\($0)/" } ?? ""
                let stream = "\(groupArn):log-stream:\(prefix)\(container.name)/\(taskId ?? "task-id")"
                let reason = "awslogs driver of container \(container.name) (group \(group))"
                for action in ["logs:CreateLogStream", "logs:PutLogEvents"] {
                    plan.add(AgentCall(action: action, resource: stream, service: "logs", reason: reason,
                                                grantResource: "\(groupArn):log-stream:*"))
                }
                if logging.options?["awslogs-create-group"]?.lowercased() == "true" {
                    plan.add(AgentCall(action: "logs:CreateLogGroup", resource: groupArn, service: "logs", reason: reason))
                }
            }
            for file in container.environmentFiles ?? [] {
                guard let object = ARN(file.value), object.service == "s3" else {
                    plan.problems.append(ReferenceProblem(kind: .malformed, reference: file.value,
                                                          usage: "environment file of container \(container.name)",
                                                          detail: "an environment file must be an S3 object ARN (arn:aws:s3:::bucket/key.env)"))
                    continue
                }
                let bucket = object.resource.split(separator: "/").first.map(String.init) ?? object.resource
                let reason = "environment file \(file.value) of container \(container.name)"
                plan.add(AgentCall(action: "s3:GetObject", resource: file.value, service: "s3", reason: reason))
                plan.add(AgentCall(action: "s3:GetBucketLocation", resource: "arn:\(object.partition):s3:::\(bucket)",
                                            service: "s3", reason: reason))
            }
        }
        return plan
    }

    private func addSecret(_ valueFrom: String, usage: String, into plan: inout Plan) {
        if SnapshotRedactor.isRedacted(valueFrom) {
            plan.unverified.append(UnverifiedFact(fact: "the secret or parameter named by \(usage)", reason: "redacted"))
            return
        }
        if let problem = Self.malformation(of: valueFrom) {
            plan.problems.append(ReferenceProblem(kind: .malformed, reference: valueFrom, usage: usage, detail: problem))
            return
        }
        let reference = SecretReference(valueFrom)
        if reference.service == "secretsmanager", let arn = reference.arn {
            addSecretsManagerSecret(arn, usage: usage, into: &plan)
        } else {
            addParameter(reference, valueFrom: valueFrom, usage: usage, into: &plan)
        }
    }

    private func addSecretsManagerSecret(_ arn: String, usage: String, into plan: inout Plan) {
        // A full ARN ends with the 6-character suffix AWS adds; a partial one names the secret without it.
        let secret = facts.secrets?.first { $0.arn == arn || ($0.arn.hasPrefix(arn + "-") && $0.arn.count == arn.count + 7) }
        if secret == nil, facts.notFound.contains(where: { arn.hasSuffix(":" + $0) || $0 == arn }) {
            plan.problems.append(ReferenceProblem(kind: .notFound, reference: arn, usage: usage,
                                                  detail: "Secrets Manager has no secret \(arn)"))
            return
        }
        let fullArn = secret?.arn ?? arn
        let grant = secret == nil && !Self.hasSuffix(arn) ? arn + "-??????" : fullArn
        plan.add(AgentCall(action: "secretsmanager:GetSecretValue", resource: fullArn, service: "secretsmanager",
                                    reason: usage, grantResource: grant))
        guard let secret else {
            plan.unverified.append(UnverifiedFact(fact: "the KMS key protecting \(arn)", reason: "not collected",
                                                  permission: "secretsmanager:DescribeSecret"))
            return
        }
        if let keyReference = secret.kmsKeyId {
            addDecrypt(keyReference, via: "secretsmanager", context: ["kms:EncryptionContext:SecretARN": [fullArn]],
                       usage: usage, into: &plan)
        }
    }

    private func addParameter(_ reference: SecretReference, valueFrom: String, usage: String, into plan: inout Plan) {
        let name = reference.name ?? valueFrom.split(separator: ":", maxSplits: 5).last.map { String($0.dropFirst("parameter".count)) } ?? valueFrom
        let arn = reference.arn ?? "arn:\(partition):ssm:\(region):\(account):parameter\(name.hasPrefix("/") ? "" : "/")\(name)"
        let metadata = facts.parameters?.first { $0.name == name || $0.arn == arn || "/" + $0.name == name }
        if facts.parameters != nil, metadata == nil {
            plan.problems.append(ReferenceProblem(kind: .notFound, reference: valueFrom, usage: usage,
                                                  detail: "SSM has no parameter \(name) in \(region)"))
            return
        }
        plan.add(AgentCall(action: "ssm:GetParameters", resource: arn, service: "ssm", reason: usage))
        if let metadata, metadata.type == "SecureString", let key = metadata.keyId, key != "alias/aws/ssm" {
            addDecrypt(key, via: "ssm", context: ["kms:EncryptionContext:PARAMETER_ARN": [arn]], usage: usage, into: &plan)
        }
    }

    /// `kms:Decrypt` on a customer managed key, as Secrets Manager or SSM calls it on the role's behalf.
    private func addDecrypt(_ keyReference: String, via service: String, context: [String: [String]], usage: String,
                            into plan: inout Plan) {
        guard keyReference != "alias/aws/secretsmanager", keyReference != "alias/aws/ssm" else { return }
        guard let key = facts.iam.key(keyReference) else {
            plan.unverified.append(UnverifiedFact(fact: "KMS key \(keyReference)", reason: "not collected",
                                                  permission: "kms:DescribeKey"))
            return
        }
        guard key.isCustomerManaged else { return }
        let viaService = "\(service).\(region).amazonaws.com"
        var fullContext = context
        fullContext["kms:ViaService"] = [viaService]
        fullContext["aws:CalledVia"] = ["\(service).amazonaws.com"]
        fullContext["aws:ViaAWSService"] = ["true"]
        plan.add(AgentCall(action: "kms:Decrypt", resource: key.arn, context: fullContext, service: "kms",
                                    reason: "\(usage) (encrypted with \(key.keyId))",
                                    grantCondition: ["StringEquals": ["kms:ViaService": viaService]]))
    }

    /// Why a `valueFrom` cannot be a secret or parameter reference, or nil when its form is valid.
    static func malformation(of valueFrom: String) -> String? {
        let trimmed = valueFrom.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "valueFrom is empty" }
        if trimmed != valueFrom { return "valueFrom has leading or trailing spaces" }
        guard valueFrom.hasPrefix("arn:") else {
            return valueFrom.contains(" ") ? "a parameter name cannot contain spaces" : nil
        }
        guard let arn = ARN(valueFrom) else { return "not a valid ARN (arn:partition:service:region:account:resource)" }
        switch arn.service {
        case "secretsmanager":
            let parts = arn.resource.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.first == "secret", parts.count >= 2, !parts[1].isEmpty else {
                return "a Secrets Manager valueFrom must be arn:...:secret:NAME[:json-key:version-stage:version-id]"
            }
            if parts.count > 5 { return "too many fields after the secret name (json-key:version-stage:version-id at most)" }
            if parts.count == 5, !parts[3].isEmpty, !parts[4].isEmpty {
                return "give a version stage or a version id, not both"
            }
            return nil
        case "ssm":
            return arn.resource.hasPrefix("parameter/") || arn.resource.hasPrefix("parameter")
                ? (arn.resource == "parameter" || arn.resource == "parameter/" ? "the parameter name is missing" : nil)
                : "an SSM valueFrom must be arn:...:parameter/NAME"
        default:
            return "valueFrom names \(arn.service), not Secrets Manager or SSM Parameter Store"
        }
    }

    /// True when a secret ARN ends with the 6-character suffix Secrets Manager adds.
    static func hasSuffix(_ arn: String) -> Bool {
        guard let dash = arn.lastIndex(of: "-") else { return false }
        let suffix = arn[arn.index(after: dash)...]
        return suffix.count == 6 && suffix.allSatisfy { $0.isLetter || $0.isNumber }
    }

    /// The region, account and name of an ECR image's repository.
    static func ecrRepository(of image: String) -> (region: String, account: String, name: String)? {
        guard let region = NeedsAnalyzer.ecrRegion(of: image) else { return nil }
        let parts = image.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let account = parts[0].split(separator: ".").first else { return nil }
        var name = String(parts[1])
        if let at = name.firstIndex(of: "@") { name = String(name[..<at]) } else if let colon = name.lastIndex(of: ":") { name = String(name[..<colon]) }
        return (region, String(account), name)
    }
}
