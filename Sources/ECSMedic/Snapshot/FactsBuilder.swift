import AWSClient

/// Adds recorded calls, one at a time and in snapshot order, to the facts: what each catalogued operation's
/// answer (or error) says. Calls of no catalogued operation are skipped (`Snapshot.unreadFiles` lists them); a
/// response of the wrong shape is an `InputError` naming where it came from and the field. The response is read
/// through a `ResponseReader`, so that the same knowledge serves responses in memory and in a snapshot file.
struct FactsBuilder {
    private var facts = Facts()
    /// Where each element of each list sits while a snapshot is decoded, by the list's key path, so that an
    /// account of thousands of answers (a `get-role` per role, pages of log groups) merges in linear time.
    private var positions: [AnyKeyPath: [String: Int]] = [:]
    private var mountTargetGroups: [String: MountTargetSecurityGroups] = [:]
    /// `GetLogEvents` answers, read once every task definition is known (their secrets' names are masked in the
    /// lines): the call, and its events or nil when AWS answered an error.
    private var logPages: [(call: SnapshotCall, events: [LogEvent]?)] = []
    /// Organizations calls, read together at the end as one path (`OrganizationPolicies`).
    private var organizationCalls: [SnapshotCall] = []
    /// The roots whose answers are kept as documents (`Facts.documents`); the others are only checked for presence.
    private let documentRoots: Set<FactRoot>

    init(region: String?, account: String?, documentRoots: Set<FactRoot> = Set(FactRoot.allCases)) {
        facts.region = region
        facts.account = account
        self.documentRoots = documentRoots
    }

    /// Adds one call; `response` reads its answer (nil when it has none).
    mutating func add<Reader: ResponseReader>(_ call: SnapshotCall, response: Reader?) throws {
        guard let operation = OperationCatalog.operation(service: call.service, named: call.operation) else { return }
        let name = operation.name
        if call.service == "organizations" {
            var call = call
            call.response = try response.map { try $0.decode(nil) as JSONValue }
            organizationCalls.append(call)
            return
        }
        if name == "GetLogEvents" {
            if call.error != nil {
                logPages.append((call, nil))
            } else if let response {
                logPages.append((call, try response.decode("events") as [LogEvent]))
            }
            return
        }
        if let error = call.error, error.code == "RepositoryNotFoundException", name == "DescribeImages" || name == "BatchGetImage",
           let repository = Self.repository(of: call) {
            if name == "DescribeImages" { facts.ecrImages[repository] = [] } else { facts.ecrManifests[repository] = [] }
            return
        }
        if let error = call.error, ["ResourceNotFoundException", "ParameterNotFound"].contains(error.code)
            || (error.code == "NoSuchEntity" && name == "GetRole") {
            if let subject = Self.subject(of: call) { facts.notFound.insert(subject) }
            return
        }
        if call.error != nil, name == "ListHostedZonesByVPC", let vpcId = Self.route53Subject(of: call, name) {
            facts.privateHostedZonesFailed.insert(vpcId)
        }
        if let error = call.error {
            facts.unverified.append(UnverifiedFact(
                fact: "\(call.service) \(name)\((Self.ecrSubject(of: call, name) ?? Self.subject(of: call)).map { " of \($0)" } ?? "")",
                reason: error.code, permission: operation.permission))
            return
        }
        guard let decode = response else { return }
        for root in FactRoot.allCases where root.operation.name == name && root.operation.service.rawValue == call.service {
            if documentRoots.contains(root) {
                facts.documents.add(root, try decode(root.member) as JSONValue)
            } else {
                // The same errors as when it is kept: the member must be there.
                _ = try decode(root.member) as AnyMember
            }
        }
        if name == "GetManagedPrefixListEntries" {
            guard let listId = Self.subject(of: call) else {
                throw InputError("\(call.origin): get-managed-prefix-list-entries needs the prefix list id as its label")
            }
            let entries: ManagedPrefixListEntries = try decode(nil)
            facts.managedPrefixListEntries[listId] = (entries.entries ?? []).compactMap(\.cidr)
            return
        }
        if name == "ListHostedZonesByVPC" || name == "ListResourceRecordSets" {
            // Neither answer names what it describes: the request (or the folder form's label) does.
            guard let subject = Self.route53Subject(of: call, name) else {
                throw InputError("\(call.origin): \(name == "ListHostedZonesByVPC" ? "list-hosted-zones-by-vpc needs the VPC id" : "list-resource-record-sets needs the hosted zone id") as its label")
            }
            if name == "ListHostedZonesByVPC" {
                facts.privateHostedZones[subject, default: []] += try decode("HostedZoneSummaries") as [PrivateHostedZone]
            } else {
                let zoneId = subject.split(separator: "/").last.map(String.init) ?? subject
                facts.resourceRecordSets[zoneId, default: []] += try decode("ResourceRecordSets") as [ResourceRecordSet]
            }
            return
        }
        if name == "DescribeTargetHealth" {
            guard let subject = call.request?["TargetGroupArn"]?.stringValue ?? call.request?["label"]?.stringValue else {
                throw InputError("\(call.origin): describe-target-health needs the target group ARN or name as its label")
            }
            facts.targetHealth[subject] = try decode("TargetHealthDescriptions")
            return
        }
        if name == "GetMetricData" {
            guard let service = Self.metricsService(of: call) else {
                throw InputError("\(call.origin): get-metric-data needs the service name as its label")
            }
            facts.serviceMetrics[service, default: []] += try Self.metricSeries(call.origin, try decode("MetricDataResults"))
            return
        }
        if name == "DescribeMountTargetSecurityGroups" {
            guard let mountTargetId = Self.subject(of: call) else {
                throw InputError("\(call.origin): describe-mount-target-security-groups needs the mount target id as its label")
            }
            mountTargetGroups[mountTargetId] = try decode(nil) as MountTargetSecurityGroups
            return
        }
        if call.service == "iam" || call.service == "kms" || name == "GetResourcePolicy" {
            try addPolicyCall(name, call: call, decode: decode)
        } else {
            try add(name, service: call.service, decode: decode,
                    subject: Self.ecrSubject(of: call, name) ?? Self.subject(of: call))
        }
    }

