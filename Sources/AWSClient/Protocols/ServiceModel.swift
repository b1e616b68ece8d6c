import Foundation

/// A trimmed botocore service model (`aws-models/<service>.json`, embedded in the module): the operations
/// ecs-medic calls and the shapes they reach, which drive request serialisation and response parsing.
struct ServiceModel: Sendable {
    /// A shape reference: a member of a structure, the member of a list, or a map's key or value.
    struct Member: Sendable {
        var shape: String
        var location: String?
        var locationName: String?
        var queryName: String?
        var flattened: Bool
    }

    struct Shape: Sendable {
        var name: String
        var type: String
        var members: [(String, Member)]
        var member: Member?
        var key: Member?
        var value: Member?
        var flattened: Bool
        var locationName: String?
    }

    struct Paginator: Sendable {
        var inputToken: String
        var outputToken: String
        var limitKey: String?
        var moreResults: String?
        var resultKey: String?
    }

    struct Operation: Sendable {
        var name: String
        var method: String
        var requestURI: String
        var input: String?
        var output: String?
        var resultWrapper: String?
        var paginator: Paginator?
    }

    var apiVersion: String
    var protocolName: String
    var jsonVersion: String?
    var targetPrefix: String?
    var operations: [String: Operation]
    var shapes: [String: Shape]

    /// The embedded model of `service`.
    static func named(_ service: AWSServiceID) throws -> ServiceModel {
        guard let model = all[service] else {
            throw AWSError(kind: .validation, code: "UnknownService", message: "no model for \(service.rawValue)")
        }
        return model
    }

    private static let all: [AWSServiceID: ServiceModel] = {
        var models: [AWSServiceID: ServiceModel] = [:]
        for service in AWSServiceID.allCases {
            guard let text = EmbeddedResources.files["aws-models/\(service.modelName).json"],
                  let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)),
                  let model = ServiceModel(json: json) else { continue }
            models[service] = model
        }
        return models
    }()

    func operation(_ name: String, service: AWSServiceID) throws -> Operation {
        guard let operation = operations[name] else {
            throw AWSError(kind: .validation, code: "UnknownOperation",
                           message: "\(service.rawValue):\(name) is not an operation ecs-medic models",
                           service: service.rawValue, operation: name)
        }
        return operation
    }

    func shape(_ name: String) -> Shape? { shapes[name] }

    init?(json: JSONValue) {
        guard let metadata = json["metadata"], let apiVersion = metadata["apiVersion"]?.stringValue,
              let protocolName = metadata["protocol"]?.stringValue,
              let operations = json["operations"]?.objectValue, let shapes = json["shapes"]?.objectValue else {
            return nil
        }
        self.apiVersion = apiVersion
        self.protocolName = protocolName
        self.jsonVersion = metadata["jsonVersion"]?.stringValue
        self.targetPrefix = metadata["targetPrefix"]?.stringValue
        self.operations = [:]
        for (name, value) in operations {
            let paginator = value["paginator"].flatMap { page -> Paginator? in
                guard let input = page["input_token"]?.stringValue, let output = page["output_token"]?.stringValue
                else { return nil }
                return Paginator(inputToken: input, outputToken: output, limitKey: page["limit_key"]?.stringValue,
                                 moreResults: page["more_results"]?.stringValue,
                                 resultKey: page["result_key"]?.stringValue)
            }
            self.operations[name] = Operation(
                name: name, method: value["http"]?["method"]?.stringValue ?? "POST",
                requestURI: value["http"]?["requestUri"]?.stringValue ?? "/",
                input: value["input"]?["shape"]?.stringValue, output: value["output"]?["shape"]?.stringValue,
                resultWrapper: value["output"]?["resultWrapper"]?.stringValue, paginator: paginator)
        }
        self.shapes = [:]
        for (name, value) in shapes {
            let members = (value["members"]?.objectValue ?? [:]).compactMap { key, member in
                Self.member(member).map { (key, $0) }
            }.sorted { $0.0 < $1.0 }
            self.shapes[name] = Shape(
                name: name, type: value["type"]?.stringValue ?? "string", members: members,
                member: value["member"].flatMap(Self.member), key: value["key"].flatMap(Self.member),
                value: value["value"].flatMap(Self.member), flattened: value["flattened"]?.boolValue ?? false,
                locationName: value["locationName"]?.stringValue)
        }
    }

    private static func member(_ json: JSONValue) -> Member? {
        guard let shape = json["shape"]?.stringValue else { return nil }
        return Member(shape: shape, location: json["location"]?.stringValue,
                      locationName: json["locationName"]?.stringValue, queryName: json["queryName"]?.stringValue,
                      flattened: json["flattened"]?.boolValue ?? false)
    }
}
