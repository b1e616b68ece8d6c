import AWSClient
@testable import ECSMedic
import Foundation
import Testing

/// The operation catalog is the one list: what the decoder reads is what the live collection calls, what
/// `ecs-medic policy` allows and what `snapshot commands` prints, with the file names the folder reader reads.
@Suite struct OperationCatalogTests {
    @Test func theCLINamesAreTheAWSCLIs() {
        #expect(OperationCatalog.describeDBClusters.cliCommand == "rds describe-db-clusters")
        #expect(OperationCatalog.listHostedZonesByVPC.cliCommand == "route53 list-hosted-zones-by-vpc")
        #expect(OperationCatalog.describeMountTargetSecurityGroups.fileName(label: "fsmt-1")
            == "efs-describe-mount-target-security-groups--fsmt-1.json")
        #expect(OperationCatalog.describeDhcpOptions.fileBase == "ec2-describe-dhcp-options")
        #expect(OperationCatalog.getCallerIdentity.fileName() == "sts-get-caller-identity.json")
        #expect(OperationCatalog.describeMountTargets.permission == "elasticfilesystem:DescribeMountTargets")
        #expect(OperationCatalog.describeLoadBalancers.permission == "elasticloadbalancing:DescribeLoadBalancers")
    }

    @Test func everyOperationIsDeclaredOnce() {
        let names = OperationCatalog.all.map(\.description)
        #expect(Set(names).count == names.count)
        #expect(Set(OperationCatalog.all.map(\.fileBase)).count == names.count)
    }

    @Test func theReadOnlyPolicyAllowsExactlyTheCatalog() {
        let expected = Set(OperationCatalog.all.filter { $0.service != .sts }.map(\.permission))
        #expect(Set(ReadOnlyPolicy.actions) == expected)
        #expect(ReadOnlyPolicy.actions.contains("kms:ListAliases"))
        #expect(ReadOnlyPolicy.actions.contains("elasticfilesystem:DescribeMountTargetSecurityGroups"))
        for action in ["logs:GetLogEvents", "cloudwatch:GetMetricData", "elasticloadbalancing:DescribeTargetHealth",
                       "elasticloadbalancing:DescribeTargetGroups", "ecs:DescribeClusters"] {
            #expect(ReadOnlyPolicy.actions.contains(action), "\(action)")
        }
        #expect(!ReadOnlyPolicy.actions.contains { $0.hasSuffix("GetSecretValue") || $0 == "kms:Decrypt" || $0 == "ssm:GetParameters" })
    }

    /// Each operation the script collects is printed as `call "<file the decoder reads>" <service> <operation>`.
    @Test(arguments: OperationCatalog.all.filter { $0.collection != .liveOnly })
    func snapshotCommandsPrintTheFileTheDecoderReads(_ operation: AWSOperation) throws {
        let script = SnapshotCommands(cluster: "c", service: "s", region: nil).script
        let lines = script.split(separator: "\n").filter {
            $0.contains("call \"\(operation.fileBase).json\"") || $0.contains("call \"\(operation.fileBase)--$(label ")
        }
        #expect(!lines.isEmpty, "\(operation) is not printed")
        for line in lines {
            #expect(line.contains("\" \(operation.cliCommand)"), "\(line)")
        }
        #expect(OperationCatalog.operation(service: operation.service.rawValue, named: operation.cliName) == operation)
    }

    /// The planner's rounds, over the facts of fixtures that hold every kind of resource, call every operation a
    /// live run collects after the target's ECS calls (which every live test makes).
    @Test func theLiveRoundsCallEveryOperationTheDecoderReads() throws {
        var planned: Set<AWSOperation> = []
        for name in ["net-efs-mounted", "net-lb-health-check-blocked", "perm-cmk-without-decrypt", "net-phz-own-endpoint",
                     "perm-boundary-without-secretsmanager", "seed-ssm-no-endpoint"] {
            let calls = try Snapshot.load(from: FixtureLibrary.path(name)).calls + Self.ec2LaunchTypeAndCustomerPrefixList
            let facts = try FactsDecoder().facts(from: Snapshot(calls: calls))
            let definitions = facts.taskDefinitions ?? []
            let planner = RoundPlanner(taskDefinitions: [], capacity: ["c": ["demo-ec2-capacity"]])
            let instances = ["c": (facts.containerInstances ?? []).map(\.containerInstanceArn)]
            let afterStart = AfterStartPlanner(logs: .standard)
            let (service, task) = try Diagnoser.select(TargetSelector(), in: facts)
            let rounds = planner.roundThree(definitions, subnets: (facts.subnets ?? []).map(\.subnetId), containerInstances: instances,
                                            targetGroups: (facts.targetGroups ?? []).map(\.targetGroupArn), serviceLinkedRoleShown: false)
                + planner.roundFour(facts) + planner.roundFive(facts, definitions)
                + afterStart.roundTwo(clusters: ["c"], services: facts.services ?? [])
                + afterStart.roundThree(facts, targets: [(service, task)], now: 1_796_292_000).map(\.call)
            planned.formUnion(rounds.map(\.operation))
        }
        // Made before the rounds, for the target itself (every live test makes them).
        let ecsTargets: Set<AWSOperation> = [OperationCatalog.getCallerIdentity, OperationCatalog.describeServices,
                                             OperationCatalog.listTasks, OperationCatalog.describeTasks,
                                             OperationCatalog.describeTaskDefinition]
        let missing = Set(OperationCatalog.all.filter { $0.collection == .liveAndScript }).subtracting(planned).subtracting(ecsTargets)
        #expect(missing.map(\.description).sorted() == [])
        #expect(planned.allSatisfy { $0.collection == .liveAndScript }, "the rounds call only catalogued live operations")
    }

    /// A container instance (EC2 launch type) of a cluster listing one more, a capacity provider with its Auto
    /// Scaling group, and a security group rule naming a customer managed prefix list.
    static let ec2LaunchTypeAndCustomerPrefixList: [SnapshotCall] = [
        SnapshotCall(service: "ecs", operation: "DescribeContainerInstances", response: [
            "containerInstances": [["containerInstanceArn": "arn:aws:ecs:ap-northeast-2:111122223333:container-instance/c/1",
                                    "ec2InstanceId": "i-0123456789abcdef0"]],
        ], origin: "test"),
        SnapshotCall(service: "ecs", operation: "ListContainerInstances", response: [
            "containerInstanceArns": ["arn:aws:ecs:ap-northeast-2:111122223333:container-instance/c/1",
                                      "arn:aws:ecs:ap-northeast-2:111122223333:container-instance/c/2"],
        ], origin: "test"),
        SnapshotCall(service: "ecs", operation: "DescribeCapacityProviders", response: [
            "capacityProviders": [["name": "demo-ec2-capacity", "autoScalingGroupProvider": [
                "autoScalingGroupArn": "arn:aws:autoscaling:ap-northeast-2:111122223333:autoScalingGroup:49928b9b-51fd-4274-ad33-65823eb60075:autoScalingGroupName/demo-ecs-instances"]]],
        ], origin: "test"),
        SnapshotCall(service: "ec2", operation: "DescribeSecurityGroups", response: [
            "SecurityGroups": [["GroupId": "sg-0aaaaaaaaaaaaaaa1", "GroupName": "pl", "VpcId": "vpc-0aaaaaaaaaaaaaaa1",
                                "IpPermissions": [], "IpPermissionsEgress": [["IpProtocol": "-1",
                                                                               "PrefixListIds": [["PrefixListId": "pl-0customer"]]]]]],
        ], origin: "test"),
    ]

    @Test(arguments: ["prod/db/password", "rds!cluster-1a2b", "arn:aws:kms:us-east-1:111122223333:alias/orders", "a b#c%d\\e", "plain-name_1.2"])
    func aFolderLabelRoundTrips(_ subject: String) {
        let label = FolderLabel.encode(subject)
        #expect(!label.contains("/") && !label.contains(":") && !label.contains(" "))
        #expect(FolderLabel.decode(label) == subject)
    }

    @Test func aSecretWhoseNameHasASlashIsReadFromItsEncodedLabel() throws {
        let scratch = try SnapshotTests.Scratch()
        _ = try scratch.write(OperationCatalog.listRolePolicies.fileName(label: "team/exec-role"), #"{"PolicyNames": ["read"]}"#)
        #expect(OperationCatalog.listRolePolicies.fileName(label: "team/exec-role") == "iam-list-role-policies--team%2Fexec-role.json")
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: scratch.url.path))
        #expect(facts.iam.inlinePolicyNames == ["team/exec-role": ["read"]])
    }

    @Test func aFileRecordingAnErrorIsUnverifiedWithItsPermission() throws {
        let scratch = try SnapshotTests.Scratch()
        _ = try scratch.write("ec2-describe-vpc-endpoints.json",
                              #"{"Error": {"Code": "UnauthorizedOperation", "Message": "You are not authorized to perform this operation."}}"#)
        _ = try scratch.write("secretsmanager-describe-secret--prod%2Fdb.json", #"{"Error": {"Code": "ResourceNotFoundException", "Message": "no"}}"#)
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: scratch.url.path))
        #expect(facts.vpcEndpoints == nil)
        #expect(facts.unverified.map(\.permission) == ["ec2:DescribeVpcEndpoints"])
        #expect(facts.unverified.map(\.reason) == ["UnauthorizedOperation"])
        #expect(facts.notFound == ["prod/db"])
    }

    @Test func filesNamingNoOperationAreListedWithTheNameExpected() throws {
        let scratch = try SnapshotTests.Scratch()
        _ = try scratch.write("ec2-describe-vpc-attribute-enable-dns-support.json", #"{"VpcId": "vpc-1", "EnableDnsSupport": {"Value": true}}"#)
        _ = try scratch.write("ec2-describe-route-table.json", #"{"RouteTables": []}"#)
        _ = try scratch.write("iam-get-role-polcy--exec--read.json", #"{}"#)
        _ = try scratch.write("ec2-describe-subnets.json", #"{"Subnets": []}"#)
        let snapshot = try Snapshot.load(from: scratch.url.path)
        #expect(snapshot.unreadFiles == [
            UnreadFile(file: "ec2-describe-route-table.json", expected: "ec2-describe-route-tables.json"),
            UnreadFile(file: "ec2-describe-vpc-attribute-enable-dns-support.json",
                       expected: "ec2-describe-vpc-attribute--enable-dns-support.json"),
            UnreadFile(file: "iam-get-role-polcy--exec--read.json", expected: "iam-get-role-policy--exec--read.json"),
        ])
    }

    @Test func aFileFormCallOfNoOperationIsListedToo() {
        let snapshot = Snapshot(calls: [SnapshotCall(service: "ec2", operation: "DescribeVpcAttributes", response: [:],
                                                     origin: "snap.json: calls[0]")])
        #expect(snapshot.unreadFiles == [UnreadFile(file: "snap.json: calls[0]", expected: "ec2 DescribeVpcAttribute")])
    }
}
