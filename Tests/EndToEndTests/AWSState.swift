import AWSClient
import Foundation

/// The describe outputs `scripts/aws-state.py` read with boto3: what `fix --apply` may change, to compare
/// before and after and to check applied changes independently of ecs-medic's own collection.
struct AWSState {
    let json: JSONValue

    init(_ data: Data) throws {
        json = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The EC2, IAM and Logs sections (ECS is left out: a redeploy adds a deployment), as comparable values.
    var changeable: JSONValue {
        .object(["ec2": json["ec2"] ?? .null, "iam": json["iam"] ?? .null, "logs": json["logs"] ?? .null])
    }

    var endpoints: [JSONValue] { json["ec2"]?["vpcEndpoints"]?.arrayValue ?? [] }
    var securityGroups: [JSONValue] { json["ec2"]?["securityGroups"]?["SecurityGroups"]?.arrayValue ?? [] }

    func endpoint(service: String) -> [JSONValue] {
        endpoints.filter { $0["ServiceName"]?.stringValue == service }
    }

    func group(_ id: String) -> JSONValue? {
        securityGroups.first { $0["GroupId"]?.stringValue == id }
    }

    func vpcAttribute(_ vpc: String, _ name: String) -> Bool? {
        let member = name.prefix(1).uppercased() + name.dropFirst()
        return json["ec2"]?["vpcAttributes"]?["\(vpc)/\(name)"]?[member]?["Value"]?.boolValue
    }

    func inlinePolicies(_ role: String) -> [String: JSONValue] {
        json["iam"]?[role]?["inline"]?.objectValue ?? [:]
    }

    func logGroup(_ name: String) -> JSONValue? { json["logs"]?[name] }

    /// The scenario's service and its task definition.
    func service(_ name: String) -> JSONValue? { json["ecs"]?[name]?["service"] }
    func taskDefinition(_ service: String) -> JSONValue? { json["ecs"]?[service]?["taskDefinition"] }

    /// The service's awsvpc subnets and security groups.
    func placement(_ service: String) -> (subnets: Set<String>, groups: Set<String>) {
        let config = self.service(service)?["networkConfiguration"]?["awsvpcConfiguration"]
        return (Set(config?["subnets"]?.arrayValue?.compactMap(\.stringValue) ?? []),
                Set(config?["securityGroups"]?.arrayValue?.compactMap(\.stringValue) ?? []))
    }

    /// Whether the group admits (ingress) or allows out (egress) TCP `port` from / to the group `peer`.
    func allows(_ group: JSONValue?, ingress: Bool, port: Int, group peer: String) -> Bool {
        (group?[ingress ? "IpPermissions" : "IpPermissionsEgress"]?.arrayValue ?? []).contains { permission in
            let all = permission["IpProtocol"]?.stringValue == "-1"
            let covers = permission["IpProtocol"]?.stringValue == "tcp"
                && (permission["FromPort"]?.numberValue ?? 99999) <= Double(port) && Double(port) <= (permission["ToPort"]?.numberValue ?? -1)
            return (all || covers) && (permission["UserIdGroupPairs"]?.arrayValue ?? []).contains { $0["GroupId"]?.stringValue == peer }
        }
    }

    static func tagged(_ tags: JSONValue?) -> Bool {
        (tags?.arrayValue ?? []).contains { $0["Key"] == "created-by" && $0["Value"] == "ecs-medic" }
    }
}
