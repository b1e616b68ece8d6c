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
}
