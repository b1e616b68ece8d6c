import AWSClient

/// Puts an inline policy named `ecs-medic-<purpose>` on a role. ecs-medic's statements carry Sids starting with
/// `EcsMedic`: an existing policy of that name is extended only when every statement carries that mark (ecs-medic
/// wrote it), else the step is refused, so a policy someone else wrote is never overwritten.
struct RolePolicyStep: ApplyStep {
    static let namePrefix = "ecs-medic-"
    static let sidPrefix = "EcsMedic"

    let role: String
    let name: String
    let document: JSONValue

    var summary: String { "put inline policy \(name) on role \(role)" }
    var existing: [ExistingResource] { [.role(role)] }

    private func existingDocument(_ aws: ApplyCaller) async throws -> JSONValue? {
        do {
            return try await aws.read(.iam, "GetRolePolicy", ["RoleName": .string(role), "PolicyName": .string(name)])["PolicyDocument"]
        } catch let error as AWSError where error.kind == .notFound {
            return nil
        }
    }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus {
        guard name.hasPrefix(Self.namePrefix) else {
            return .refused("inline policy \(name) is not named \(Self.namePrefix)<purpose>: ecs-medic only writes its own policies")
        }
        guard let existing = try await existingDocument(aws) else { return .needed }
        guard Self.isECSMedics(existing) else {
            return .refused("role \(role) already has an inline policy \(name) that ecs-medic did not write (a Sid without the \(Self.sidPrefix) prefix)")
        }
        return Self.statements(document).allSatisfy { Self.covered($0, by: existing) } ? .inPlace(created: []) : .needed
    }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        let previous = try await existingDocument(aws)
        let merged = previous.map { FixPlanner.combine($0, document) } ?? document
        guard try await aws.write(.iam, "PutRolePolicy", ["RoleName": .string(role), "PolicyName": .string(name),
                                                          "PolicyDocument": .string(FixNames.json(merged))]) != nil
        else { return [] }
        return [AppliedResource(kind: .rolePolicy, id: name, parent: role, previous: previous)]
    }

    static func isECSMedics(_ document: JSONValue) -> Bool {
        let statements = statements(document)
        return !statements.isEmpty && statements.allSatisfy { $0["Sid"]?.stringValue?.hasPrefix(sidPrefix) == true }
    }

    private static func statements(_ document: JSONValue) -> [JSONValue] {
        document["Statement"]?.arrayValue ?? document["Statement"].map { [$0] } ?? []
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        value?.stringValue.map { [$0] } ?? value?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Whether one statement of the existing document grants every action on every resource of `statement` with
    /// the same effect and condition.
    private static func covered(_ statement: JSONValue, by existing: JSONValue) -> Bool {
        statements(existing).contains { candidate in
            candidate["Effect"] == statement["Effect"] && candidate["Condition"] == statement["Condition"]
                && Set(strings(statement["Action"])).isSubset(of: strings(candidate["Action"]))
                && Set(strings(statement["Resource"])).isSubset(of: strings(candidate["Resource"]))
        }
    }
}