    /// The facts of every call added.
    func finish() throws -> Facts {
        var facts = facts
        for (call, events) in logPages { try Self.readLogStream(call, events: events, into: &facts) }
        // A folder-form label may name a target group rather than give its ARN.
        for (subject, targets) in facts.targetHealth where !subject.hasPrefix("arn:") {
            guard let arn = facts.targetGroups?.first(where: { $0.targetGroupName == subject })?.targetGroupArn else { continue }
            facts.targetHealth[subject] = nil
            facts.targetHealth[arn] = targets
        }
        facts.efsMountTargets = facts.efsMountTargets?.map { target in
            var target = target
            target.securityGroups = mountTargetGroups[target.mountTargetId]?.securityGroups ?? target.securityGroups
            return target
        }
        facts.region = facts.region ?? Self.inferRegion(facts)
        facts.account = facts.account ?? Self.inferAccount(facts)
        facts.organization = OrganizationPolicies.decode(organizationCalls, account: facts.account)
        return facts
    }

    private mutating func add<Reader: ResponseReader>(_ operation: String, service: String, decode: Reader,
                                                      subject: String?) throws {
        switch (service, operation) {
        case ("ec2", "DescribeSubnets"): merge(into: \Facts.subnets, try decode("Subnets"), by: \.subnetId)
        case ("ec2", "DescribeRouteTables"): merge(into: \Facts.routeTables, try decode("RouteTables"), by: \.routeTableId)
        case ("ec2", "DescribeVpcs"): merge(into: \Facts.vpcs, try decode("Vpcs"), by: \.vpcId)
        case ("ec2", "DescribeVpcEndpoints"):
            merge(into: \Facts.vpcEndpoints, try decode("VpcEndpoints"), by: \.vpcEndpointId)
        case ("ec2", "DescribeSecurityGroups"):
            merge(into: \Facts.securityGroups, try decode("SecurityGroups"), by: \.groupId)
        case ("ec2", "DescribeNetworkAcls"): merge(into: \Facts.networkACLs, try decode("NetworkAcls"), by: \.networkAclId)
        case ("ec2", "DescribeNatGateways"): merge(into: \Facts.natGateways, try decode("NatGateways"), by: \.natGatewayId)
        case ("ec2", "DescribeInternetGateways"):
            merge(into: \Facts.internetGateways, try decode("InternetGateways"), by: \.internetGatewayId)
        case ("ec2", "DescribeNetworkInterfaces"):
            merge(into: \Facts.networkInterfaces, try decode("NetworkInterfaces"), by: \.networkInterfaceId)
        case ("ec2", "DescribeDhcpOptions"): merge(into: \Facts.dhcpOptions, try decode("DhcpOptions"), by: \.dhcpOptionsId)
        case ("ec2", "DescribePrefixLists"): merge(into: \Facts.prefixLists, try decode("PrefixLists"), by: \.prefixListId)
        case ("efs", "DescribeMountTargets"):
            merge(into: \Facts.efsMountTargets, try decode("MountTargets"), by: \.mountTargetId)
        case ("elbv2", "DescribeLoadBalancers"):
            merge(into: \Facts.loadBalancers, try decode("LoadBalancers"), by: \.loadBalancerArn)
        case ("elbv2", "DescribeTargetGroups"):
            merge(into: \Facts.targetGroups, try decode("TargetGroups"), by: \.targetGroupArn)
        case ("ec2", "DescribeVpcAttribute"):
            let attribute: VpcAttributeResponse = try decode(nil)
            var dns = facts.vpcDNS[attribute.vpcId] ?? VPCDNSAttributes()
            if let value = attribute.enableDnsSupport?.value { dns.enableDnsSupport = value }
            if let value = attribute.enableDnsHostnames?.value { dns.enableDnsHostnames = value }
            facts.vpcDNS[attribute.vpcId] = dns
        case ("ec2", "DescribeInstances"):
            let reservations: [EC2Reservation] = try decode("Reservations")
            merge(into: \Facts.ec2Instances, reservations.flatMap { $0.instances ?? [] }, by: \.instanceId)
        case ("ecs", "DescribeContainerInstances"):
            merge(into: \Facts.containerInstances, try decode("containerInstances"), by: \.containerInstanceArn)
        case ("ecs", "ListContainerInstances"):
            let arns: [String] = try decode("containerInstanceArns")
            facts.listedContainerInstances = Array(Set((facts.listedContainerInstances ?? []) + arns)).sorted()
        case ("ecs", "DescribeCapacityProviders"):
            merge(into: \Facts.capacityProviders, try decode("capacityProviders"), by: \.name)
        case ("autoscaling", "DescribeAutoScalingGroups"):
            merge(into: \Facts.autoScalingGroups, try decode("AutoScalingGroups"), by: \.autoScalingGroupName)
        case ("ecs", "DescribeClusters"):
            merge(into: \Facts.clusters, try decode("clusters"), by: { $0.clusterArn ?? $0.clusterName ?? "" })
        case ("ecs", "DescribeTasks"): merge(into: \Facts.tasks, try decode("tasks"), by: \.taskArn)
        case ("ecs", "DescribeServices"):
            merge(into: \Facts.services, try decode("services"), by: { $0.serviceArn ?? $0.serviceName })
        case ("ecs", "DescribeTaskDefinition"):
            let definition: TaskDefinition = try decode("taskDefinition")
            merge(into: \Facts.taskDefinitions, [definition], by: { $0.taskDefinitionArn ?? $0.family ?? "" })
        case ("secretsmanager", "DescribeSecret"): merge(into: \Facts.secrets, [try decode(nil)], by: \.arn)
        case ("ssm", "DescribeParameters"): merge(into: \Facts.parameters, try decode("Parameters"), by: \.name)
        case ("rds", "DescribeDBClusters"):
            merge(into: \Facts.dbClusters, try decode("DBClusters"), by: \.dbClusterIdentifier)
        case ("rds", "DescribeDBInstances"):
            merge(into: \Facts.dbInstances, try decode("DBInstances"), by: \.dbInstanceIdentifier)
        case ("logs", "DescribeLogGroups"): merge(into: \Facts.logGroups, try decode("logGroups"), by: \.logGroupName)
        case ("ecr", "DescribeImages"):
            let images: [ECRImage] = try decode("imageDetails")
            // An empty answer does not name its repository: the request (or folder-form label) does.
            var byRepository = Dictionary(grouping: images) { $0.repositoryName ?? subject ?? "" }
            if images.isEmpty, let subject { byRepository[subject] = [] }
            for (repository, list) in byRepository where !repository.isEmpty {
                facts.ecrImages[repository, default: []] += list
            }
        case ("ecr", "BatchGetImage"):
            let images: [ECRImageManifest] = try decode("images")
            guard let repository = subject ?? images.first?.repositoryName else {
                throw InputError("batch-get-image needs the repository name in the request or as its label")
            }
            facts.ecrManifests[repository, default: []] += images
        case ("ecr", "GetDownloadUrlForLayer"):
            // The recorded answer is what the presigned URL served: the image configuration's platform members.
            guard let digest = subject else {
                throw InputError("get-download-url-for-layer needs the configuration's digest (layerDigest) in the request or as its label")
            }
            facts.imageConfigs[digest] = try decode(nil) as ImagePlatform
        case ("sts", "GetCallerIdentity"):
            facts.account = facts.account ?? decode.string("Account")
        default: break
        }
    }

