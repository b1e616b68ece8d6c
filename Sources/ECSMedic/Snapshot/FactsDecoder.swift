import AWSClient
import Foundation

/// Turns recorded calls (AWS CLI JSON shapes) into typed `Facts`. The same decoder serves snapshots and live runs.
public struct FactsDecoder: Sendable {
    public init() {}

    /// Builds the facts a snapshot holds. Calls of no catalogued operation are skipped (`Snapshot.unreadFiles` lists them); a response of the wrong
    /// shape is an `InputError` naming where it came from and the field.
    public func facts(from snapshot: Snapshot) throws -> Facts {
        var facts = Facts()
        var indexes = MergeIndexes()
        var mountTargetGroups: [String: MountTargetSecurityGroups] = [:]
        facts.region = snapshot.region
        facts.account = snapshot.account
        for call in snapshot.calls {
            // Organizations calls are read together, as one path (`OrganizationPolicies`).
            if call.service == "organizations" { continue }
            guard let name = OperationCatalog.operation(service: call.service, named: call.operation)?.name else { continue }
            if let error = call.error, error.code == "RepositoryNotFoundException", name == "DescribeImages",
               let repository = Self.repository(of: call) {
                facts.ecrImages[repository] = []
                continue
            }
            if let error = call.error, ["ResourceNotFoundException", "ParameterNotFound"].contains(error.code) {
                if let subject = Self.subject(of: call) { facts.notFound.insert(subject) }
                continue
            }
            if call.error != nil, name == "ListHostedZonesByVPC", let vpcId = Self.route53Subject(of: call, name) {
                facts.privateHostedZonesFailed.insert(vpcId)
            }
            if let error = call.error {
                facts.unverified.append(UnverifiedFact(
                    fact: "\(call.service) \(name)\(Self.subject(of: call).map { " of \($0)" } ?? "")",
                    reason: error.code, permission: "\(call.service):\(name)"))
                continue
            }
            guard let response = call.response else { continue }
            if name == "GetManagedPrefixListEntries" {
                guard let listId = Self.subject(of: call) else {
                    throw InputError("\(call.origin): get-managed-prefix-list-entries needs the prefix list id as its label")
                }
                let entries: ManagedPrefixListEntries = try Decoding(origin: call.origin, response: response)(nil)
                facts.managedPrefixListEntries[listId] = (entries.entries ?? []).compactMap(\.cidr)
                continue
            }
            if name == "ListHostedZonesByVPC" || name == "ListResourceRecordSets" {
                // Neither answer names what it describes: the request (or the folder form's label) does.
                guard let subject = Self.route53Subject(of: call, name) else {
                    throw InputError("\(call.origin): \(name == "ListHostedZonesByVPC" ? "list-hosted-zones-by-vpc needs the VPC id" : "list-resource-record-sets needs the hosted zone id") as its label")
                }
                let decode = Decoding(origin: call.origin, response: response)
                if name == "ListHostedZonesByVPC" {
                    facts.privateHostedZones[subject, default: []] += try decode("HostedZoneSummaries") as [PrivateHostedZone]
                } else {
                    let zoneId = subject.split(separator: "/").last.map(String.init) ?? subject
                    facts.resourceRecordSets[zoneId, default: []] += try decode("ResourceRecordSets") as [ResourceRecordSet]
                }
                continue
            }
            if name == "DescribeMountTargetSecurityGroups" {
                guard let mountTargetId = Self.subject(of: call) else {
                    throw InputError("\(call.origin): describe-mount-target-security-groups needs the mount target id as its label")
                }
                mountTargetGroups[mountTargetId] = try Decoding(origin: call.origin, response: response)(nil) as MountTargetSecurityGroups
                continue
            }
            if call.service == "iam" || call.service == "kms" || name == "GetResourcePolicy" {
                try applyPolicyCall(name, call: call, response: response, to: &facts.iam)
            } else {
                try apply(name, service: call.service, response: response, origin: call.origin,
                          subject: name == "DescribeImages" ? Self.repository(of: call) : Self.subject(of: call),
                          to: &facts, indexes: &indexes)
            }
        }
        facts.efsMountTargets = facts.efsMountTargets?.map { target in
            var target = target
            target.securityGroups = mountTargetGroups[target.mountTargetId]?.securityGroups ?? target.securityGroups
            return target
        }
        facts.region = facts.region ?? Self.inferRegion(facts)
        facts.account = facts.account ?? Self.inferAccount(facts)
        facts.organization = OrganizationPolicies.decode(snapshot.calls, account: facts.account)
        return facts
    }

