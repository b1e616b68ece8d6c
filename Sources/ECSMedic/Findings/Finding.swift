import AWSClient

/// One problem found: which rule, how bad, what it means, the resources involved (blocking one first),
/// the evidence chain and the fixes (design.md §4).
public struct Finding: Sendable, Equatable, Codable {
    public var rule: String
    public var severity: Severity
    public var title: String
    public var message: String
    public var resources: [String]
    public var evidence: [Evidence]
    public var fixes: [Fix]
    /// SHA-256 of the rule id and the blocking resource: stable across runs, for baselines and SARIF.
    public var fingerprint: String
    /// The task definition field that causes the finding, as a JSON path (`containerDefinitions[0].image`), when
    /// one does; SARIF points at its line in a checked task definition file.
    public var taskDefinitionField: String? = nil
    /// The network verdicts behind the finding, for reports that draw the path (not part of the JSON contract).
    public var paths: [PathVerdict] = []
    /// The permission decisions behind the finding, for reports that show them by policy layer (not part of the JSON
    /// contract).
    public var permissions: [PermissionVerdict] = []

    enum CodingKeys: String, CodingKey {
        case rule, severity, title, message, resources, evidence, fixes, fingerprint, taskDefinitionField
    }
}

/// One link of the evidence chain: a fact, the resource it is about, and the API call it came from.
public struct Evidence: Sendable, Equatable, Codable {
    public var fact: String
    public var resource: String
    public var source: String

    public init(fact: String, resource: String, source: String) {
        self.fact = fact
        self.resource = resource
        self.source = source
    }
}

/// A way to fix a finding, in the forms a user may apply it: AWS CLI commands, an IAM policy, Terraform,
/// CloudFormation. A form that does not apply is null. `verified` says whether applying the fix to the facts in
/// memory and diagnosing again proved it (the finding gone, no new one); absent when it was not tried.
public struct Fix: Sendable, Equatable, Codable {
    public var id: String
    public var summary: String
    public var awsCli: String?
    public var iamPolicy: JSONValue?
    public var terraform: String?
    public var cloudformation: String?
    public var verified: Bool?
    /// The changes every form is written from (not part of the JSON report).
    public var changes: [FixChange] = []

    public init(id: String, summary: String, awsCli: String?, iamPolicy: JSONValue? = nil, terraform: String? = nil,
                cloudformation: String? = nil) {
        self.id = id
        self.summary = summary
        self.awsCli = awsCli
        self.iamPolicy = iamPolicy
        self.terraform = terraform
        self.cloudformation = cloudformation
    }

    /// A fix in every form its changes apply to: AWS CLI, Terraform, CloudFormation, and the IAM document.
    init(id: String, summary: String, changes: [FixChange], region: String, iamPolicy: JSONValue? = nil) {
        self.init(id: id, summary: summary, awsCli: AWSCLIFixWriter(region: region).render(changes), iamPolicy: iamPolicy,
                  terraform: TerraformFixWriter().render(changes), cloudformation: CloudFormationFixWriter().render(changes))
        self.changes = changes
    }

    enum CodingKeys: String, CodingKey { case id, summary, awsCli, iamPolicy, terraform, cloudformation, verified }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(summary, forKey: .summary)
        try container.encode(awsCli, forKey: .awsCli)
        try container.encode(iamPolicy, forKey: .iamPolicy)
        try container.encode(terraform, forKey: .terraform)
        try container.encode(cloudformation, forKey: .cloudformation)
        try container.encodeIfPresent(verified, forKey: .verified)
    }
}
