/// Checks a policy against AWS's service authorization data: unknown services and actions, actions that only accept
/// `Resource: "*"`, resource ARNs of a type the action does not act on, and condition keys that do not exist or that
/// the action does not support. Also expands each `Allow` statement's wildcards into the actions it grants.
public struct PolicyLinter: Sendable {
    private let data: ServiceAuthorizationData

    public init(data: ServiceAuthorizationData) {
        self.data = data
    }

    /// Every finding, in statement order.
    public func lint(_ policy: PolicyDocument) -> [LintFinding] {
        policy.statements.flatMap { statement in
            var findings = lint(statement)
            let usesVariables = (statement.resourceTexts ?? []).contains { $0.contains("${") }
                || statement.conditions.contains { $0.values.contains { $0.text.contains("${") } }
            if usesVariables, policy.version != "2012-10-17" {
                findings.append(LintFinding(
                    code: "variables-need-version", severity: .warning, statement: statement.index, sid: statement.sid,
                    field: "Version",
                    message: "policy variables (${...}) are only replaced under \"Version\": \"2012-10-17\"; here they are literal text"))
            }
            return findings
        }
    }

    /// What each `Allow` statement grants.
    public func grants(_ policy: PolicyDocument) -> [StatementGrant] {
        policy.statements.filter { $0.effect == .allow }.map { statement in
            var covered = Set(statement.actionTexts.flatMap { data.expand($0).map(\.name) })
            if statement.isNotAction {
                let all = Set(data.services.values.flatMap { $0.actions.values.map(\.name) })
                covered = all.subtracting(covered)
            }
            var levels: [String: Int] = [:]
            for name in covered { levels[data.action(name)?.accessLevel ?? "?", default: 0] += 1 }
            return StatementGrant(statement: statement.index, sid: statement.sid, actions: covered.sorted(),
                                  accessLevels: levels)
        }
    }

    private func lint(_ statement: PolicyStatement) -> [LintFinding] {
        var findings: [LintFinding] = []
        let actionField = statement.isNotAction ? "NotAction" : "Action"
        func add(_ code: String, _ severity: LintFinding.Severity, _ field: String, _ message: String) {
            findings.append(LintFinding(code: code, severity: severity, statement: statement.index, sid: statement.sid,
                                        field: field, message: message))
        }

        var explicitActions: [ServiceAuthorizationData.Action] = []
        for text in statement.actionTexts where text != "*" {
            let prefix = String(text.prefix { $0 != ":" })
            let hasWildcard = text.contains("*") || text.contains("?")
            if !prefix.contains("*"), !prefix.contains("?"), data.service(prefix) == nil {
                add("unknown-service", .error, actionField, "unknown service prefix \"\(prefix)\" in \(text)")
                continue
            }
            if hasWildcard {
                if data.expand(text).isEmpty { add("action-matches-nothing", .error, actionField, "\(text) matches no action") }
            } else if let action = data.action(text) {
                explicitActions.append(action)
            } else {
                let hint = suggestion(for: text).map { " (did you mean \($0)?)" } ?? ""
                add("unknown-action", .error, actionField, "unknown action \(text)\(hint)")
            }
        }

        if !statement.isNotAction, !statement.isNotResource, let resources = statement.resourceTexts,
           !resources.contains("*") {
            for action in explicitActions {
                if action.resourceTypes.isEmpty {
                    add("resource-must-be-star", .error, "Resource",
                        "\(action.name) does not support resource-level permissions: it only matches Resource \"*\"")
                    continue
                }
                let formats = action.resourceTypes.compactMap { reference in
                    data.service(String(action.name.prefix { $0 != ":" }))?.resourceTypes[reference.name]
                }
                for resource in resources where !resource.contains("${") {
                    let fits = formats.contains { ARNFormat.overlaps(resource, $0.arnFormat) }
                    if !fits, !formats.isEmpty {
                        let expected = formats.map { "\($0.name) (\($0.arnFormat))" }.joined(separator: ", ")
                        add("resource-type-mismatch", .error, "Resource",
                            "\(resource) is not a resource \(action.name) acts on: expected \(expected)")
                    }
                }
            }
        }

        for key in statement.conditionKeys {
            let lowered = key.lowercased()
            let field = "Condition.\(key)"
            if lowered.hasPrefix("aws:") {
                if !GlobalConditionKeys.contains(lowered) {
                    add("unknown-condition-key", .warning, field, "\(key) is not a global condition key")
                }
                continue
            }
            let prefix = String(lowered.prefix { $0 != ":" })
            guard let service = data.service(prefix), ConditionKeyMatcher.contains(service.conditionKeys.keys, lowered) else {
                add("unknown-condition-key", .error, field, "\(key) is not a condition key of any service")
                continue
            }
            for action in explicitActions where !supports(action, lowered) {
                add("unsupported-condition-key", .warning, field,
                    "\(action.name) does not support \(key): the key is missing from its requests, so the condition "
                        + "fails (or, negated or with IfExists, always holds)")
            }
        }
        return findings
    }

    private func supports(_ action: ServiceAuthorizationData.Action, _ key: String) -> Bool {
        let service = data.service(String(action.name.prefix { $0 != ":" }))
        var keys = action.conditionKeys.map { $0.lowercased() }
        for reference in action.resourceTypes {
            keys += service?.resourceTypes[reference.name]?.conditionKeys.map { $0.lowercased() } ?? []
        }
        return ConditionKeyMatcher.contains(keys, key)
    }

    /// The closest action name of the same service (edit distance at most 3), for "did you mean".
    private func suggestion(for text: String) -> String? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let service = data.service(parts[0]) else { return nil }
        let target = Array(parts[1].lowercased())
        let best = service.actions.values.map { ($0.name, editDistance(Array($0.name.lowercased().split(separator: ":").last ?? ""), target)) }
            .min { $0.1 == $1.1 ? $0.0 < $1.0 : $0.1 < $1.1 }
        guard let best, best.1 <= 3 else { return nil }
        return best.0
    }

    private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// Matches condition keys against the reference's key templates (`aws:RequestTag/${TagKey}`,
/// `secretsmanager:ResourceTag/tag-key`, `kms:EncryptionContext:${EncryptionContextKey}`), case-insensitively.
enum ConditionKeyMatcher {
    static func contains<S: Sequence<String>>(_ templates: S, _ key: String) -> Bool {
        templates.contains { template in
            let lowered = template.lowercased()
            if lowered == key { return true }
            guard let placeholder = ["${", "<", "tag-key", "tagkey"].compactMap({ lowered.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound })
            else { return false }
            let prefix = lowered[..<placeholder.lowerBound]
            return key.hasPrefix(prefix) && key.count > prefix.count
        }
    }
}

/// Compares a policy's resource (which may hold wildcards) with a resource type's ARN format, whose `${...}`
/// placeholders stand for anything: they overlap when some ARN fits both.
enum ARNFormat {
    static func overlaps(_ resource: String, _ format: String) -> Bool {
        let left = GlobPattern(resource, variables: false).tokens
        var right: [PatternToken] = []
        var index = format.startIndex
        while index < format.endIndex {
            if format[index...].hasPrefix("${"), let close = format[index...].firstIndex(of: "}") {
                right.append(.star)
                index = format.index(after: close)
            } else {
                right.append(contentsOf: String(format[index]).utf8.map { .literal($0) })
                index = format.index(after: index)
            }
        }
        return GlobPattern.intersect(left, right)
    }
}