    private func apply(_ operation: String, service: String, response: JSONValue, origin: String, subject: String?,
                       to facts: inout Facts, indexes: inout MergeIndexes) throws {
        let decode = Decoding(origin: origin, response: response)
        switch (service, operation) {
        case ("ec2", "DescribeSubnets"): facts.subnets.merge(try decode("Subnets"), by: \.subnetId)
        case ("ec2", "DescribeRouteTables"): facts.routeTables.merge(try decode("RouteTables"), by: \.routeTableId)
        case ("ec2", "DescribeVpcs"): facts.vpcs.merge(try decode("Vpcs"), by: \.vpcId)
        case ("ec2", "DescribeVpcEndpoints"):
            facts.vpcEndpoints.merge(try decode("VpcEndpoints"), by: \.vpcEndpointId)
        case ("ec2", "DescribeSecurityGroups"):
            facts.securityGroups.merge(try decode("SecurityGroups"), by: \.groupId)
        case ("ec2", "DescribeNetworkAcls"): facts.networkACLs.merge(try decode("NetworkAcls"), by: \.networkAclId)
        case ("ec2", "DescribeNatGateways"): facts.natGateways.merge(try decode("NatGateways"), by: \.natGatewayId)
        case ("ec2", "DescribeInternetGateways"):
            facts.internetGateways.merge(try decode("InternetGateways"), by: \.internetGatewayId)
        case ("ec2", "DescribeNetworkInterfaces"):
            facts.networkInterfaces.merge(try decode("NetworkInterfaces"), by: \.networkInterfaceId)
        case ("ec2", "DescribeDhcpOptions"): facts.dhcpOptions.merge(try decode("DhcpOptions"), by: \.dhcpOptionsId)
        case ("ec2", "DescribePrefixLists"): facts.prefixLists.merge(try decode("PrefixLists"), by: \.prefixListId)
        case ("efs", "DescribeMountTargets"):
            facts.efsMountTargets.merge(try decode("MountTargets"), by: \.mountTargetId)
        case ("elbv2", "DescribeLoadBalancers"):
            facts.loadBalancers.merge(try decode("LoadBalancers"), by: \.loadBalancerArn)
        case ("elbv2", "DescribeTargetGroups"):
            facts.targetGroups.merge(try decode("TargetGroups"), by: \.targetGroupArn)
        case ("ec2", "DescribeVpcAttribute"):
            let attribute: VpcAttributeResponse = try decode(nil)
            var dns = facts.vpcDNS[attribute.vpcId] ?? VPCDNSAttributes()
            if let value = attribute.enableDnsSupport?.value { dns.enableDnsSupport = value }
            if let value = attribute.enableDnsHostnames?.value { dns.enableDnsHostnames = value }
            facts.vpcDNS[attribute.vpcId] = dns
        case ("ec2", "DescribeInstances"):
            let reservations: [EC2Reservation] = try decode("Reservations")
            facts.ec2Instances.merge(reservations.flatMap { $0.instances ?? [] }, by: \.instanceId)
        case ("ecs", "DescribeContainerInstances"):
            facts.containerInstances.merge(try decode("containerInstances"), by: \.containerInstanceArn)
        case ("ecs", "DescribeTasks"): facts.tasks.merge(try decode("tasks"), by: \.taskArn, index: &indexes.tasks)
        case ("ecs", "DescribeServices"):
            facts.services.merge(try decode("services"), by: { $0.serviceArn ?? $0.serviceName }, index: &indexes.services)
        case ("ecs", "DescribeTaskDefinition"):
            let definition: TaskDefinition = try decode("taskDefinition")
            facts.taskDefinitions.merge([definition], by: { $0.taskDefinitionArn ?? $0.family ?? "" },
                                        index: &indexes.taskDefinitions)
        case ("secretsmanager", "DescribeSecret"): facts.secrets.merge([try decode(nil)], by: \.arn)
        case ("ssm", "DescribeParameters"): facts.parameters.merge(try decode("Parameters"), by: \.name)
        case ("rds", "DescribeDBClusters"):
            facts.dbClusters.merge(try decode("DBClusters"), by: \.dbClusterIdentifier)
        case ("rds", "DescribeDBInstances"):
            facts.dbInstances.merge(try decode("DBInstances"), by: \.dbInstanceIdentifier)
        case ("logs", "DescribeLogGroups"): facts.logGroups.merge(try decode("logGroups"), by: \.logGroupName)
        case ("ecr", "DescribeImages"):
            let images: [ECRImage] = try decode("imageDetails")
            // An empty answer does not name its repository: the request (or folder-form label) does.
            var byRepository = Dictionary(grouping: images) { $0.repositoryName ?? subject ?? "" }
            if images.isEmpty, let subject { byRepository[subject] = [] }
            for (repository, list) in byRepository where !repository.isEmpty {
                facts.ecrImages[repository, default: []] += list
            }
        case ("sts", "GetCallerIdentity"):
            facts.account = facts.account ?? response["Account"]?.stringValue
        default: break
        }
    }

