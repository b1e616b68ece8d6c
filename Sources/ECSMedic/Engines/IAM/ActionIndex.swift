/// A policy's statements grouped by the service prefix of their actions, so that a request looks only at the
/// statements that can match its action: those naming its service, and those whose action is a wildcard across
/// services or a `NotAction`. Each list keeps the statements' order.
struct ActionIndex: Sendable, Hashable {
    private let byService: [String: [Int]]
    private let anyService: [Int]

    init(_ statements: [PolicyStatement]) {
        var services: [String: [Int]] = [:]
        var wildcard: [Int] = []
        for (position, statement) in statements.enumerated() {
            let prefixes = statement.isNotAction ? nil : statement.actionPatterns.map(Self.servicePrefix)
            if let prefixes, prefixes.allSatisfy({ $0 != nil }) {
                for prefix in Set(prefixes.compactMap { $0 }) { services[prefix, default: []].append(position) }
            } else {
                wildcard.append(position)
            }
        }
        // Each service's list also holds the wildcard statements, merged in statement order.
        byService = services.mapValues { ($0 + wildcard).sorted() }
        anyService = wildcard
    }

    /// The positions of the statements that may match an action of `service` (lower-cased), in order.
    func candidates(_ service: String) -> [Int] {
        byService[service] ?? anyService
    }

    /// The service of a lower-cased action pattern, or nil when the pattern's service part has a wildcard.
    private static func servicePrefix(_ pattern: String) -> String? {
        guard let colon = pattern.firstIndex(of: ":") else { return nil }
        let service = pattern[..<colon]
        return service.contains(where: { $0 == "*" || $0 == "?" }) ? nil : String(service)
    }
}
