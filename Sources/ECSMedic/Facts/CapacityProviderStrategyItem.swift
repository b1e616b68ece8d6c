/// One entry of a capacity provider strategy (a service's, a deployment's or a cluster's default): the provider,
/// its weight and its base.
public struct CapacityProviderStrategyItem: Sendable, Decodable, Equatable {
    public var capacityProvider: String
    public var weight: Int?
    public var base: Int?
}