    /// IAM, KMS and resource-policy calls: their responses do not always say what they describe, so the request
    /// (or the folder form's label) names it.
    private func applyPolicyCall(_ operation: String, call: SnapshotCall, response: JSONValue, to iam: inout IAMFacts) throws {
        let decode = Decoding(origin: call.origin, response: response)
        func subject(_ keys: String...) throws -> String {
            for key in keys + ["label"] {
                if let value = call.request?[key]?.stringValue { return value }
            }
            throw InputError("\(call.origin): cannot tell what this \(operation) response describes: name it in the request (\(keys.joined(separator: ", "))) or the file label")
        }
        switch operation {
        case "GetRole":
            let role: IAMRole = try decode("Role")
            iam.roles.merge([role], by: \.arn)
        case "ListRolePolicies":
            iam.inlinePolicyNames[try subject("RoleName")] = try decode("PolicyNames")
        case "GetRolePolicy":
            let roleName: String = try decode.member("RoleName")
            let policyName: String = try decode.member("PolicyName")
            iam.inlinePolicies[roleName, default: [:]][policyName] = try decode.policy("PolicyDocument")
        case "ListAttachedRolePolicies":
            iam.attachedPolicies[try subject("RoleName")] = try decode("AttachedPolicies")
        case "GetPolicy":
            let policy: ManagedPolicy = try decode("Policy")
            iam.managedPolicies.merge([policy], by: \.arn)
        case "GetPolicyVersion":
            let version = try decode.object("PolicyVersion")
            iam.policyDocuments[try subject("PolicyArn")] = try Decoding(origin: call.origin, response: version).policy("Document")
        case "GetResourcePolicy":
            let arn: String = try decode.member("ARN")
            let policy = response["ResourcePolicy"] == nil ? nil : try decode.policy("ResourcePolicy")
            iam.secretPolicies[arn] = .some(policy)
        case "DescribeKey":
            let key: KMSKey = try decode("KeyMetadata")
            iam.kmsKeys.merge([key], by: \.arn)
            // Asked by alias (a parameter's KeyId, a secret's KmsKeyId): the answer names the key it resolves to.
            if let asked = call.request?["KeyId"]?.stringValue ?? call.request?["label"]?.stringValue,
               let alias = IAMFacts.aliasName(asked) {
                iam.keyAliases[alias] = key.keyId
            }
        case "ListAliases":
            let aliases: [KMSAlias] = try decode("Aliases")
            for alias in aliases {
                if let target = alias.targetKeyId { iam.keyAliases[alias.aliasName] = target }
            }
        case "GetKeyPolicy":
            iam.keyPolicies[try subject("KeyId")] = try decode.policy("Policy")
        default: break
        }
    }

    /// The ECR repository a `DescribeImages` call asked about.
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

/// Decodes one member of a response into a fact type, turning decoding errors into one-line input errors.
struct Decoding {
    let origin: String
    let response: JSONValue

    func callAsFunction<T: Decodable>(_ member: String?) throws -> T {
        var value = response
        if let member {
            guard let inner = response[member] else {
                throw InputError("\(origin): not the expected response shape: missing \"\(member)\"")
            }
            value = inner
        }
        do {
            let data = try JSONEncoder().encode(value)
            return try AWSCLIJSON.decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw InputError("\(origin): \(AWSCLIJSON.describe(error, under: member))")
        }
    }
}

/// Where each task, service and task definition sits in its list while a snapshot is decoded, so that an
/// account of thousands of `describe-services` and `describe-task-definition` answers merges in linear time.
private struct MergeIndexes {
    var tasks: [String: Int] = [:]
    var services: [String: Int] = [:]
    var taskDefinitions: [String: Int] = [:]
}

extension Decoding {
    /// A string member of the response.
    func member(_ name: String) throws -> String {
        guard let value = response[name]?.stringValue else {
            throw InputError("\(origin): not the expected response shape: missing \"\(name)\"")
        }
        return value
    }

    func object(_ name: String) throws -> JSONValue {
        guard let value = response[name], case .object = value else {
            throw InputError("\(origin): not the expected response shape: missing \"\(name)\"")
        }
        return value
    }

    /// A policy document member: a JSON object (as the AWS CLI prints IAM documents) or a JSON string (as it
    /// prints key policies, secret policies and EC2 endpoint policies).
    func policy(_ name: String) throws -> JSONValue {
        switch response[name] {
        case .object(let members)?: return .object(members)
        case .string(let text)?:
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object = value else {
                throw InputError("\(origin): \(name): not a JSON policy document")
            }
            return value
        default:
            throw InputError("\(origin): not the expected response shape: missing \"\(name)\"")
        }
    }
}

extension Optional {
    /// Like `merge(_:by:)`, with an index of the list's keys kept by the caller across calls.
    mutating func merge<Element>(_ items: [Element], by key: (Element) -> String, index: inout [String: Int]) where Wrapped == [Element] {
        var list = self ?? []
        self = nil
        for item in items {
            let name = key(item)
            if let position = index[name] {
                list[position] = item
            } else {
                index[name] = list.count
                list.append(item)
            }
        }
        self = list
    }

    /// Appends `items` to an optional list (creating it), replacing entries that have the same key.
    mutating func merge<Element, Key: Hashable>(_ items: [Element], by key: (Element) -> Key) where Wrapped == [Element] {
        var list = self ?? []
        self = nil
        list.merge(items, by: key)
        self = list
    }
}

extension Array {
    /// Appends `items`, replacing entries that have the same key.
    mutating func merge<Key: Hashable>(_ items: [Element], by key: (Element) -> Key) {
        for item in items {
            if let index = firstIndex(where: { key($0) == key(item) }) {
                self[index] = item
            } else {
                append(item)
            }
        }
    }
}
