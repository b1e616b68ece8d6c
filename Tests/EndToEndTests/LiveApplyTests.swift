import AWSClient
import Foundation
import Testing

/// `ecs-medic fix` dry run, `--apply`, a second apply and `--undo` against each fixable scenario served live by
/// `scripts/live-scenario.py`; the AWS state is read with boto3 (`scripts/aws-state.py`), not through ecs-medic.
@Suite struct LiveApplyTests {
    static let region = "ap-northeast-2"
    static let service = "demo-ecs-service"

    /// A scratch folder for apply records.
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-apply-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func fix(_ scenario: LiveScenario, _ extra: [String]) throws -> BinaryRunner.Output {
        try scenario.run(["fix", "--service", scenario.service, "--cluster", scenario.cluster] + extra)
    }

    private static func strings(_ value: JSONValue?) -> Set<String> {
        Set(value?.stringValue.map { [$0] } ?? value?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// What each scenario's apply must have changed, checked against AWS's own describe outputs.
    static let checks: [String: @Sendable (AWSState, AWSState) -> Void] = [
        "seed-no-secretsmanager-endpoint": { before, after in
            let service = "com.amazonaws.\(region).secretsmanager"
            #expect(before.endpoint(service: service).isEmpty)
            let created = after.endpoint(service: service)
            #expect(created.count == 1)
            let endpoint = created.first
            let placement = after.placement(Self.service)
            #expect(endpoint?["VpcEndpointType"] == "Interface")
            #expect(endpoint?["PrivateDnsEnabled"] == true)
            #expect(strings(endpoint?["SubnetIds"]) == placement.subnets)
            #expect(AWSState.tagged(endpoint?["Tags"]))
            let groups = endpoint?["Groups"]?.arrayValue?.compactMap { $0["GroupId"]?.stringValue } ?? []
            #expect(groups.count == 1)
            let group = after.group(groups.first ?? "")
            #expect(AWSState.tagged(group?["Tags"]))
            #expect(!placement.groups.isEmpty)
            for task in placement.groups {
                #expect(after.allows(group, ingress: true, port: 443, group: task), "443 from \(task)")
            }
        },
        "seed-endpoint-sg-no-443": { before, after in
            let endpoint = after.endpoint(service: "com.amazonaws.\(region).secretsmanager").first
            let groupId = endpoint?["Groups"]?[0]?["GroupId"]?.stringValue ?? ""
            for task in after.placement(Self.service).groups {
                #expect(!before.allows(before.group(groupId), ingress: true, port: 443, group: task))
                #expect(after.allows(after.group(groupId), ingress: true, port: 443, group: task), "443 from \(task)")
            }
        },
        "seed-private-dns-off": { before, after in
            let service = "com.amazonaws.\(region).secretsmanager"
            #expect(before.endpoint(service: service).first?["PrivateDnsEnabled"] == false)
            #expect(after.endpoint(service: service).first?["PrivateDnsEnabled"] == true)
        },
        "seed-vpc-dns-support-off": { before, after in
            let vpc = after.endpoints.first?["VpcId"]?.stringValue ?? ""
            #expect(before.vpcAttribute(vpc, "enableDnsSupport") == false)
            #expect(after.vpcAttribute(vpc, "enableDnsSupport") == true)
            #expect(after.vpcAttribute(vpc, "enableDnsHostnames") == true)
        },
        "seed-task-sg-egress-no-443": { before, after in
            let task = after.placement(Self.service).groups.first ?? ""
            let egress443 = { (state: AWSState) in
                (state.group(task)?["IpPermissionsEgress"]?.arrayValue ?? []).contains {
                    $0["IpProtocol"] == "tcp" && $0["FromPort"] == 443 && $0["ToPort"] == 443
                }
            }
            #expect(!egress443(before))
            #expect(egress443(after))
        },
        "perm-missing-getsecretvalue": { before, after in
            // ECS reads a secret with secretsmanager:GetSecretValue on the secret's ARN (ECS developer guide,
            // "Required IAM permissions for Amazon ECS secrets"); an AWS managed key needs no kms:Decrypt grant.
            let definition = after.taskDefinition(Self.service)
            let role = definition?["executionRoleArn"]?.stringValue?.split(separator: "/").last.map(String.init) ?? ""
            let secrets = Set((definition?["containerDefinitions"]?.arrayValue ?? []).flatMap { $0["secrets"]?.arrayValue ?? [] }
                .compactMap { $0["valueFrom"]?.stringValue?.split(separator: ":", omittingEmptySubsequences: false).prefix(7).joined(separator: ":") })
            #expect(!secrets.isEmpty)
            #expect(before.inlinePolicies(role)["ecs-medic-task-start"] == nil)
            let policy = after.inlinePolicies(role)["ecs-medic-task-start"]
            let statements = policy?["Statement"]?.arrayValue ?? []
            #expect(statements.allSatisfy { $0["Effect"] == "Allow" })
            #expect(Set(statements.flatMap { strings($0["Action"]) }) == ["secretsmanager:GetSecretValue"])
            #expect(Set(statements.flatMap { strings($0["Resource"]) }) == secrets)
            #expect(Set(before.inlinePolicies(role).keys).union(["ecs-medic-task-start"]) == Set(after.inlinePolicies(role).keys))
        },
        "net-s3-no-gateway-endpoint": { before, after in
            // ECR's layers come from S3: a gateway endpoint on the task subnets' route tables (VPC endpoints guide,
            // "Gateway endpoints for Amazon S3").
            let service = "com.amazonaws.\(region).s3"
            #expect(before.endpoint(service: service).isEmpty)
            let endpoint = after.endpoint(service: service).first
            #expect(endpoint?["VpcEndpointType"] == "Gateway")
            #expect(AWSState.tagged(endpoint?["Tags"]))
            let subnets = after.placement(Self.service).subnets
            let tables = Set((after.json["ec2"]?["routeTables"]?["RouteTables"]?.arrayValue ?? []).filter { table in
                (table["Associations"]?.arrayValue ?? []).contains { subnets.contains($0["SubnetId"]?.stringValue ?? "") }
            }.compactMap { $0["RouteTableId"]?.stringValue })
            #expect(!tables.isEmpty)
            #expect(tables.isSubset(of: strings(endpoint?["RouteTableIds"])))
        },
        "net-nacl-deny-443": { before, after in
            // Network ACL entries are evaluated in rule-number order, first match wins (VPC user guide, "Control
            // subnet traffic with network ACLs"): an allow numbered below the deny lets HTTPS out; nothing is removed.
            let acls = { (state: AWSState) in state.json["ec2"]?["networkAcls"]?["NetworkAcls"]?.arrayValue ?? [] }
            let blocking = acls(before).first { acl in
                (acl["Entries"]?.arrayValue ?? []).contains { $0["Egress"] == true && $0["RuleAction"] == "deny" && $0["PortRange"]?["From"] == 443 }
            }
            let aclId = blocking?["NetworkAclId"]?.stringValue ?? ""
            #expect(!aclId.isEmpty)
            let deny = (blocking?["Entries"]?.arrayValue ?? []).first { $0["Egress"] == true && $0["RuleAction"] == "deny" && $0["PortRange"]?["From"] == 443 }
            let entries = acls(after).first { $0["NetworkAclId"]?.stringValue == aclId }?["Entries"]?.arrayValue ?? []
            let allow = entries.filter { entry in
                entry["Egress"] == true && entry["RuleAction"] == "allow" && entry["Protocol"] == "6"
                    && (entry["PortRange"]?["From"]?.numberValue ?? 65536) <= 443 && (entry["PortRange"]?["To"]?.numberValue ?? 0) >= 443
                    && (entry["RuleNumber"]?.numberValue ?? .infinity) < (deny?["RuleNumber"]?.numberValue ?? 0)
            }
            #expect(allow.count == 1)
            #expect(allow.first?["CidrBlock"] == "0.0.0.0/0")
            for entry in blocking?["Entries"]?.arrayValue ?? [] {
                #expect(entries.contains(entry), "entry \(entry["RuleNumber"]?.numberValue ?? 0) was removed or changed")
            }
        },
        "td-log-group-missing": { before, after in
            let options = after.taskDefinition(Self.service)?["containerDefinitions"]?[0]?["logConfiguration"]?["options"]
            let name = options?["awslogs-group"]?.stringValue ?? ""
            #expect(before.logGroup(name) == nil)
            #expect(after.logGroup(name)?["group"]?["logGroupName"]?.stringValue == name)
            #expect(after.logGroup(name)?["tags"]?["created-by"] == "ecs-medic")
        },
    ]

    @Test(arguments: checks.keys.sorted())
    func dryRunApplyAgainAndUndo(_ name: String) throws {
        let scenario = try LiveScenario(name)
        defer { scenario.stop() }
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try scenario.awsState()

        let dry = try fix(scenario, [])
        #expect(dry.status == 0, "\(name): \(dry.stderr)")
        #expect(dry.stdout.contains("would call "), "\(name): \(dry.stdout)")
        #expect(try scenario.awsState().changeable == before.changeable, "\(name): the dry run changed AWS")

        let unconfirmed = try fix(scenario, ["--apply"])
        #expect(unconfirmed.status == 2)
        #expect(unconfirmed.stderr.contains("--yes"))

        let record = directory.appending(path: "first.json").path
        let applied = try fix(scenario, ["--apply", "--yes", "--record", record])
        #expect(applied.status == 0, "\(name): \(applied.stdout) \(applied.stderr)")
        #expect(applied.stdout.contains("fixed: "), "\(name): \(applied.stdout)")
        #expect(!applied.stdout.contains("not fixed: "), "\(name): \(applied.stdout)")
        let after = try scenario.awsState()
        Self.checks[name]?(before, after)
        let written = try ApplyRecordFile(record)
        #expect(written.status == "complete")

        let second = directory.appending(path: "second.json").path
        let again = try fix(scenario, ["--apply", "--yes", "--record", second])
        #expect(again.status == 0, "\(name): \(again.stderr)")
        #expect(again.stdout.contains("nothing to do") || again.stderr.contains("no findings"), "\(name): \(again.stdout) \(again.stderr)")
        #expect(!again.stdout.contains("calling "), "\(name): a second apply wrote")
        #expect(!FileManager.default.fileExists(atPath: second))
        #expect(try scenario.awsState().changeable == after.changeable, "\(name): the second apply changed AWS")

        let undo = try scenario.run(["fix", "--undo", record, "--yes"])
        #expect(undo.status == 0, "\(name): \(undo.stderr)")
        #expect(try scenario.awsState().changeable == before.changeable, "\(name): undo did not restore the describe outputs")
        #expect(try ApplyRecordFile(record).status == "undone")
    }

    /// An apply that fails half-way (EC2 refuses CreateVpcEndpoint once) exits 3 with a record of what it created;
    /// re-run with the same record it completes without creating anything twice, and undo removes all of it.
    @Test func anInterruptedApplyResumesWithoutDuplicates() throws {
        let scenario = try LiveScenario("seed-no-secretsmanager-endpoint", deny: "ec2:CreateVpcEndpoint", denyTimes: 1)
        defer { scenario.stop() }
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try scenario.awsState()
        let record = directory.appending(path: "record.json").path

        let stopped = try fix(scenario, ["--apply", "--yes", "--record", record])
        #expect(stopped.status == 3, "\(stopped.stdout) \(stopped.stderr)")
        let half = try ApplyRecordFile(record)
        #expect(half.status == "stopped")
        #expect(half.steps.map(\.status) == ["done", "done", "failed"])
        #expect(half.created.map(\.kind) == ["securityGroup", "securityGroupIngressRule"])
        let groups = { (state: AWSState) in state.securityGroups.filter { $0["GroupName"] == "ecs-medic-vpce-https" } }
        let midway = try scenario.awsState()
        #expect(groups(midway).map { $0["GroupId"]?.stringValue } == [half.created.first?.id])
        #expect(midway.endpoint(service: "com.amazonaws.\(Self.region).secretsmanager").isEmpty)

        let resumed = try fix(scenario, ["--apply", "--yes", "--record", record])
        #expect(resumed.status == 0, "\(resumed.stdout) \(resumed.stderr)")
        let after = try scenario.awsState()
        #expect(groups(after).count == 1)
        #expect(after.endpoint(service: "com.amazonaws.\(Self.region).secretsmanager").count == 1)
        let complete = try ApplyRecordFile(record)
        #expect(complete.status == "complete")
        #expect(complete.created.map(\.kind) == ["securityGroup", "securityGroupIngressRule", "vpcEndpoint"])

        let undo = try scenario.run(["fix", "--undo", record, "--yes"])
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(try scenario.awsState().changeable == before.changeable)
    }

    /// A run killed after CreateSecurityGroup returned but before the record took the group's id (the record
    /// says the step `started`; here EC2 refuses the next call once, and the record is then edited to that state):
    /// re-run with the record, the tagged group is found in place and adopted, the rest is created once, and undo
    /// removes all of it.
    @Test func aKilledApplysGroupIsAdoptedByItsRecord() throws {
        let scenario = try LiveScenario("seed-no-secretsmanager-endpoint", deny: "ec2:AuthorizeSecurityGroupIngress", denyTimes: 1)
        defer { scenario.stop() }
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try scenario.awsState()
        let record = directory.appending(path: "record.json")
        let stopped = try fix(scenario, ["--apply", "--yes", "--record", record.path])
        #expect(stopped.status == 3, "\(stopped.stderr)")

        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: record)) as? [String: Any])
        var steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.count == 3)
        steps[0]["status"] = "started"
        steps[0]["created"] = [Any]()
        steps[1]["status"] = "planned"
        steps[1].removeValue(forKey: "reason")
        json["steps"] = steps
        json["status"] = "applying"
        try JSONSerialization.data(withJSONObject: json).write(to: record)

        let resumed = try fix(scenario, ["--apply", "--yes", "--record", record.path])
        #expect(resumed.status == 0, "\(resumed.stdout) \(resumed.stderr)")
        #expect(!resumed.stdout.contains("CreateSecurityGroup"))
        let adopted = try ApplyRecordFile(record.path)
        #expect(adopted.status == "complete")
        #expect(adopted.steps.map(\.status) == ["done", "done", "done"])
        #expect(adopted.created.map(\.kind) == ["securityGroup", "securityGroupIngressRule", "vpcEndpoint"])
        #expect(try scenario.awsState().securityGroups.filter { $0["GroupName"] == "ecs-medic-vpce-https" }.count == 1)

        let undo = try scenario.run(["fix", "--undo", record.path, "--yes"])
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(try scenario.awsState().changeable == before.changeable)
    }

    /// A security group tagged by CloudFormation is not changed without --force; with it, it is.
    @Test func aResourceManagedByCloudFormationNeedsForce() throws {
        let scenario = try LiveScenario("seed-endpoint-sg-no-443")
        defer { scenario.stop() }
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try scenario.awsState()
        let group = first.endpoint(service: "com.amazonaws.\(Self.region).secretsmanager").first?["Groups"]?[0]?["GroupId"]?.stringValue ?? ""
        let before = try scenario.awsState(tag: (group, "aws:cloudformation:stack-name", "network"))

        let refused = try fix(scenario, ["--apply", "--yes", "--record", directory.appending(path: "a.json").path])
        #expect(refused.status == 1, "\(refused.stdout) \(refused.stderr)")
        #expect(refused.stderr.contains("\(group) is managed by CloudFormation stack network"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--emit cloudformation"))
        #expect(try scenario.awsState().changeable == before.changeable)

        let forced = try fix(scenario, ["--apply", "--yes", "--force", "--record", directory.appending(path: "b.json").path])
        #expect(forced.status == 0, "\(forced.stdout) \(forced.stderr)")
        #expect(try scenario.awsState().changeable != before.changeable)
    }

    /// `--redeploy` ends with a new deployment of the service; without it the restart is listed as not applied.
    @Test func redeployStartsANewDeployment() throws {
        let scenario = try LiveScenario("seed-private-dns-off")
        defer { scenario.stop() }
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dry = try fix(scenario, [])
        #expect(dry.stdout.contains("not applied (restarts the service: add --redeploy to apply it)"), "\(dry.stdout)")
        #expect(dry.stdout.contains("aws ecs update-service --region \(Self.region) --cluster \(scenario.cluster) --service \(scenario.service) --force-new-deployment"))
        let applied = try fix(scenario, ["--apply", "--yes", "--redeploy", "--record", directory.appending(path: "r.json").path])
        #expect(applied.status == 0, "\(applied.stdout) \(applied.stderr)")
        #expect(applied.stdout.contains("calling ecs UpdateService {\"cluster\":\"\(scenario.cluster)\",\"forceNewDeployment\":true,\"service\":\"\(scenario.service)\"}"),
                "\(applied.stdout)")
        let requests = try scenario.requests().filter { $0.action == "ecs:UpdateService" }
        #expect(requests.count == 1)
    }

    /// The grace period fix a live after-start diagnosis proposes for hc-grace-period-short (Spring ready 2 s after
    /// the start, 5 checks 10 s apart, no grace period) is applied by one UpdateService carrying only the new
    /// healthCheckGracePeriodSeconds, and `--undo` restores the old value with one more.
    @Test func theGracePeriodIsRaisedAndRestored() throws {
        let scenario = try LiveScenario("hc-grace-period-short", afterStart: true)
        defer { scenario.stop() }
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let grace = { (state: AWSState) in state.service(Self.service)?["healthCheckGracePeriodSeconds"]?.numberValue ?? 0 }
        let updates = { try scenario.requests().filter { $0.action == "ecs:UpdateService" } }
        #expect(grace(try scenario.awsState()) == 0)

        let dry = try fix(scenario, [])
        #expect(dry.stdout.contains("would call ecs UpdateService {\"cluster\":\"\(scenario.cluster)\",\"healthCheckGracePeriodSeconds\":"),
                "\(dry.stdout)")
        #expect(try updates().isEmpty)

        let record = directory.appending(path: "grace.json").path
        let applied = try fix(scenario, ["--apply", "--yes", "--record", record])
        #expect(applied.status == 0, "\(applied.stdout) \(applied.stderr)")
        let raise = try #require(try updates().first)
        #expect(try updates().count == 1)
        #expect(raise.parameters["cluster"] == scenario.cluster)
        #expect(raise.parameters["service"] == scenario.service)
        #expect(Set(raise.parameters.keys) == ["cluster", "service", "healthCheckGracePeriodSeconds"], "\(raise.parameters)")
        let seconds = try #require(raise.parameters["healthCheckGracePeriodSeconds"].flatMap { Int($0) })
        #expect(seconds >= 60 && seconds % 10 == 0, "\(seconds)")
        #expect(grace(try scenario.awsState()) == Double(seconds))

        let undo = try scenario.run(["fix", "--undo", record, "--yes"])
        #expect(undo.status == 0, "\(undo.stdout) \(undo.stderr)")
        let all = try updates()
        #expect(all.count == 2)
        #expect(all.last?.parameters["healthCheckGracePeriodSeconds"] == "0")
        #expect(grace(try scenario.awsState()) == 0)
    }

    /// The only finding's fix is a permissions boundary ecs-medic never changes: the dry run and the apply print the
    /// boundary's command, change nothing and exit 1 (design.md §3: findings remain).
    @Test func aFindingNoAppliedChangeCanFixExitsOneWithTheCommandToRun() throws {
        let scenario = try LiveScenario("perm-boundary-without-secretsmanager")
        defer { scenario.stop() }
        let before = try scenario.awsState()
        for extra in [[], ["--apply", "--yes"]] {
            let result = try fix(scenario, extra)
            #expect(result.status == 1, "\(extra): \(result.stdout) \(result.stderr)")
            #expect(result.stderr.contains("no finding has a mechanical fix"), "\(result.stderr)")
            #expect(result.stdout.hasPrefix("not fixed: exec-role-missing-permission: "), "\(result.stdout)")
            #expect(result.stdout.contains("aws iam create-policy-version --policy-arn \(ManualFixCommandTests.boundary) --set-as-default"))
            #expect(!result.stdout.contains("calling "))
        }
        #expect(try scenario.awsState().changeable == before.changeable)
        #expect(try scenario.requests().filter { ["iam:CreatePolicyVersion", "iam:PutRolePolicy"].contains($0.action) }.isEmpty)
    }

    @Test func applyWithASnapshotIsABadUsage() throws {
        let result = try BinaryRunner.run(["fix", "--snapshot", "fixtures/seed-private-dns-off", "--apply", "--yes"])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}

/// The parts of an apply record the tests read.
struct ApplyRecordFile {
    struct Step {
        var status: String
    }

    struct Created {
        var kind: String
        var id: String
    }

    let status: String
    let steps: [Step]
    let created: [Created]

    init(_ path: String) throws {
        let json = try JSONDecoder().decode(JSONValue.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
        status = json["status"]?.stringValue ?? ""
        let entries = json["steps"]?.arrayValue ?? []
        steps = entries.map { Step(status: $0["status"]?.stringValue ?? "") }
        created = entries.flatMap { $0["created"]?.arrayValue ?? [] }.map {
            Created(kind: $0["kind"]?.stringValue ?? "", id: $0["id"]?.stringValue ?? "")
        }
    }
}
