/// A placement constraint of a service or task definition: `memberOf` with a cluster query language expression
/// (`ClusterQuery`), or `distinctInstance` (service only, no expression).
public struct PlacementConstraint: Sendable, Decodable, Equatable {
    public var type: String?
    public var expression: String?
}
