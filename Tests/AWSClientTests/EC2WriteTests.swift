import AWSClient
import Foundation
import Testing

/// The EC2 writes the fix applier makes, serialised from CLI-shaped input (nested lists of structures), checked by
/// reading the result back through the AWS CLI.
struct EC2WriteTests {
    @Test func fixApplierWritesLandAsTheCLIWouldMakeThem() async throws {
        let fixture = try MotoFixture(region: "ap-southeast-3")
        let client = fixture.client()
        let vpc = try await client.send(.ec2, "CreateVpc", ["CidrBlock": "10.9.0.0/16"])
        let vpcID = try #require(vpc["Vpc"]?["VpcId"]?.stringValue)
        let subnet = try await client.send(.ec2, "CreateSubnet", ["VpcId": .string(vpcID), "CidrBlock": "10.9.1.0/24"])
        let subnetID = try #require(subnet["Subnet"]?["SubnetId"]?.stringValue)
        let task = try await client.send(.ec2, "CreateSecurityGroup", [
            "GroupName": "task", "Description": "task", "VpcId": .string(vpcID)])
        let taskGroup = try #require(task["GroupId"]?.stringValue)
        let endpoint = try await client.send(.ec2, "CreateSecurityGroup", [
            "GroupName": "endpoint", "Description": "endpoint", "VpcId": .string(vpcID)])
        let endpointGroup = try #require(endpoint["GroupId"]?.stringValue)

        _ = try await client.send(.ec2, "AuthorizeSecurityGroupIngress", [
            "GroupId": .string(endpointGroup),
            "IpPermissions": [[
                "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                "UserIdGroupPairs": [["GroupId": .string(taskGroup), "Description": "from ECS tasks"]],
                "IpRanges": [["CidrIp": "10.9.0.0/16", "Description": "VPC"]],
            ]],
        ])
        let groups = try fixture.cli(["ec2", "describe-security-groups", "--group-ids", endpointGroup])
        let permission = try #require(groups["SecurityGroups"]?[0]?["IpPermissions"]?[0])
        #expect(permission["FromPort"] == 443)
        #expect(permission["UserIdGroupPairs"]?[0]?["GroupId"] == .string(taskGroup))
        #expect(permission["UserIdGroupPairs"]?[0]?["Description"] == "from ECS tasks")
        #expect(permission["IpRanges"] == [["CidrIp": "10.9.0.0/16", "Description": "VPC"]])

        _ = try await client.send(.ec2, "RevokeSecurityGroupIngress", [
            "GroupId": .string(endpointGroup),
            "IpPermissions": [["IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                               "IpRanges": [["CidrIp": "10.9.0.0/16"]]]],
        ])
        let revoked = try fixture.cli(["ec2", "describe-security-groups", "--group-ids", endpointGroup])
        #expect(revoked["SecurityGroups"]?[0]?["IpPermissions"]?[0]?["IpRanges"] == [])

        let created = try await client.send(.ec2, "CreateVpcEndpoint", [
            "VpcId": .string(vpcID), "ServiceName": "com.amazonaws.ap-southeast-3.secretsmanager",
            "VpcEndpointType": "Interface", "SubnetIds": [.string(subnetID)],
            "SecurityGroupIds": [.string(endpointGroup)], "PrivateDnsEnabled": true,
        ])
        let endpointID = try #require(created["VpcEndpoint"]?["VpcEndpointId"]?.stringValue)
        let endpoints = try fixture.cli(["ec2", "describe-vpc-endpoints", "--vpc-endpoint-ids", endpointID])
        #expect(endpoints["VpcEndpoints"]?[0]?["PrivateDnsEnabled"] == true)
        #expect(endpoints["VpcEndpoints"]?[0]?["SubnetIds"] == [.string(subnetID)])
        #expect(endpoints["VpcEndpoints"]?[0]?["Groups"]?[0]?["GroupId"] == .string(endpointGroup))

        _ = try await client.send(.ec2, "ModifyVpcAttribute", ["VpcId": .string(vpcID),
                                                               "EnableDnsHostnames": ["Value": true]])
        let hostnames = try fixture.cli(["ec2", "describe-vpc-attribute", "--vpc-id", vpcID,
                                         "--attribute", "enableDnsHostnames"])
        #expect(hostnames["EnableDnsHostnames"]?["Value"] == true)

        _ = try await client.send(.ec2, "CreateTags", ["Resources": [.string(vpcID)],
                                                       "Tags": [["Key": "ecs-medic", "Value": "fixed"]]])
        let tagged = try fixture.cli(["ec2", "describe-vpcs", "--vpc-ids", vpcID])
        #expect(tagged["Vpcs"]?[0]?["Tags"] == [["Key": "ecs-medic", "Value": "fixed"]])

        let deleted = try await client.send(.ec2, "DeleteVpcEndpoints", ["VpcEndpointIds": [.string(endpointID)]])
        #expect(deleted["Unsuccessful"] == [])
    }
}
