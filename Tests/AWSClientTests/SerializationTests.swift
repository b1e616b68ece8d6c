@testable import AWSClient
import Foundation
import Testing

/// Request serialisation and endpoints against the wire formats the AWS API references document.
struct SerializationTests {
    func body(_ service: AWSServiceID, _ operation: String, _ input: JSONValue) throws -> String {
        let model = try ServiceModel.named(service)
        let request = try RequestSerializer(service: service, model: model)
            .request(try model.operation(operation, service: service), input: input, endpoint: "https://example.com")
        return String(decoding: request.body, as: UTF8.self)
    }

    /// EC2 API reference, DescribeSubnets example: `Filter.1.Name=vpc-id&Filter.1.Value.1=...&Filter.1.Value.2=...`.
    @Test func ec2FlattensListsWithCapitalisedLocationNames() throws {
        let text = try body(.ec2, "DescribeSubnets", ["Filters": [["Name": "vpc-id",
                                                                   "Values": ["vpc-1a2b3c4d", "vpc-6e7f8a92"]]]])
        #expect(text == "Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=vpc-id"
            + "&Filter.1.Value.1=vpc-1a2b3c4d&Filter.1.Value.2=vpc-6e7f8a92")
        let ids = try body(.ec2, "DescribeVpcEndpoints", ["VpcEndpointIds": ["vpce-1", "vpce-2"]])
        #expect(ids == "Action=DescribeVpcEndpoints&Version=2016-11-15&VpcEndpointId.1=vpce-1&VpcEndpointId.2=vpce-2")
    }

    /// Query protocol (RDS, IAM): non-flattened lists are `Name.member.N`; an empty list is `Name=`.
    @Test func queryListsUseMemberPrefixes() throws {
        let text = try body(.rds, "DescribeDBClusters", ["Filters": [["Name": "engine", "Values": ["aurora-postgresql"]]]])
        #expect(text == "Action=DescribeDBClusters&Version=2014-10-31&Filters.Filter.1.Name=engine"
            + "&Filters.Filter.1.Values.Value.1=aurora-postgresql")
        let empty = try body(.elbv2, "DescribeTargetGroups", ["Names": []])
        #expect(empty == "Action=DescribeTargetGroups&Version=2015-12-01&Names=")
    }

    @Test func jsonCarriesTheTargetHeader() throws {
        let model = try ServiceModel.named(.logs)
        let request = try RequestSerializer(service: .logs, model: model)
            .request(try model.operation("DescribeLogGroups", service: .logs),
                     input: ["logGroupNamePrefix": "/ecs/"], endpoint: "https://logs.eu-west-1.amazonaws.com")
        #expect(request.headers["X-Amz-Target"] == "Logs_20140328.DescribeLogGroups")
        #expect(request.headers["Content-Type"] == "application/x-amz-json-1.1")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"logGroupNamePrefix":"/ecs/"}"#)
    }

    /// Route 53 accepts `/hostedzone/Z1` as the CLI does and sends the bare id in the path.
    @Test func route53StripsTheIdPrefix() throws {
        let model = try ServiceModel.named(.route53)
        let request = try RequestSerializer(service: .route53, model: model)
            .request(try model.operation("GetHostedZone", service: .route53), input: ["Id": "/hostedzone/Z1D633PJN98FT9"],
                     endpoint: "https://route53.amazonaws.com")
        #expect(request.method == "GET")
        #expect(request.url == "https://route53.amazonaws.com/2013-04-01/hostedzone/Z1D633PJN98FT9")
    }

    @Test func secretReadingOperationsAreNotModelled() throws {
        for (service, operation) in [(AWSServiceID.secretsmanager, "GetSecretValue"), (.secretsmanager, "BatchGetSecretValue"),
                                     (.ssm, "GetParameter"), (.ssm, "GetParameters"), (.kms, "Decrypt")] {
            #expect(throws: AWSError.self) { try ServiceModel.named(service).operation(operation, service: service) }
        }
    }

    @Test func standardEndpoints() {
        let resolver = EndpointResolver(overrides: [:], defaultOverride: nil)
        #expect(resolver.endpoint(for: .ecr, region: "ap-northeast-2").url == "https://api.ecr.ap-northeast-2.amazonaws.com")
        #expect(resolver.endpoint(for: .elbv2, region: "eu-west-1").url
            == "https://elasticloadbalancing.eu-west-1.amazonaws.com")
        #expect(resolver.endpoint(for: .iam, region: "eu-west-1").url == "https://iam.amazonaws.com")
        #expect(resolver.endpoint(for: .iam, region: "eu-west-1").signingRegion == "us-east-1")
        #expect(resolver.endpoint(for: .ecs, region: "cn-north-1").url == "https://ecs.cn-north-1.amazonaws.com.cn")
        #expect(resolver.endpoint(for: .sts, region: "us-gov-west-1").url == "https://sts.us-gov-west-1.amazonaws.com")
        #expect(resolver.endpoint(for: .route53, region: "ap-south-1").url == "https://route53.amazonaws.com")
    }

    @Test func cliTimestamps() {
        #expect(Timestamp.cliString(epochSeconds: 1_700_000_000) == "2023-11-14T22:13:20+00:00")
        #expect(Timestamp.cliString(epochSeconds: 1_700_000_000.123) == "2023-11-14T22:13:20.123000+00:00")
        #expect(Timestamp.epochSeconds("2023-11-14T22:13:20.5Z") == 1_700_000_000.5)
        #expect(Timestamp.epochSeconds("2023-11-15T00:13:20+02:00") == 1_700_000_000)
        #expect(Timestamp.epochSeconds("yesterday") == nil)
    }
}