    /// Appends `items` to one of the facts' lists (creating it), replacing the elements that have the same key.
    private mutating func merge<Element>(into list: WritableKeyPath<Facts, [Element]?>, _ items: [Element],
                                         by key: (Element) -> String) {
        var elements = facts[keyPath: list] ?? []
        facts[keyPath: list] = nil
        elements.merge(items, by: key, positions: &positions[list, default: [:]])
        facts[keyPath: list] = elements
    }

    /// Like `merge(into:_:by:)`, for a list that is never unknown (the IAM side's).
    private mutating func merge<Element>(into list: WritableKeyPath<Facts, [Element]>, _ items: [Element],
                                         by key: (Element) -> String) {
        var elements = facts[keyPath: list]
        facts[keyPath: list] = []
        elements.merge(items, by: key, positions: &positions[list, default: [:]])
        facts[keyPath: list] = elements
    }

    /// IAM, KMS and resource-policy calls: their responses do not always say what they describe, so the request
    /// (or the folder form's label) names it.
    private mutating func addPolicyCall<Reader: ResponseReader>(_ operation: String, call: SnapshotCall, decode: Reader) throws {
        func subject(_ keys: String...) throws -> String {
            for key in keys + ["label"] {
                if let value = call.request?[key]?.stringValue { return value }
            }
            throw InputError("\(call.origin): cannot tell what this \(operation) response describes: name it in the request (\(keys.joined(separator: ", "))) or the file label")
        }
        switch operation {
        case "GetRole":
            let role: IAMRole = try decode("Role")
            merge(into: \Facts.iam.roles, [role], by: \.arn)
        case "ListRolePolicies":
            facts.iam.inlinePolicyNames[try subject("RoleName")] = try decode("PolicyNames")
        case "GetRolePolicy":
            let roleName: String = try decode.member("RoleName")
            let policyName: String = try decode.member("PolicyName")
            facts.iam.inlinePolicies[roleName, default: [:]][policyName] = try decode.policy("PolicyDocument")
        case "ListAttachedRolePolicies":
            facts.iam.attachedPolicies[try subject("RoleName")] = try decode("AttachedPolicies")
        case "GetPolicy":
            let policy: ManagedPolicy = try decode("Policy")
            merge(into: \Facts.iam.managedPolicies, [policy], by: \.arn)
        case "GetPolicyVersion":
            let version = try decode.object("PolicyVersion")
            facts.iam.policyDocuments[try subject("PolicyArn")] = try version.policy("Document")
        case "GetResourcePolicy":
            let arn: String = try decode.member("ARN")
            let policy = decode.contains("ResourcePolicy") ? try decode.policy("ResourcePolicy") : nil
            facts.iam.secretPolicies[arn] = .some(policy)
        case "DescribeKey":
            let key: KMSKey = try decode("KeyMetadata")
            merge(into: \Facts.iam.kmsKeys, [key], by: \.arn)
            // Asked by alias (a parameter's KeyId, a secret's KmsKeyId): the answer names the key it resolves to.
            if let asked = call.request?["KeyId"]?.stringValue ?? call.request?["label"]?.stringValue,
               let alias = IAMFacts.aliasName(asked) {
                facts.iam.keyAliases[alias] = key.keyId
            }
        case "ListAliases":
            let aliases: [KMSAlias] = try decode("Aliases")
            for alias in aliases {
                if let target = alias.targetKeyId { facts.iam.keyAliases[alias.aliasName] = target }
            }
        case "GetKeyPolicy":
            facts.iam.keyPolicies[try subject("KeyId")] = try decode.policy("Policy")
        default: break
        }
    }

