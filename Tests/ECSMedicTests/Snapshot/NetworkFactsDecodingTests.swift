import AWSClient
@testable import ECSMedic
import Foundation
import Testing

/// The network facts added for reachability, decoded from the AWS CLI's JSON as `aws ... --output json` prints it.
@Suite struct NetworkFactsDecodingTests {
    static func facts(_ calls: [(String, String, String?, String)]) throws -> Facts {
        let snapshot = Snapshot(region: "ap-northeast-2", account: "111122223333", calls: try calls.map { service, operation, label, json in
            SnapshotCall(service: service, operation: operation,
                         request: label.map { .object(["label": .string($0)]) },
                         response: try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)), origin: "test")
        })
        return try FactsDecoder().facts(from: snapshot)
    }

    @Test func managedPrefixListEntriesAreKeyedByTheirLabel() throws {
        let facts = try Self.facts([("ec2", "get-managed-prefix-list-entries", "pl-0a1b2c3d4e5f60718", """
            {"Entries": [{"Cidr": "10.20.0.0/16", "Description": "corp"}, {"Cidr": "192.168.10.0/24"}]}
            """)])
        #expect(facts.managedPrefixListEntries["pl-0a1b2c3d4e5f60718"] == ["10.20.0.0/16", "192.168.10.0/24"])
    }

    @Test func loadBalancersAndTargetGroupsDecode() throws {
        let facts = try Self.facts([
            ("elbv2", "describe-load-balancers", nil, """
            {"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:loadbalancer/app/demo-alb/ef653751ecd4d9a6",
              "LoadBalancerName": "demo-alb", "Type": "application", "VpcId": "vpc-063d06efffe55a239",
              "SecurityGroups": ["sg-0167752cbea561129"],
              "AvailabilityZones": [{"ZoneName": "ap-northeast-2a", "SubnetId": "subnet-0c6ac9b1d2bc1a515", "LoadBalancerAddresses": []}]}]}
            """),
            ("elbv2", "describe-target-groups", nil, """
            {"TargetGroups": [{"TargetGroupArn": "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/demo-app-tg/e000988b726de35b",
              "TargetGroupName": "demo-app-tg", "Protocol": "HTTP", "Port": 8080, "HealthCheckPort": "traffic-port", "TargetType": "ip",
              "LoadBalancerArns": ["arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:loadbalancer/app/demo-alb/ef653751ecd4d9a6"]}]}
            """),
        ])
        #expect(facts.loadBalancers?.first?.securityGroups == ["sg-0167752cbea561129"])
        #expect(facts.loadBalancers?.first?.availabilityZones?.first?.subnetId == "subnet-0c6ac9b1d2bc1a515")
        let group = try #require(facts.targetGroups?.first)
        #expect(LoadBalancerResolver.healthCheckPort(group, containerPort: 8080) == 8080)
        var fixedPort = group
        fixedPort.healthCheckPort = "8081"
        #expect(LoadBalancerResolver.healthCheckPort(fixedPort, containerPort: 8080) == 8081)
    }

    @Test func aTaskDefinitionsRuntimePlatformDecodes() throws {
        let definition: TaskDefinition = try FactsTestDecoding.decode("""
            {"containerDefinitions": [], "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2019_CORE", "cpuArchitecture": "X86_64"}}
            """)
        #expect(definition.runtimePlatform?.operatingSystemFamily == "WINDOWS_SERVER_2019_CORE")
    }
}
