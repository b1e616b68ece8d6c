/// An ECS cluster as `aws ecs describe-clusters --include SETTINGS` prints it: its settings say whether Container
/// Insights publishes task metrics.
public struct ECSCluster: Sendable, Decodable, Equatable {
    public var clusterArn: String?
    public var clusterName: String?
    public var status: String?
    public var settings: [Setting]?
    public var capacityProviders: [String]?
    /// The strategy of a service or task that names neither a launch type nor a strategy of its own.
    public var defaultCapacityProviderStrategy: [CapacityProviderStrategyItem]?

    public struct Setting: Sendable, Decodable, Equatable {
        public var name: String?
        public var value: String?
    }

    /// The `containerInsights` setting: `enabled`, `enhanced` (task and container metrics) or `disabled`; nil when
    /// the answer did not carry the settings.
    public var containerInsights: String? {
        settings?.first { $0.name == "containerInsights" }?.value
    }
}