    /// The ECR repository a `DescribeImages` call asked about.
    /// A `GetLogEvents` call as the stream's read: its events redacted (the task definitions' secret names and
    /// credential shapes masked) and bounded by `LogReadingLimits`, or the error AWS answered.
    private static func readLogStream(_ call: SnapshotCall, events page: [LogEvent]?, into facts: inout Facts) throws {
        guard let stream = call.request?["logStreamName"]?.stringValue ?? call.request?["label"]?.stringValue else {
            throw InputError("\(call.origin): get-log-events needs the log stream name as its label")
        }
        let group = call.request?["logGroupName"]?.stringValue
        guard let page else {
            facts.logStreams[stream] = LogStreamRead(group: group, stream: stream, events: nil, truncated: false,
                                                     errorCode: call.error?.code)
            return
        }
        let secretNames = (facts.taskDefinitions ?? []).flatMap(\.containerDefinitions).flatMap { ($0.secrets ?? []).map(\.name) }
        let limit = call.request?["limit"]?.numberValue.map { Int($0) } ?? LogReadingLimits.standard.lines
        let (kept, dropped) = LogReadingLimits(lines: limit).kept(LogStreamRead.redacted(page, secretNames: secretNames))
        facts.logStreams[stream] = LogStreamRead(group: group, stream: stream, events: kept,
                                                 truncated: dropped || page.count >= limit, errorCode: nil)
    }

