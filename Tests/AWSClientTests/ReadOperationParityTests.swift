import AWSClient
import Foundation
import Testing

/// Every read call the fact source makes, on moto's default VPC resources, returns exactly what
/// `aws <service> <command> --no-paginate --output json` prints. (IAM is global in moto and other tests change it
/// concurrently; its parity is checked in ProtocolRoundTripTests.)
struct ReadOperationParityTests {
    static let calls: [(AWSServiceID, String, [String])] = [
        (.ec2, "DescribeVpcs", ["ec2", "describe-vpcs"]),
        (.ec2, "DescribeSubnets", ["ec2", "describe-subnets"]),
        (.ec2, "DescribeRouteTables", ["ec2", "describe-route-tables"]),
        (.ec2, "DescribeSecurityGroups", ["ec2", "describe-security-groups"]),
        (.ec2, "DescribeNetworkAcls", ["ec2", "describe-network-acls"]),
        (.ec2, "DescribeInternetGateways", ["ec2", "describe-internet-gateways"]),
        (.ec2, "DescribeEgressOnlyInternetGateways", ["ec2", "describe-egress-only-internet-gateways"]),
        (.ec2, "DescribeNatGateways", ["ec2", "describe-nat-gateways"]),
        (.ec2, "DescribeDhcpOptions", ["ec2", "describe-dhcp-options"]),
        (.ec2, "DescribeVpcEndpoints", ["ec2", "describe-vpc-endpoints"]),
        (.ec2, "DescribeNetworkInterfaces", ["ec2", "describe-network-interfaces"]),
        (.ec2, "DescribeManagedPrefixLists", ["ec2", "describe-managed-prefix-lists"]),
        (.ec2, "DescribePrefixLists", ["ec2", "describe-prefix-lists"]),
        (.ec2, "DescribeInstances", ["ec2", "describe-instances"]),
        (.ec2, "DescribeRegions", ["ec2", "describe-regions"]),
        (.ecs, "ListClusters", ["ecs", "list-clusters"]),
        (.secretsmanager, "ListSecrets", ["secretsmanager", "list-secrets"]),
        (.ssm, "DescribeParameters", ["ssm", "describe-parameters"]),
        (.kms, "ListAliases", ["kms", "list-aliases"]),
        (.ecr, "DescribeRepositories", ["ecr", "describe-repositories"]),
        (.logs, "DescribeLogGroups", ["logs", "describe-log-groups"]),
        (.rds, "DescribeDBInstances", ["rds", "describe-db-instances"]),
        (.rds, "DescribeDBClusters", ["rds", "describe-db-clusters"]),
        (.elbv2, "DescribeTargetGroups", ["elbv2", "describe-target-groups"]),
        (.elbv2, "DescribeLoadBalancers", ["elbv2", "describe-load-balancers"]),
    ]

    @Test func readCallsMatchTheCLI() async throws {
        let fixture = try MotoFixture(region: "me-central-1")
        let client = fixture.client()
        let vpcs = try await client.send(.ec2, "DescribeVpcs")
        #expect(vpcs["Vpcs"]?[0]?["IsDefault"] == true)
        for (service, operation, command) in Self.calls {
            let ours = try await client.send(service, operation)
            let theirs = try fixture.cli(command + ["--no-paginate"])
            #expect(ours == theirs, "\(service.rawValue):\(operation)")
        }
        let prefixLists = try await client.send(.ec2, "DescribeManagedPrefixLists")
        let listID = try #require(prefixLists["PrefixLists"]?[0]?["PrefixListId"]?.stringValue)
        let entries = try await client.send(.ec2, "GetManagedPrefixListEntries", ["PrefixListId": .string(listID)])
        #expect(entries == (try fixture.cli(["ec2", "get-managed-prefix-list-entries", "--prefix-list-id", listID,
                                             "--no-paginate"])))
    }

    /// EFS is rest-json: `GET /2015-02-01/mount-targets?FileSystemId=...` and
    /// `GET /2015-02-01/mount-targets/{MountTargetId}/security-groups`, answered in JSON.
    @Test func efsMountTargetsMatchTheCLI() async throws {
        let fixture = try MotoFixture(region: "eu-south-2")
        let client = fixture.client()
        let subnet = try #require(try await client.send(.ec2, "DescribeSubnets")["Subnets"]?[0]?["SubnetId"]?.stringValue)
        let fileSystem = try #require(try fixture.cli(["efs", "create-file-system", "--creation-token", "parity-\(UUID().uuidString)"])["FileSystemId"]?.stringValue)
        let group = try #require(try await client.send(.ec2, "DescribeSecurityGroups")["SecurityGroups"]?[0]?["GroupId"]?.stringValue)
        let target = try #require(try fixture.cli(["efs", "create-mount-target", "--file-system-id", fileSystem,
                                                   "--subnet-id", subnet, "--security-groups", group])["MountTargetId"]?.stringValue)
        let ours = try await client.send(.efs, "DescribeMountTargets", ["FileSystemId": .string(fileSystem)])
        #expect(ours["MountTargets"]?[0]?["MountTargetId"]?.stringValue == target)
        #expect(ours == (try fixture.cli(["efs", "describe-mount-targets", "--file-system-id", fileSystem, "--no-paginate"])))
        let groups = try await client.send(.efs, "DescribeMountTargetSecurityGroups", ["MountTargetId": .string(target)])
        #expect(groups["SecurityGroups"] == [.string(group)])
        #expect(groups == (try fixture.cli(["efs", "describe-mount-target-security-groups", "--mount-target-id", target])))
        do {
            _ = try await client.send(.efs, "DescribeMountTargets", ["FileSystemId": "fs-00000000"])
            Issue.record("a file system that does not exist was described")
        } catch let error as AWSError {
            #expect(error.code == "FileSystemNotFound")
        }
    }
}
