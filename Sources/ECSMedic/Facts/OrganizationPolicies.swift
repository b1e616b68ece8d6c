import AWSClient

/// The service and resource control policies on an account's path through its organization (root → OUs → the
/// account), read from `organizations describe-organization`, `list-parents`, `list-policies-for-target` and
/// `describe-policy`. Nil in `Facts` when the organization was not read (the caller cannot read it): the SCP layer is
/// then unverified, as before.
public struct OrganizationPolicies: Sendable, Equatable {
    /// One level of the path: its target id (`r-...`, `ou-...`, the account id) and the policies attached there.
    public struct Level: Sendable, Equatable {
        public var target: String
        public var serviceControlPolicies: [Policy]
        public var resourceControlPolicies: [Policy]
    }

    /// One policy: id, name and its document (`Policy.Content`, a JSON text).
    public struct Policy: Sendable, Equatable {
        public var id: String
        public var name: String
        public var content: String
    }

    /// The organization's management account (SCPs and RCPs never restrict it).
    public var managementAccount: String?
    /// Root first, the account last; empty when `unverified` is set.
    public var path: [Level]
    /// Why the path could not be read completely (a call denied or missing): the SCP layer is then unknown.
    public var unverified: UnverifiedFact?

    /// The policies of one layer, by level, root first.
    public func levels(_ layer: PolicyLayer) -> [(target: String, policies: [Policy])] {
        path.map { ($0.target, layer == .resourceControlPolicies ? $0.resourceControlPolicies : $0.serviceControlPolicies) }
    }

    /// The path of `account` from the recorded Organizations calls; nil when `describe-organization` was not
    /// recorded or failed (the organization could not be read at all).
    static func decode(_ calls: [SnapshotCall], account: String?) -> OrganizationPolicies? {
        let organizationCalls = calls.filter { $0.service == "organizations" }
        guard let describe = organizationCalls.first(where: { SnapshotCall.fold($0.operation) == SnapshotCall.fold("DescribeOrganization") }),
              describe.error == nil, let organization = describe.response?["Organization"] else { return nil }
        var result = OrganizationPolicies(managementAccount: organization["MasterAccountId"]?.stringValue, path: [])
        func named(_ operation: AWSOperation) -> [SnapshotCall] {
            organizationCalls.filter { SnapshotCall.fold($0.operation) == SnapshotCall.fold(operation.name) }
        }
        func missing(_ operation: AWSOperation, _ subject: String, _ reason: String) -> OrganizationPolicies {
            var failed = result
            failed.path = []
            failed.unverified = UnverifiedFact(
                fact: "service and resource control policies of account \(account ?? "?") (\(operation.cliName) \(subject))",
                reason: reason, permission: operation.permission)
            return failed
        }
        guard let account else { return missing(OperationCatalog.listParents, "of the account", "account unknown") }
        let parents = named(OperationCatalog.listParents)
        let listings = named(OperationCatalog.listPoliciesForTarget)
        let policies = named(OperationCatalog.describePolicy)
        // Account first, up to the root.
        var targets = [account]
        while targets.count < 10 {
            let child = targets[targets.count - 1]
            guard let call = parents.first(where: { $0.request?["ChildId"]?.stringValue == child }) else {
                return missing(OperationCatalog.listParents, child, "not collected")
            }
            if let error = call.error { return missing(OperationCatalog.listParents, child, error.code) }
            guard let parent = call.response?["Parents"]?.arrayValue?.first, let id = parent["Id"]?.stringValue else {
                return missing(OperationCatalog.listParents, child, "no parent in the answer")
            }
            targets.append(id)
            if parent["Type"]?.stringValue == "ROOT" { break }
        }
        for target in targets.reversed() {
            var level = Level(target: target, serviceControlPolicies: [], resourceControlPolicies: [])
            for filter in ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] {
                let pages = listings.filter {
                    $0.request?["TargetId"]?.stringValue == target && $0.request?["Filter"]?.stringValue == filter
                }
                guard !pages.isEmpty else { return missing(OperationCatalog.listPoliciesForTarget, "\(target) \(filter)", "not collected") }
                if let error = pages.compactMap(\.error).first {
                    // RCPs not enabled in the organization: none apply.
                    if filter == "RESOURCE_CONTROL_POLICY", error.code == "PolicyTypeNotEnabledException" { continue }
                    return missing(OperationCatalog.listPoliciesForTarget, "\(target) \(filter)", error.code)
                }
                for summary in pages.flatMap({ $0.response?["Policies"]?.arrayValue ?? [] }) {
                    guard let id = summary["Id"]?.stringValue else { continue }
                    guard let call = policies.first(where: { $0.request?["PolicyId"]?.stringValue == id }) else {
                        return missing(OperationCatalog.describePolicy, id, "not collected")
                    }
                    if let error = call.error { return missing(OperationCatalog.describePolicy, id, error.code) }
                    guard let content = call.response?["Policy"]?["Content"]?.stringValue else {
                        return missing(OperationCatalog.describePolicy, id, "no content in the answer")
                    }
                    let policy = Policy(id: id, name: summary["Name"]?.stringValue ?? id, content: content)
                    if filter == "SERVICE_CONTROL_POLICY" {
                        level.serviceControlPolicies.append(policy)
                    } else {
                        level.resourceControlPolicies.append(policy)
                    }
                }
            }
            result.path.append(level)
        }
        return result
    }
}
