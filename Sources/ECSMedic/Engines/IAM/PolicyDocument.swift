import AWSClient
import Foundation

/// A parsed and compiled IAM policy document (identity, resource, boundary, SCP, RCP, session, endpoint or trust
/// policy), ready to be evaluated many times.
public struct PolicyDocument: Sendable, Hashable {
    /// How the caller named the policy (`identityPolicies[0]`, a file name, a policy ARN): used in error messages.
    public let name: String
    /// `2012-10-17` enables policy variables; `2008-10-17` (or no version) takes `${...}` literally.
    public let version: String?
    public let statements: [PolicyStatement]
    /// The statements grouped by the service of their actions.
    let actionIndex: ActionIndex

    /// Parses a policy from JSON text.
    public init(json: Data, name: String) throws(PolicyError) {
        let value: JSONValue
        do {
            let scanner = JSONScanner([UInt8](json))
            value = try scanner.value(try scanner.document())
        } catch {
            throw PolicyError(policy: name, statement: nil, sid: nil, field: nil, problem: error.problem)
        }
        try self.init(value: value, name: name)
    }

    /// Parses a policy from an already decoded JSON value; a JSON string holding the document (as some AWS APIs
    /// return it, possibly URL-encoded) is accepted too.
    public init(value: JSONValue, name: String) throws(PolicyError) {
        self = try PolicyParser.parse(value, name: name)
    }

    init(name: String, version: String?, statements: [PolicyStatement]) {
        self.name = name
        self.version = version
        self.statements = statements
        actionIndex = ActionIndex(statements)
    }
}
