@testable import ECSMedic
import Testing

/// The planner takes each finding's smallest proven fix: a private path before a new internet path (AWS recommends
/// VPC endpoints for tasks in private subnets), then fewest resources created, then fewest changes.
@Suite struct SmallestFixTests {
    static let restart = FixChange.redeployService(region: "ap-northeast-2", cluster: "c", service: "s")
    static let nat = Fix(id: "route-through-nat", summary: "", changes: [
        .route(routeTableId: "rtb-1", destination: "0.0.0.0/0", natGatewayId: "nat-1", replacing: false), restart,
    ], region: "ap-northeast-2")
    static let endpoint = Fix(id: "add-interface-endpoint", summary: "", changes: [
        .endpointSecurityGroup(vpcId: "vpc-1", sources: ["sg-1"]),
        .interfaceEndpoint(vpcId: "vpc-1", serviceName: "com.amazonaws.ap-northeast-2.secretsmanager", subnets: ["subnet-1"], securityGroup: nil),
        restart,
    ], region: "ap-northeast-2")

    static func proven(_ fix: Fix, _ verified: Bool = true) -> Fix {
        var fix = fix
        fix.verified = verified
        return fix
    }

    @Test func aPrivateFixIsSmallerThanANewInternetPathWhateverTheOrder() {
        #expect(FixPlanner.smallest([Self.proven(Self.nat), Self.proven(Self.endpoint)])?.id == "add-interface-endpoint")
        #expect(FixPlanner.smallest([Self.proven(Self.endpoint), Self.proven(Self.nat)])?.id == "add-interface-endpoint")
    }

    @Test func aProvenFixWinsOverASmallerUnprovenOne() {
        #expect(FixPlanner.smallest([Self.proven(Self.endpoint, false), Self.proven(Self.nat)])?.id == "route-through-nat")
    }

    @Test func fewerCreatedResourcesWinThenTheRulesOrder() {
        let reuse = Fix(id: "add-interface-endpoint", summary: "", changes: [
            .interfaceEndpoint(vpcId: "vpc-1", serviceName: "com.amazonaws.ap-northeast-2.logs", subnets: ["subnet-1"], securityGroup: "sg-9"),
        ], region: "ap-northeast-2")
        #expect(FixPlanner.smallest([Self.proven(Self.endpoint), Self.proven(reuse)]) == Self.proven(reuse))
        let rule = Fix(id: "allow-task-egress", summary: "", changes: [
            .securityGroupRule(.init(direction: .egress, groupId: "sg-1", port: 443, peer: .cidr("0.0.0.0/0"))),
        ], region: "ap-northeast-2")
        var same = rule
        same.id = "other"
        #expect(FixPlanner.smallest([Self.proven(rule), Self.proven(same)])?.id == "allow-task-egress")
    }

    /// On every fixture whose findings offer both an endpoint and a NAT route, both proven, the endpoint is chosen.
    @Test func onFixturesTheEndpointIsChosenOverTheNATRoute() throws {
        var both = 0
        for diagnosis in FixtureFixes.all {
            for finding in diagnosis.result.findings {
                let ids = Set(finding.fixes.filter { $0.verified == true }.map(\.id))
                guard ids.isSuperset(of: ["add-interface-endpoint", "route-through-nat"]) else { continue }
                both += 1
                let choice = diagnosis.plan.chosen.first { $0.fingerprint == finding.fingerprint }
                #expect(choice?.fix.id == "add-interface-endpoint", "\(diagnosis.fixture)/\(finding.rule)")
            }
        }
        #expect(both >= 1, "a fixture offers both proven fixes")
    }
}
