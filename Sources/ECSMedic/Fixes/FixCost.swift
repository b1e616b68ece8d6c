/// How big a fix is, to choose the smallest of the fixes a rule offers. Compared in order: whether it opens a new
/// path to the internet (a default route through a NAT gateway, a public IP) — AWS recommends private paths
/// (VPC endpoints) for tasks in private subnets, so any private fix is smaller; then how many resources it creates
/// (security groups, endpoints, log groups, task definition revisions, inline policies); then how many changes it
/// makes in all. The restart is not counted: every fix that changes how a task starts has one.
public struct FixCost: Sendable, Comparable {
    public var opensInternetPath: Bool
    public var resourcesCreated: Int
    public var changes: Int

    public init(_ fix: Fix) {
        let changes = fix.changes.filter { !$0.isRestart }
        opensInternetPath = changes.contains(where: \.opensInternetPath)
        resourcesCreated = changes.filter(\.createsResource).count
        self.changes = changes.count
    }

    public static func < (lhs: FixCost, rhs: FixCost) -> Bool {
        if lhs.opensInternetPath != rhs.opensInternetPath { return !lhs.opensInternetPath }
        if lhs.resourcesCreated != rhs.resourcesCreated { return lhs.resourcesCreated < rhs.resourcesCreated }
        return lhs.changes < rhs.changes
    }
}

extension FixChange {
    /// Whether the change sends the task's traffic to the internet where it did not go before.
    var opensInternetPath: Bool {
        switch self {
        case .route, .assignPublicIP: return true
        default: return false
        }
    }

    /// Whether the change creates a resource rather than changing one (a rule, a route, an attribute).
    var createsResource: Bool {
        switch self {
        case .endpointSecurityGroup, .interfaceEndpoint, .gatewayEndpoint, .logGroup, .rolePolicy, .logDriverOption,
             .taskDefinitionRevision: return true
        default: return false
        }
    }
}

extension Fix {
    /// How big the fix is (`FixCost`).
    public var cost: FixCost { FixCost(self) }
}
