/// One request to decide: who calls which action on which resource, with which context, under which policies.
/// A layer that is nil (or an empty list of levels) does not apply.
public struct AuthorizationRequest: Sendable {
    /// An IAM role, user, assumed-role session, federated user or account root ARN, a service principal
    /// (`ecs-tasks.amazonaws.com`), a federated identity provider, or nil for an anonymous (unsigned) request.
    public var principal: String?
    public var action: String
    public var resource: String
    /// The resource owner's account; nil means the resource ARN's account (or, without one, the principal's).
    public var resourceAccount: String?
    /// Condition context: keys are case-insensitive; single values are one-element lists.
    public var context: [String: [String]]
    public var identityPolicies: [PolicyDocument]
    public var resourcePolicy: PolicyDocument?
    public var permissionsBoundary: PolicyDocument?
    public var serviceControlPolicies: [PolicyLevel]
    public var resourceControlPolicies: [PolicyLevel]
    public var sessionPolicy: PolicyDocument?
    public var endpointPolicy: PolicyDocument?
    /// The principal is a service-linked role (also recognised by its `/aws-service-role/` path or
    /// `AWSServiceRoleFor` name): SCPs and RCPs do not restrict it.
    public var serviceLinkedRole: Bool
    /// The organization's management account: SCPs do not restrict its principals, RCPs do not restrict its resources.
    public var managementAccount: String?
    /// The resource is created and managed by AWS (an AWS managed KMS key; AWS managed policies, service-linked and
    /// reserved roles and `alias/aws/*` aliases are recognised by their ARNs): nobody may change it, RCPs do not apply.
    public var awsManagedResource: Bool

    public init(principal: String?, action: String, resource: String, resourceAccount: String? = nil,
                context: [String: [String]] = [:], identityPolicies: [PolicyDocument] = [],
                resourcePolicy: PolicyDocument? = nil, permissionsBoundary: PolicyDocument? = nil,
                serviceControlPolicies: [PolicyLevel] = [], resourceControlPolicies: [PolicyLevel] = [],
                sessionPolicy: PolicyDocument? = nil, endpointPolicy: PolicyDocument? = nil,
                serviceLinkedRole: Bool = false, managementAccount: String? = nil, awsManagedResource: Bool = false) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.resourceAccount = resourceAccount
        self.context = context
        self.identityPolicies = identityPolicies
        self.resourcePolicy = resourcePolicy
        self.permissionsBoundary = permissionsBoundary
        self.serviceControlPolicies = serviceControlPolicies
        self.resourceControlPolicies = resourceControlPolicies
        self.sessionPolicy = sessionPolicy
        self.endpointPolicy = endpointPolicy
        self.serviceLinkedRole = serviceLinkedRole
        self.managementAccount = managementAccount
        self.awsManagedResource = awsManagedResource
    }
}

/// The SCPs or RCPs attached at one level of an organization (the root, an OU, the account): at least one must allow.
public struct PolicyLevel: Sendable {
    /// The level's id or name (`r-root`, `ou-...`, an account id), echoed in matched statements.
    public var level: String
    public var policies: [PolicyDocument]

    public init(level: String, policies: [PolicyDocument]) {
        self.level = level
        self.policies = policies
    }
}
