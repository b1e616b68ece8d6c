import AWSClient
import Foundation

/// Turns a policy's JSON into a compiled `PolicyDocument`, rejecting malformed documents with an error that names the
/// policy, statement and field.
enum PolicyParser {
    static func parse(_ value: JSONValue, name: String) throws(PolicyError) -> PolicyDocument {
        if case .string(let text) = value {
            let decodedText = text.trimmingCharacters(in: .whitespaces).hasPrefix("%7B")
                ? (text.removingPercentEncoding ?? text) : text
            return try PolicyDocument(json: Data(decodedText.utf8), name: name)
        }
        guard case .object(let members) = value else {
            throw PolicyError(policy: name, statement: nil, sid: nil, field: nil, problem: "expected a JSON object")
        }
        for key in members.keys where !["Version", "Id", "Statement"].contains(key) {
            throw PolicyError(policy: name, statement: nil, sid: nil, field: key, problem: "unknown policy element")
        }
        var version: String?
        if let raw = members["Version"] {
            guard let text = raw.stringValue, text == "2012-10-17" || text == "2008-10-17" else {
                throw PolicyError(policy: name, statement: nil, sid: nil, field: "Version",
                                  problem: "expected \"2012-10-17\" or \"2008-10-17\"")
            }
            version = text
        }
        let rawStatements: [JSONValue]
        switch members["Statement"] {
        case .array(let list): rawStatements = list
        case .object: rawStatements = [members["Statement"] ?? .null]
        case nil: throw PolicyError(policy: name, statement: nil, sid: nil, field: "Statement", problem: "missing")
        default:
            throw PolicyError(policy: name, statement: nil, sid: nil, field: "Statement",
                              problem: "expected an object or a list of objects")
        }
        var statements: [PolicyStatement] = []
        statements.reserveCapacity(rawStatements.count)
        for (index, raw) in rawStatements.enumerated() {
            statements.append(try statement(raw, index: index, policy: name, variables: version == "2012-10-17"))
        }
        return PolicyDocument(name: name, version: version, statements: statements)
    }

    private static let statementKeys: Set<String> = [
        "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
    ]

    private static func statement(_ raw: JSONValue, index: Int, policy: String, variables: Bool)
        throws(PolicyError) -> PolicyStatement {
        guard case .object(let members) = raw else {
            throw PolicyError(policy: policy, statement: index, sid: nil, field: nil, problem: "expected a JSON object")
        }
        var sid: String?
        if let rawSid = members["Sid"] {
            guard let text = rawSid.stringValue else {
                throw PolicyError(policy: policy, statement: index, sid: nil, field: "Sid", problem: "expected a string")
            }
            sid = text
        }
        func fail(_ field: String?, _ problem: String) -> PolicyError {
            PolicyError(policy: policy, statement: index, sid: sid, field: field, problem: problem)
        }
        for key in members.keys.sorted() where !statementKeys.contains(key) {
            throw fail(key, "unknown statement element")
        }
        guard let effectText = members["Effect"]?.stringValue else { throw fail("Effect", "missing or not a string") }
        guard let effect = PolicyStatement.Effect(rawValue: effectText) else {
            throw fail("Effect", "expected \"Allow\" or \"Deny\", got \"\(effectText)\"")
        }
        let (actionField, actionValue) = try exactlyOne("Action", "NotAction", members, required: true, fail)
        let actionTexts = try strings(actionValue ?? .null, field: actionField, fail)
        let actions = try actionTexts.map { text throws(PolicyError) in
            guard text == "*" || text.contains(":") else {
                throw fail(actionField, "\"\(text)\" is not an action (expected SERVICE:ACTION)")
            }
            return GlobPattern(text, variables: false, lowercased: true)
        }
        let (resourceField, resourceValue) = try exactlyOne("Resource", "NotResource", members, required: false, fail)
        let resourceTexts = try resourceValue.map { value throws(PolicyError) in
            try strings(value, field: resourceField, fail)
        }
        let resources = resourceTexts?.map { ARNPattern($0, variables: variables) }
        let (principalField, principalValue) = try exactlyOne("Principal", "NotPrincipal", members, required: false, fail)
        let principal = try principalValue.map { value throws(PolicyError) in
            PrincipalMatcher(entries: try principalEntries(value, field: principalField, fail),
                             negated: principalField == "NotPrincipal")
        }
        var conditions: [ConditionClause] = []
        if let rawCondition = members["Condition"] {
            conditions = try conditionClauses(rawCondition, variables: variables, fail)
        }
        return PolicyStatement(sid: sid, index: index, effect: effect, actions: actions,
                               actionsNegated: actionField == "NotAction", resources: resources,
                               resourcesNegated: resourceField == "NotResource", principal: principal,
                               conditions: conditions, actionTexts: actionTexts, resourceTexts: resourceTexts)
    }

