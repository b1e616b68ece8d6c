/// The rules a run uses: the built-in ones, plus user folders (`--rules`), filtered by `--rule` / `--skip-rule`.
public struct RuleSet: Sendable {
    public var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// The roots the rules' fact conditions read: the only answers the facts need to keep as documents
    /// (`FactsDecoder.documentRoots`).
    public var factRoots: Set<FactRoot> {
        Set(rules.flatMap { rule -> [FactRoot] in
            guard case .facts(let condition) = rule.condition else { return [] }
            return condition.paths.map(\.root)
        })
    }

    /// Loads the built-in rules and each folder's; a user rule reusing a built-in id must say `overrides: <id>`.
    public static func load(folders: [String] = [], only: [String] = [], skip: [String] = []) throws -> RuleSet {
        let loader = RuleLoader()
        var rules = try loader.builtinRules()
        for folder in folders {
            for rule in try loader.rules(inFolder: folder) {
                if let index = rules.firstIndex(where: { $0.id == rule.id || $0.id == rule.overrides }) {
                    guard rule.overrides == rules[index].id else {
                        throw InputError("\(rule.file): rule id \"\(rule.id)\" is already defined by \(rules[index].file) (write \"overrides: \(rules[index].id)\" to replace it)")
                    }
                    rules[index] = rule
                } else {
                    rules.append(rule)
                }
            }
        }
        let ids = Set(rules.map(\.id))
        for id in only + skip where !ids.contains(id) {
            throw InputError("unknown rule id \"\(id)\" (see `ecs-medic rules list`)")
        }
        if !only.isEmpty { rules = rules.filter { only.contains($0.id) } }
        rules = rules.filter { !skip.contains($0.id) }
        return RuleSet(rules: rules.sorted { $0.id < $1.id })
    }

    public func rule(_ id: String) -> Rule? {
        rules.first { $0.id == id }
    }
}

extension Array where Element == Rule {
    /// The ids of the rules whose `explains:` names a stopped-reason category, in rule id order.
    public func explaining(_ category: String) -> [String] {
        filter { $0.explains.contains(category) }.map(\.id).sorted()
    }
}