    /// The service a `GetMetricData` call is about: its label, else the `ServiceName` dimension of its queries.
    static func metricsService(of call: SnapshotCall) -> String? {
        if let label = call.request?["label"]?.stringValue { return label }
        for query in call.request?["MetricDataQueries"]?.arrayValue ?? [] {
            for dimension in query["MetricStat"]?["Metric"]?["Dimensions"]?.arrayValue ?? []
            where dimension["Name"]?.stringValue == "ServiceName" {
                if let value = dimension["Value"]?.stringValue { return value }
            }
        }
        return nil
    }

    /// The series of a `GetMetricData` answer whose query ids name a `ServiceMetric`, points oldest first.
    private static func metricSeries(_ origin: String, _ results: [MetricDataResult]) throws -> [MetricSeries] {
        try results.compactMap { result in
            guard let (metric, task) = ServiceMetric.parse(queryId: result.id) else { return nil }
            let times = result.timestamps ?? [], values = result.values ?? []
            guard times.count == values.count else {
                throw InputError("\(origin): MetricDataResults \(result.id): \(times.count) timestamps for \(values.count) values")
            }
            let points = try zip(times, values).map { time, value in
                guard let seconds = time.numberValue ?? time.stringValue.flatMap(Timestamp.epochSeconds) else {
                    throw InputError("\(origin): MetricDataResults \(result.id): not a timestamp: \(time.jsonText)")
                }
                return MetricSeries.Point(timestamp: seconds, value: value)
            }
            return MetricSeries(metric: metric, taskId: task, points: points.sorted { $0.timestamp < $1.timestamp },
                                statusCode: result.statusCode)
        }
    }

