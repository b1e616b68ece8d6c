import AWSClient
import Foundation

/// Builds the fix of a VPC endpoint policy that does not allow a call the agent makes: the endpoint's whole policy
/// with its statements kept and one least-privilege statement per principal added (the execution role for calls
/// through an interface endpoint; any principal for ECR's pre-signed layer downloads through the S3 gateway
/// endpoint, which ECR signs).
struct EndpointPolicyFixBuilder {
    let context: DiagnosisContext
    let match: FindingMatch

    func allowInEndpointPolicy() -> Fix? {
        let denied = match.permissions.filter {
            $0.decision?.decision == .implicitDeny && $0.decidingLayers.contains(.endpointPolicy) && $0.endpointId != nil
        }
        var changes: [FixChange] = []
        var endpoints: [String] = []
        for endpointId in denied.compactMap(\.endpointId) where !endpoints.contains(endpointId) {
            endpoints.append(endpointId)
            guard let endpoint = context.facts.vpcEndpoints?.first(where: { $0.vpcEndpointId == endpointId }),
                  let text = endpoint.policyDocument,
                  let existing = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { continue }
            let verdicts = denied.filter { $0.endpointId == endpointId }
            let added = Self.statements(for: verdicts)
            changes.append(.endpointPolicy(endpoint: endpoint, document: Self.merged(existing, adding: added)))
        }
        guard !changes.isEmpty else { return nil }
        let actions = Array(Set(denied.map(\.call.action))).sorted()
        let document: JSONValue? = changes.count == 1 ? changes.first.flatMap { change in
            if case .endpointPolicy(_, let document) = change { return document }
            return nil
        } : nil
        return Fix(id: "allow-in-endpoint-policy",
                   summary: "Add to the policy of \(endpoints.joined(separator: ", ")) a statement allowing exactly \(actions.joined(separator: ", ")) on the resources the task uses (existing statements kept)",
                   changes: changes + (FixChange.restart(in: context).map { [$0] } ?? []), region: context.region, iamPolicy: document)
    }

    /// Least-privilege statements for the denied calls, each with the principal that makes them.
    static func statements(for verdicts: [PermissionVerdict]) -> [JSONValue] {
        let layers = verdicts.filter { $0.call.resource.contains("-starport-layer-bucket/") }
        let signed = verdicts.filter { !$0.call.resource.contains("-starport-layer-bucket/") }
        var statements: [JSONValue] = []
        if !layers.isEmpty {
            let resources = Array(Set(layers.map(\.call.grantResource))).sorted()
            statements.append(.object([
                "Sid": .string("EcsMedicEcrImageLayers"), "Effect": .string("Allow"), "Principal": .string("*"),
                "Action": .string("s3:GetObject"),
                "Resource": resources.count == 1 ? .string(resources[0]) : .array(resources.map(JSONValue.string)),
            ]))
        }
        for roleArn in Array(Set(signed.map(\.roleArn))).sorted() {
            let policy = IAMFixBuilder.policy(for: signed.filter { $0.roleArn == roleArn }.map(\.call))
            for statement in policy["Statement"]?.arrayValue ?? [] {
                guard var members = statement.objectValue else { continue }
                members["Principal"] = .object(["AWS": .string(roleArn)])
                statements.append(.object(members))
            }
        }
        return statements
    }

    /// The existing policy with the statements added that it does not already hold.
    static func merged(_ existing: JSONValue, adding added: [JSONValue]) -> JSONValue {
        var statements = existing["Statement"]?.arrayValue ?? existing["Statement"].map { [$0] } ?? []
        for statement in added where !statements.contains(statement) { statements.append(statement) }
        return .object(["Version": existing["Version"] ?? .string("2012-10-17"), "Statement": .array(statements)])
    }
}
