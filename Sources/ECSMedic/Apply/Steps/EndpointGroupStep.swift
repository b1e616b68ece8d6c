import AWSClient

/// Creates the security group interface endpoints of a VPC use (`ecs-medic-vpce-https`); its 443 ingress rules
/// are separate `SecurityGroupRuleStep`s so that each rule is recorded and undone by its own id.
struct EndpointGroupStep: ApplyStep {
    static let groupName = "ecs-medic-vpce-https"

    let vpcId: String

    var summary: String { "create security group \(Self.groupName) in \(vpcId) for interface endpoints" }
    var existing: [ExistingResource] { [.ec2(vpcId)] }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus {
        let found = try await aws.read(.ec2, "DescribeSecurityGroups", ["Filters": [
            ["Name": "vpc-id", "Values": [.string(vpcId)]], ["Name": "group-name", "Values": [.string(Self.groupName)]]]])
        guard let group = found["SecurityGroups"]?[0], let id = group["GroupId"]?.stringValue else { return .needed }
        state.endpointGroups[vpcId] = id
        let mine = ApplyCaller.createdByECSMedic(group["Tags"])
        return .inPlace(created: mine ? [AppliedResource(kind: .securityGroup, id: id, parent: vpcId)] : [])
    }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        let response = try await aws.write(.ec2, "CreateSecurityGroup", [
            "GroupName": .string(Self.groupName), "Description": "HTTPS from ECS tasks to VPC endpoints",
            "VpcId": .string(vpcId), "TagSpecifications": ApplyCaller.tagSpecifications("security-group")])
        guard let response else { return [] }
        guard let id = response["GroupId"]?.stringValue else { throw ApplyError("CreateSecurityGroup returned no GroupId") }
        state.endpointGroups[vpcId] = id
        return [AppliedResource(kind: .securityGroup, id: id, parent: vpcId)]
    }
}