    /// What an ECR call is about: the repository of `DescribeImages` and `BatchGetImage`, the digest of
    /// `GetDownloadUrlForLayer`; nil for other operations.
    static func ecrSubject(of call: SnapshotCall, _ operation: String) -> String? {
        switch operation {
        case "DescribeImages", "BatchGetImage": return repository(of: call)
        case "GetDownloadUrlForLayer": return call.request?["layerDigest"]?.stringValue ?? call.request?["label"]?.stringValue
        default: return nil
        }
    }

    static func repository(of call: SnapshotCall) -> String? {
        call.request?["repositoryName"]?.stringValue ?? subject(of: call)
    }

    /// The subject named in a recorded request (its folder-form label, or the first string member).
    static func subject(of call: SnapshotCall) -> String? {
        guard case .object(let members)? = call.request else { return nil }
        return members["label"]?.stringValue ?? members.sorted { $0.key < $1.key }.lazy.compactMap(\.value.stringValue).first
    }

    /// What a Route 53 listing describes: its label, else the VPC or hosted zone id it was asked for.
    static func route53Subject(of call: SnapshotCall, _ operation: String) -> String? {
        let key = operation == "ListHostedZonesByVPC" ? "VPCId" : "HostedZoneId"
        return call.request?["label"]?.stringValue ?? call.request?[key]?.stringValue ?? subject(of: call)
    }

    static func inferRegion(_ facts: Facts) -> String? {
        let arns = (facts.tasks ?? []).map(\.taskArn) + (facts.services ?? []).compactMap(\.serviceArn)
        if let arn = arns.first, let region = ARN(arn)?.region, !region.isEmpty { return region }
        if let zone = facts.subnets?.first?.availabilityZone, let last = zone.last, last.isLetter {
            return String(zone.dropLast())
        }
        return nil
    }

    static func inferAccount(_ facts: Facts) -> String? {
        let arns = (facts.tasks ?? []).map(\.taskArn) + (facts.services ?? []).compactMap(\.serviceArn)
            + (facts.taskDefinitions ?? []).compactMap(\.executionRoleArn)
        return arns.lazy.compactMap { ARN($0)?.account }.first { !$0.isEmpty }
    }
}

/// One entry of `aws kms list-aliases`; AWS managed aliases of keys never used have no target.
private struct KMSAlias: Decodable {
    var aliasName: String
    var targetKeyId: String?
}

/// `aws ec2 describe-vpc-attribute` output: the VPC id and one attribute.
private struct VpcAttributeResponse: Decodable {
    struct Flag: Decodable { var value: Bool? }
    var vpcId: String
    var enableDnsSupport: Flag?
    var enableDnsHostnames: Flag?
}


/// One entry of `aws cloudwatch get-metric-data`'s `MetricDataResults`.
private struct MetricDataResult: Decodable {
    var id: String
    /// ISO 8601 strings (as the CLI prints them), or epoch seconds (the CLI's `cli_timestamp_format = none`).
    var timestamps: [JSONValue]?
    var values: [Double]?
    var statusCode: String?
}

/// Any JSON value, read without building it: the presence of a member whose document is not kept.
private struct AnyMember: Decodable {
    init(from decoder: any Decoder) throws {}
}
