/// A shape of an embedded service model as the AWS CLI prints it (`--output json`): the members of a structure
/// by their CLI names, the element of a list, the value of a map, or a scalar. Rule fact conditions check their
/// paths against it (a member that AWS never answers is an error when the rule loads).
public struct ResponseShape: Sendable {
    /// What a value of the shape is in the CLI's JSON.
    public enum Kind: String, Sendable {
        case structure, list, map, string, number, boolean, timestamp, blob
    }

    private let model: ServiceModel
    private let shape: ServiceModel.Shape

    /// The output shape of `operation` of `service`, nil when the embedded model does not have it.
    public static func output(of operation: String, service: AWSServiceID) -> ResponseShape? {
        guard let model = try? ServiceModel.named(service), let name = model.operations[operation]?.output,
              let shape = model.shape(name) else { return nil }
        return ResponseShape(model: model, shape: shape)
    }

    public var kind: Kind {
        switch shape.type {
        case "structure": return .structure
        case "list": return .list
        case "map": return .map
        case "integer", "long", "double", "float": return .number
        case "boolean": return .boolean
        case "timestamp": return .timestamp
        case "blob": return .blob
        default: return .string
        }
    }

    /// The member names of a structure, sorted.
    public var memberNames: [String] { shape.members.map(\.0) }

    /// The member `name` of a structure.
    public func member(_ name: String) -> ResponseShape? {
        guard let reference = shape.members.first(where: { $0.0 == name })?.1 else { return nil }
        return resolve(reference)
    }

    /// The element of a list, or the value of a map.
    public var element: ResponseShape? {
        (shape.member ?? shape.value).flatMap(resolve)
    }

    private func resolve(_ reference: ServiceModel.Member) -> ResponseShape? {
        model.shape(reference.shape).map { ResponseShape(model: model, shape: $0) }
    }
}
