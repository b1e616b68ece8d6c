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

    /// ECR's image reads (image-platform-mismatch): BatchGetImage of a pushed manifest, and GetDownloadUrlForLayer
    /// of its configuration blob, which moto lacks and the launcher answers as ECR does (MotoServer's launcher);
    /// a digest the repository's images do not reference is LayersNotFoundException.
    @Test func ecrImageReadsMatchTheCLI() async throws {
        let fixture = try MotoFixture(region: "ap-southeast-4")
        let client = fixture.client()
        let repository = "parity-\(UUID().uuidString.lowercased())"
        try fixture.cli(["ecr", "create-repository", "--repository-name", repository])
        let config = "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"
        let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7","size":1472},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:8d3ac3489996423f53d6087c81180006263b79f206d3fdec9e66f0e27ceb8759","size":3623807}]}"#
        try fixture.cli(["ecr", "put-image", "--repository-name", repository, "--image-tag", "1.4.2", "--image-manifest", manifest])
        let images = try await client.send(.ecr, "BatchGetImage", ["repositoryName": .string(repository),
                                                                    "imageIds": .array([.object(["imageTag": "1.4.2"])])])
        #expect(images["images"]?[0]?["imageManifest"]?.stringValue == manifest)
        #expect(images == (try fixture.cli(["ecr", "batch-get-image", "--repository-name", repository, "--image-ids", "imageTag=1.4.2"])))
        let url = try await client.send(.ecr, "GetDownloadUrlForLayer", ["repositoryName": .string(repository), "layerDigest": .string(config)])
        #expect(url["layerDigest"]?.stringValue == config)
        #expect(url["downloadUrl"]?.stringValue?.hasPrefix("https://prod-ap-southeast-4-starport-layer-bucket.s3.ap-southeast-4.amazonaws.com/") == true)
        #expect(url == (try fixture.cli(["ecr", "get-download-url-for-layer", "--repository-name", repository, "--layer-digest", config])))
        do {
            _ = try await client.send(.ecr, "GetDownloadUrlForLayer", ["repositoryName": .string(repository),
                                                                       "layerDigest": "sha256:0000000000000000000000000000000000000000000000000000000000000000"])
            Issue.record("a digest no image of the repository references got a download URL")
        } catch let error as AWSError {
            #expect(error.code == "LayersNotFoundException")
        }
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
