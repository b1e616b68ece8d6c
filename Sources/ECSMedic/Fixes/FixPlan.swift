import AWSClient
import Foundation

/// The fixes of one diagnosis merged into one set of changes: shared changes once (one endpoint security group
/// rule, not three), one inline policy per role covering every missing action, one restart at the end.
public struct FixPlan: Sendable, Equatable {
    public var region: String
    /// The fix chosen for each finding, in report order.
    public var chosen: [Choice]
    public var changes: [FixChange]
    /// Whether applying every change to the facts in memory removed every finding it is for without a new one.
    public var verified: Bool

    /// One finding (by fingerprint) and the fix the plan takes for it.
    public struct Choice: Sendable, Equatable {
        public var fingerprint: String
        public var fix: Fix
    }

    /// The plan in one form, nil when the form does not apply (no IAM change for `iam-policy`).
    public func render(_ form: FixForm) -> String? {
        switch form {
        case .awsCli: return AWSCLIFixWriter(region: region).render(changes)
        case .terraform: return TerraformFixWriter().render(changes)
        case .cloudformation: return CloudFormationFixWriter().render(changes)
        case .iamPolicy:
            let documents = iamDocuments
            guard let first = documents.first else { return nil }
            return Self.pretty(documents.count == 1 ? first.document : .object(Dictionary(
                documents.map { ($0.key, $0.document) }, uniquingKeysWith: { first, _ in first })))
        }
    }

    /// Every IAM document the plan writes, keyed `ROLE/POLICY` (inline policies), `ROLE/trust` or `VPCE-ID/policy`
    /// (endpoint policies).
    public var iamDocuments: [(key: String, document: JSONValue)] {
        changes.compactMap { change in
            switch change {
            case .rolePolicy(let role, let name, let document): return ("\(role)/\(name)", document)
            case .trustPolicy(let role, let document): return ("\(role)/trust", document)
            case .endpointPolicy(let endpoint, let document): return ("\(endpoint.vpcEndpointId)/policy", document)
            default: return nil
            }
        }
    }

    static func pretty(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return ((try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }
}
