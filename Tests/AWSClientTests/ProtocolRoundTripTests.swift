import AWSClient
import Foundation
import Testing

/// Each wire protocol against moto_server: the client's output must equal what the AWS CLI prints for the
/// same call (`--output json`), the shape the snapshot decoder reads.
struct ProtocolRoundTripTests {
    @Test func ec2CreatesAndDescribesVpcsLikeTheCLI() async throws {
        let fixture = try MotoFixture(region: "eu-west-3")
        let client = fixture.client()
        let created = try await client.send(.ec2, "CreateVpc", [
            "CidrBlock": "10.42.0.0/16",
            "TagSpecifications": [["ResourceType": "vpc", "Tags": [["Key": "Name", "Value": "medic"]]]],
        ])
        let vpcID = try #require(created["Vpc"]?["VpcId"]?.stringValue)
        #expect(vpcID.hasPrefix("vpc-"))
        #expect(created["Vpc"]?["CidrBlock"] == "10.42.0.0/16")

        let input: JSONValue = ["Filters": [["Name": "tag:Name", "Values": ["medic"]]]]
        let ours = try await client.send(.ec2, "DescribeVpcs", input)
        let theirs = try fixture.cli(["ec2", "describe-vpcs", "--filters", "Name=tag:Name,Values=medic"])
        #expect(ours == theirs)
        #expect(ours["Vpcs"]?.arrayValue?.count == 1)
        #expect(ours["Vpcs"]?[0]?["Tags"] == [["Key": "Name", "Value": "medic"]])

        let attribute = try await client.send(.ec2, "DescribeVpcAttribute",
                                              ["VpcId": .string(vpcID), "Attribute": "enableDnsSupport"])
        #expect(attribute["EnableDnsSupport"]?["Value"] == true)
        #expect(attribute == (try fixture.cli(["ec2", "describe-vpc-attribute", "--vpc-id", vpcID,
                                                "--attribute", "enableDnsSupport"])))

        _ = try await client.send(.ec2, "CreateSecurityGroup", [
            "GroupName": "medic-sg", "Description": "ecs-medic test", "VpcId": .string(vpcID),
        ])
        let groups: JSONValue = ["Filters": [["Name": "vpc-id", "Values": .array([.string(vpcID)])]]]
        let ourGroups = try await client.send(.ec2, "DescribeSecurityGroups", groups)
        #expect(ourGroups == (try fixture.cli(["ec2", "describe-security-groups", "--filters",
                                               "Name=vpc-id,Values=\(vpcID)"])))
        let names = ourGroups["SecurityGroups"]?.arrayValue?.compactMap { $0["GroupName"]?.stringValue }.sorted()
        #expect(names == ["default", "medic-sg"])
    }

    @Test func ec2ErrorsAreTyped() async throws {
        let client = try MotoFixture(region: "eu-west-3").client()
        let error = await #expect(throws: AWSError.self) {
            try await client.send(.ec2, "DescribeVpcs", ["VpcIds": ["vpc-00000000"]])
        }
        #expect(error?.kind == .notFound)
        #expect(error?.code == "InvalidVpcID.NotFound")
        #expect(error?.operation == "DescribeVpcs")
    }

    @Test func iamDecodesPolicyDocumentsLikeTheCLI() async throws {
        let fixture = try MotoFixture(region: "us-east-1")
        let client = fixture.client()
        let trust: JSONValue = ["Version": "2012-10-17", "Statement": [[
            "Effect": "Allow", "Principal": ["Service": "ecs-tasks.amazonaws.com"], "Action": "sts:AssumeRole",
        ]]]
        let inline: JSONValue = ["Version": "2012-10-17", "Statement": [[
            "Sid": "ReadSecret", "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"],
            "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
        ]]]
        _ = try await client.send(.iam, "CreateRole", [
            "RoleName": "medic-exec-role", "Path": "/medic/", "AssumeRolePolicyDocument": .string(try text(trust)),
        ])
        _ = try await client.send(.iam, "PutRolePolicy", [
            "RoleName": "medic-exec-role", "PolicyName": "read-db", "PolicyDocument": .string(try text(inline)),
        ])
        let rolePolicy = try await client.send(.iam, "GetRolePolicy",
                                               ["RoleName": "medic-exec-role", "PolicyName": "read-db"])
        #expect(rolePolicy["PolicyDocument"] == inline)
        #expect(rolePolicy == (try fixture.cli(["iam", "get-role-policy", "--role-name", "medic-exec-role",
                                            "--policy-name", "read-db"])))
        let role = try await client.send(.iam, "GetRole", ["RoleName": "medic-exec-role"])
        #expect(role["Role"]?["AssumeRolePolicyDocument"] == trust)
        #expect(role == (try fixture.cli(["iam", "get-role", "--role-name", "medic-exec-role"])))
        let listed = try await client.send(.iam, "ListRolePolicies", ["RoleName": "medic-exec-role"])
        #expect(listed["PolicyNames"] == ["read-db"])
        #expect(listed["IsTruncated"] == false)

        let managed = try fixture.cli(["iam", "create-policy", "--policy-name", "medic-managed",
                                       "--policy-document", try text(inline)])
        let policyARN = try #require(managed["Policy"]?["Arn"]?.stringValue)
        try fixture.cli(["iam", "attach-role-policy", "--role-name", "medic-exec-role", "--policy-arn", policyARN])
        let attached = try await client.send(.iam, "ListAttachedRolePolicies", ["RoleName": "medic-exec-role"])
        #expect(attached["AttachedPolicies"] == [["PolicyName": "medic-managed", "PolicyArn": .string(policyARN)]])
        #expect(attached == (try fixture.cli(["iam", "list-attached-role-policies", "--role-name", "medic-exec-role",
                                              "--no-paginate"])))
        let policy = try await client.send(.iam, "GetPolicy", ["PolicyArn": .string(policyARN)])
        #expect(policy == (try fixture.cli(["iam", "get-policy", "--policy-arn", policyARN])))
        let version = try await client.send(.iam, "GetPolicyVersion",
                                            ["PolicyArn": .string(policyARN), "VersionId": "v1"])
        #expect(version["PolicyVersion"]?["Document"] == inline)
        #expect(version == (try fixture.cli(["iam", "get-policy-version", "--policy-arn", policyARN,
                                             "--version-id", "v1"])))
    }

    @Test func stsGetCallerIdentityLikeTheCLI() async throws {
        let fixture = try MotoFixture(region: "ap-northeast-2")
        let identity = try await fixture.client().send(.sts, "GetCallerIdentity")
        #expect(identity["Account"] == "123456789012")
        #expect(identity == (try fixture.cli(["sts", "get-caller-identity"])))
    }

    @Test func ecsJSONLikeTheCLI() async throws {
        let fixture = try MotoFixture(region: "ap-southeast-2")
        try fixture.cli(["ecs", "create-cluster", "--cluster-name", "medic-cluster"])
        let client = fixture.client()
        let arns = try await client.send(.ecs, "ListClusters")
        #expect(arns == (try fixture.cli(["ecs", "list-clusters"])))
        let described = try await client.send(.ecs, "DescribeClusters", ["clusters": ["medic-cluster"]])
        #expect(described["clusters"]?[0]?["clusterName"] == "medic-cluster")
        #expect(described == (try fixture.cli(["ecs", "describe-clusters", "--clusters", "medic-cluster"])))
        try fixture.cli(["ecs", "register-task-definition", "--family", "medic-app", "--cpu", "256", "--memory", "512",
                         "--requires-compatibilities", "FARGATE", "--network-mode", "awsvpc", "--execution-role-arn",
                         "arn:aws:iam::123456789012:role/exec", "--container-definitions",
                         #"[{"name":"app","image":"nginx","essential":true,"secrets":[{"name":"DB","valueFrom":"arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:db"}]}]"#])
        let definition = try await client.send(.ecs, "DescribeTaskDefinition", ["taskDefinition": "medic-app"])
        #expect(definition["taskDefinition"]?["containerDefinitions"]?[0]?["secrets"]?[0]?["name"] == "DB")
        #expect(definition == (try fixture.cli(["ecs", "describe-task-definition", "--task-definition", "medic-app"])))
        try fixture.cli(["ecs", "create-service", "--cluster", "medic-cluster", "--service-name", "medic-svc",
                         "--task-definition", "medic-app", "--desired-count", "0"])
        let services = try await client.send(.ecs, "DescribeServices",
                                             ["cluster": "medic-cluster", "services": ["medic-svc"]])
        #expect(services["services"]?[0]?["serviceName"] == "medic-svc")
        // ECS sends epoch seconds with milliseconds; the CLI prints ISO 8601 with microseconds.
        let created = services["services"]?[0]?["deployments"]?[0]?["createdAt"]?.stringValue ?? ""
        #expect(created.hasSuffix("+00:00") && ["2026-01-01T00:00:00+00:00".count,
                                                "2026-01-01T00:00:00.123000+00:00".count].contains(created.count),
                "\(created)")
        #expect(services == (try fixture.cli(["ecs", "describe-services", "--cluster", "medic-cluster",
                                              "--services", "medic-svc"])))
        let error = await #expect(throws: AWSError.self) {
            try await client.send(.ecs, "DescribeServices", ["cluster": "no-such-cluster", "services": ["x"]])
        }
        #expect(error?.kind == .notFound)
        #expect(error?.code == "ClusterNotFoundException")
    }

    @Test func rdsQueryLikeTheCLI() async throws {
        let fixture = try MotoFixture(region: "eu-north-1")
        try fixture.cli(["rds", "create-db-cluster", "--db-cluster-identifier", "medic-db", "--engine",
                         "aurora-postgresql", "--master-username", "medic", "--master-user-password", "medic-pass-1"])
        let ours = try await fixture.client().send(.rds, "DescribeDBClusters", ["DBClusterIdentifier": "medic-db"])
        #expect(ours["DBClusters"]?[0]?["Engine"] == "aurora-postgresql")
        #expect(ours["DBClusters"]?[0]?["AvailabilityZones"]?.arrayValue?.count == 3)
        let theirs = try fixture.cli(["rds", "describe-db-clusters", "--db-cluster-identifier", "medic-db"])
        // moto computes LatestRestorableTime as "now" on every call.
        #expect(withoutLatestRestorableTime(ours) == withoutLatestRestorableTime(theirs))
    }

    @Test func route53RestXMLLikeTheCLI() async throws {
        let fixture = try MotoFixture(region: "ca-central-1")
        let client = fixture.client()
        let vpc = try await client.send(.ec2, "CreateVpc", ["CidrBlock": "10.7.0.0/16"])
        let vpcID = try #require(vpc["Vpc"]?["VpcId"]?.stringValue)
        let zone = try fixture.cli(["route53", "create-hosted-zone", "--name", "medic.internal",
                                    "--caller-reference", "medic-\(vpcID)", "--hosted-zone-config", "PrivateZone=true", "--vpc",
                                    "VPCRegion=ca-central-1,VPCId=\(vpcID)"])
        let zoneID = try #require(zone["HostedZone"]?["Id"]?.stringValue)
        let byVPC = try await client.send(.route53, "ListHostedZonesByVPC",
                                          ["VPCId": .string(vpcID), "VPCRegion": "ca-central-1"])
        #expect(byVPC["HostedZoneSummaries"]?[0]?["Name"] == "medic.internal.")
        #expect(byVPC == (try fixture.cli(["route53", "list-hosted-zones-by-vpc", "--vpc-id", vpcID,
                                           "--vpc-region", "ca-central-1"])))
        let ours = try await client.send(.route53, "GetHostedZone", ["Id": .string(zoneID)])
        #expect(ours["HostedZone"]?["Config"]?["PrivateZone"] == true)
        #expect(ours == (try fixture.cli(["route53", "get-hosted-zone", "--id", zoneID])))
        let change = "{\"Changes\":[{\"Action\":\"CREATE\",\"ResourceRecordSet\":{\"Name\":\"api.medic.internal\",\"Type\":\"A\","
            + "\"AliasTarget\":{\"HostedZoneId\":\"Z1HUB4ULH3ROC2\",\"DNSName\":\"vpce-0a9b8c7d6e5f40312-k3x9q2vd.secretsmanager.ca-central-1.vpce.amazonaws.com\","
            + "\"EvaluateTargetHealth\":false}}}]}"
        try fixture.cli(["route53", "change-resource-record-sets", "--hosted-zone-id", zoneID, "--change-batch", change])
        let records = try await client.send(.route53, "ListResourceRecordSets", ["HostedZoneId": .string(zoneID)])
        #expect(records["ResourceRecordSets"]?.arrayValue?.contains {
            $0["AliasTarget"]?["DNSName"]?.stringValue?.hasPrefix("vpce-0a9b8c7d6e5f40312-") == true
        } == true)
        #expect(records == (try fixture.cli(["route53", "list-resource-record-sets", "--hosted-zone-id", zoneID,
                                             "--no-paginate"])))
    }

    @Test func jsonServicesLikeTheCLI() async throws {
        let fixture = try MotoFixture(region: "sa-east-1")
        let client = fixture.client()
        try fixture.cli(["secretsmanager", "create-secret", "--name", "medic/db", "--secret-string", "hunter2"])
        let secrets = try await client.send(.secretsmanager, "DescribeSecret", ["SecretId": "medic/db"])
        #expect(secrets["Name"] == "medic/db")
        #expect(secrets == (try fixture.cli(["secretsmanager", "describe-secret", "--secret-id", "medic/db"])))
        try fixture.cli(["ssm", "put-parameter", "--name", "/medic/p", "--value", "v", "--type", "String"])
        let parameters = try await client.send(.ssm, "DescribeParameters")
        #expect(parameters == (try fixture.cli(["ssm", "describe-parameters"])))
        let key = try fixture.cli(["kms", "create-key", "--description", "medic"])
        let keyID = try #require(key["KeyMetadata"]?["KeyId"]?.stringValue)
        let described = try await client.send(.kms, "DescribeKey", ["KeyId": .string(keyID)])
        #expect(described == (try fixture.cli(["kms", "describe-key", "--key-id", keyID])))
        try fixture.cli(["ecr", "create-repository", "--repository-name", "medic/app"])
        let repositories = try await client.send(.ecr, "DescribeRepositories", ["repositoryNames": ["medic/app"]])
        #expect(repositories == (try fixture.cli(["ecr", "describe-repositories", "--repository-names",
                                                  "medic/app"])))
        let balancers = try await client.send(.elbv2, "DescribeLoadBalancers")
        #expect(balancers == (try fixture.cli(["elbv2", "describe-load-balancers"])))
    }

    @Test func organizationsLikeTheCLI() async throws {
        let fixture = try MotoFixture(region: "us-east-1")
        try fixture.cli(["organizations", "create-organization", "--feature-set", "ALL"])
        let client = fixture.client()
        let organization = try await client.send(.organizations, "DescribeOrganization")
        #expect(organization["Organization"]?["FeatureSet"] == "ALL")
        #expect(organization == (try fixture.cli(["organizations", "describe-organization"])))
        let roots = try await client.send(.organizations, "ListRoots")
        let rootID = try #require(roots["Roots"]?[0]?["Id"]?.stringValue)
        #expect(rootID.hasPrefix("r-"))
        #expect(roots == (try fixture.cli(["organizations", "list-roots", "--no-paginate"])))
        let policies = try await client.send(.organizations, "ListPoliciesForTarget",
                                             ["TargetId": .string(rootID), "Filter": "SERVICE_CONTROL_POLICY"])
        #expect(policies == (try fixture.cli(["organizations", "list-policies-for-target", "--target-id", rootID,
                                              "--filter", "SERVICE_CONTROL_POLICY", "--no-paginate"])))
        // What an organization audit reads: the accounts (timestamps as the CLI prints them) and an account's parents.
        let accounts = try await client.send(.organizations, "ListAccounts")
        let management = try #require(accounts["Accounts"]?[0]?["Id"]?.stringValue)
        #expect(accounts["Accounts"]?[0]?["Status"] == "ACTIVE")
        #expect(accounts == (try fixture.cli(["organizations", "list-accounts", "--no-paginate"])))
        let parents = try await client.send(.organizations, "ListParents", ["ChildId": .string(management)])
        #expect(parents["Parents"]?[0]?["Type"] == "ROOT")
        #expect(parents == (try fixture.cli(["organizations", "list-parents", "--child-id", management, "--no-paginate"])))
    }

    @Test func unknownParametersAreRejectedBeforeSending() async throws {
        let client = try MotoFixture(region: "us-east-2").client()
        let error = await #expect(throws: AWSError.self) {
            try await client.send(.ec2, "DescribeVpcs", ["VpcId": "vpc-1"])
        }
        #expect(error?.kind == .validation)
        #expect(error?.message.contains("VpcId") == true)
        await #expect(throws: AWSError.self) {
            try await client.send(.secretsmanager, "GetSecretValue", ["SecretId": "x"])
        }
    }

    private func withoutLatestRestorableTime(_ output: JSONValue) -> JSONValue {
        let clusters = (output["DBClusters"]?.arrayValue ?? []).map { cluster -> JSONValue in
            var members = cluster.objectValue ?? [:]
            members["LatestRestorableTime"] = nil
            return .object(members)
        }
        return ["DBClusters": .array(clusters)]
    }

    private func text(_ value: JSONValue) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}
