import AWSClient

/// An IAM role as `aws iam get-role` prints it (the `Role` member), trust policy decoded.
public struct IAMRole: Sendable, Decodable, Equatable {
    public var roleName: String
    public var arn: String
    public var assumeRolePolicyDocument: JSONValue?
    public var permissionsBoundary: Boundary?

    public struct Boundary: Sendable, Decodable, Equatable {
        public var permissionsBoundaryArn: String?
    }
}

/// A managed policy attached to a role (`aws iam list-attached-role-policies`).
public struct AttachedPolicy: Sendable, Decodable, Equatable, Hashable {
    public var policyName: String
    public var policyArn: String
}

/// A managed policy as `aws iam get-policy` prints it (the `Policy` member).
public struct ManagedPolicy: Sendable, Decodable, Equatable {
    public var policyName: String
    public var arn: String
    public var defaultVersionId: String?
}

/// A KMS key's metadata as `aws kms describe-key` prints it (the `KeyMetadata` member).
public struct KMSKey: Sendable, Decodable, Equatable {
    public var keyId: String
    public var arn: String
    /// `AWS` for AWS managed keys (`aws/secretsmanager`), `CUSTOMER` for customer managed keys.
    public var keyManager: String?

    public var isCustomerManaged: Bool { keyManager?.uppercased() == "CUSTOMER" }
}

/// The IAM side of the facts: roles with their inline and attached policies, managed policy documents, secrets'
/// resource policies and KMS keys with their key policies. A missing entry means the call was not made (unknown).
public struct IAMFacts: Sendable {
    public var roles: [IAMRole] = [] {
        didSet { (roleByArn, roleByName) = (ListIndex(), ListIndex()) }
    }
    /// Inline policy names by role name (`list-role-policies`).
    public var inlinePolicyNames: [String: [String]] = [:]
    /// Inline policy documents by role name, then policy name (`get-role-policy`).
    public var inlinePolicies: [String: [String: JSONValue]] = [:]
    /// Attached managed policies by role name (`list-attached-role-policies`).
    public var attachedPolicies: [String: [AttachedPolicy]] = [:]
    public var managedPolicies: [ManagedPolicy] = []
    /// Default-version documents by policy ARN or, in folder snapshots, by policy name (`get-policy-version`).
    public var policyDocuments: [String: JSONValue] = [:]
    /// Resource policies by secret name or ARN; the value is nil when the secret has none (`get-resource-policy`).
    public var secretPolicies: [String: JSONValue?] = [:]
    public var kmsKeys: [KMSKey] = []
    /// Key policies by key id, ARN or alias as requested (`get-key-policy`).
    public var keyPolicies: [String: JSONValue] = [:]
    /// The key id each alias (`alias/orders`) names: from `describe-key` asked with the alias, and from
    /// `list-aliases`.
    public var keyAliases: [String: String] = [:]

    private var roleByArn = ListIndex(), roleByName = ListIndex()

    public init() {}

    /// The role with this ARN, else the role named by its last path segment.
    public func role(arn: String) -> IAMRole? {
        if let index = roleByArn.position(of: arn, in: roles, keys: { [$0.arn] }) { return roles[index] }
        guard let name = arn.split(separator: "/").last.map(String.init) else { return nil }
        return roleByName.position(of: name, in: roles, keys: { [$0.roleName] }).map { roles[$0] }
    }

    /// Whether a role of this name was read.
    public func hasRole(named name: String) -> Bool {
        roleByName.position(of: name, in: roles, keys: { [$0.roleName] }) != nil
    }

    /// The default-version document of a managed policy, by ARN (or by the name a folder snapshot used).
    public func document(ofManagedPolicy arn: String) -> JSONValue? {
        if let document = policyDocuments[arn] { return document }
        let name = managedPolicies.first { $0.arn == arn }?.policyName ?? arn.split(separator: "/").last.map(String.init) ?? arn
        return policyDocuments[name]
    }

    /// The KMS key with this id or ARN, or the key an alias or alias ARN names (`alias/orders`,
    /// `arn:aws:kms:...:alias/orders`), as a secret's `KmsKeyId` or a parameter's `KeyId` may say.
    public func key(_ reference: String) -> KMSKey? {
        let target = Self.aliasName(reference).flatMap { keyAliases[$0] } ?? reference
        return kmsKeys.first { $0.keyId == target || $0.arn == target || target.hasSuffix("/" + $0.keyId) }
    }

    /// `alias/orders` for an alias or alias ARN; nil for a key id or key ARN.
    static func aliasName(_ reference: String) -> String? {
        if reference.hasPrefix("alias/") { return reference }
        guard reference.hasPrefix("arn:"), let range = reference.range(of: ":alias/") else { return nil }
        return String(reference[reference.index(after: range.lowerBound)...])
    }

    /// The key policy of a key, looked up by any of its names.
    public func keyPolicy(of key: KMSKey) -> JSONValue? {
        keyPolicies[key.keyId] ?? keyPolicies[key.arn]
    }
}