    private static func exactlyOne(_ positive: String, _ negative: String, _ members: [String: JSONValue],
                                   required: Bool, _ fail: (String?, String) -> PolicyError)
        throws(PolicyError) -> (String, JSONValue?) {
        switch (members[positive], members[negative]) {
        case (.some, .some): throw fail(positive, "a statement cannot have both \(positive) and \(negative)")
        case (.some(let value), nil): return (positive, value)
        case (nil, .some(let value)): return (negative, value)
        case (nil, nil):
            if required { throw fail(positive, "missing (a statement needs \(positive) or \(negative))") }
            return (positive, nil)
        }
    }

    private static func strings(_ value: JSONValue, field: String, _ fail: (String?, String) -> PolicyError)
        throws(PolicyError) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .array(let list):
            guard !list.isEmpty else { throw fail(field, "empty list") }
            var result: [String] = []
            for item in list {
                guard let text = item.stringValue else { throw fail(field, "expected a string or a list of strings") }
                result.append(text)
            }
            return result
        default: throw fail(field, "expected a string or a list of strings")
        }
    }

    private static func principalEntries(_ value: JSONValue, field: String, _ fail: (String?, String) -> PolicyError)
        throws(PolicyError) -> [PrincipalMatcher.Entry] {
        if value.stringValue == "*" { return [.anyone] }
        guard case .object(let members) = value else {
            throw fail(field, "expected \"*\" or an object with AWS, Service, Federated or CanonicalUser")
        }
        var entries: [PrincipalMatcher.Entry] = []
        for (type, list) in members.sorted(by: { $0.key < $1.key }) {
            let names = try strings(list, field: "\(field).\(type)", fail)
            switch type {
            case "AWS": entries += names.map(PrincipalMatcher.awsEntry)
            case "Service": entries += names.map { .service($0.lowercased()) }
            case "Federated": entries += names.map { .federated($0) }
            case "CanonicalUser": entries += names.map { .canonicalUser($0) }
            default: throw fail("\(field).\(type)", "unknown principal type (expected AWS, Service, Federated or CanonicalUser)")
            }
        }
        return entries
    }

    private static func conditionClauses(_ value: JSONValue, variables: Bool,
                                         _ fail: (String?, String) -> PolicyError) throws(PolicyError) -> [ConditionClause] {
        guard case .object(let operators) = value else { throw fail("Condition", "expected an object") }
        var clauses: [ConditionClause] = []
        for (operatorName, block) in operators.sorted(by: { $0.key < $1.key }) {
            guard let op = ConditionOperator(operatorName) else {
                throw fail("Condition.\(operatorName)", "unknown condition operator")
            }
            guard case .object(let keys) = block else {
                throw fail("Condition.\(operatorName)", "expected an object of condition keys")
            }
            for (key, rawValues) in keys.sorted(by: { $0.key < $1.key }) {
                let field = "Condition.\(operatorName).\(key)"
                let list: [JSONValue]
                if case .array(let items) = rawValues { list = items } else { list = [rawValues] }
                guard !list.isEmpty else { throw fail(field, "empty list of values") }
                var values: [ConditionValue] = []
                for item in list {
                    let text: String
                    switch item {
                    case .string(let string): text = string
                    case .bool(let flag): text = flag ? "true" : "false"
                    case .number(let number):
                        text = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
                    default: throw fail(field, "expected a string, number or boolean, or a list of them")
                    }
                    if op.base == .null, text.lowercased() != "true", text.lowercased() != "false" {
                        throw fail(field, "Null takes true or false")
                    }
                    values.append(ConditionValue(text, variables: variables, base: op.base))
                }
                clauses.append(ConditionClause(op: op, key: key, lowercasedKey: key.lowercased(), values: values))
            }
        }
        return clauses
    }
}
