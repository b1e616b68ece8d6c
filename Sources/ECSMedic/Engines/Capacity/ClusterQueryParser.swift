import Foundation

/// Reads the cluster query language (ECS developer guide, "Create expressions to define container instances for
/// Amazon ECS tasks"): `subject operator [argument]`, operators as symbols or words (`==`/`equals`, `!in`/`not_in`,
/// `=~`/`matches` with a Java-style regular expression), `[a, b]` lists, quoted or bare literals, and `and`/`&&`,
/// `or`/`||`, `not`/`!` with parentheses (`and` binds tighter than `or`). What it cannot read is a `ClusterQueryError`
/// naming the position, never a guess.
public struct ClusterQueryParser {
    private let text: [Character]
    private var tokens: [Token] = []
    private var index = 0

    struct Token: Equatable {
        enum Kind: Equatable { case word, quoted, symbol }
        var kind: Kind
        var text: String
        /// 1-based column of the token's first character.
        var position: Int
    }

    /// Parses `expression`.
    public static func parse(_ expression: String) throws(ClusterQueryError) -> ClusterQuery {
        var parser = ClusterQueryParser(text: Array(expression))
        try parser.tokenize()
        guard !parser.tokens.isEmpty else { throw ClusterQueryError(expression: expression, position: 1, problem: "the expression is empty") }
        let query = try parser.orExpression()
        if let extra = parser.peek {
            throw parser.error("unexpected \"\(extra.text)\" after a complete expression", at: extra)
        }
        return query
    }

    private init(text: [Character]) {
        self.text = text
    }

    // MARK: tokens

    private static let twoCharacterSymbols: Set<String> = ["==", "!=", ">=", "<=", "=~", "!~", "&&", "||"]
    private static let oneCharacterSymbols: Set<Character> = ["(", ")", "[", "]", ",", ">", "<", "!"]
    /// Characters that end a bare word.
    private static let breaks: Set<Character> = ["(", ")", "[", "]", ",", "=", "!", "<", ">", "&", "|", "'", "\""]

    private mutating func tokenize() throws(ClusterQueryError) {
        var position = 0
        while position < text.count {
            let character = text[position]
            if character.isWhitespace { position += 1; continue }
            // A regular expression runs to the next blank, or to a closing parenthesis that closes an outer group.
            if let last = tokens.last, last.kind != .quoted, ["=~", "!~", "matches", "not_matches"].contains(last.text),
               character != "'", character != "\"" {
                var end = position
                var depth = 0
                while end < text.count, !text[end].isWhitespace {
                    if text[end] == "(" { depth += 1 }
                    if text[end] == ")" { if depth == 0 { break }; depth -= 1 }
                    end += 1
                }
                tokens.append(Token(kind: .word, text: String(text[position..<end]), position: position + 1))
                position = end
                continue
            }
            if character == "'" || character == "\"" {
                guard let close = text[(position + 1)...].firstIndex(of: character) else {
                    throw ClusterQueryError(expression: String(text), position: position + 1, problem: "the quote \(character) is not closed")
                }
                tokens.append(Token(kind: .quoted, text: String(text[(position + 1)..<close]), position: position + 1))
                position = close + 1
                continue
            }
            if position + 1 < text.count, Self.twoCharacterSymbols.contains(String(text[position...(position + 1)])) {
                tokens.append(Token(kind: .symbol, text: String(text[position...(position + 1)]), position: position + 1))
                position += 2
                continue
            }
            if Self.oneCharacterSymbols.contains(character) {
                tokens.append(Token(kind: .symbol, text: String(character), position: position + 1))
                position += 1
                continue
            }
            var end = position
            while end < text.count, !text[end].isWhitespace, !Self.breaks.contains(text[end]) { end += 1 }
            guard end > position else {
                throw ClusterQueryError(expression: String(text), position: position + 1, problem: "unexpected \"\(character)\"")
            }
            tokens.append(Token(kind: .word, text: String(text[position..<end]), position: position + 1))
            position = end
        }
    }

    private var peek: Token? { index < tokens.count ? tokens[index] : nil }

    private mutating func next() -> Token? {
        defer { index += 1 }
        return peek
    }

    private func error(_ problem: String, at token: Token?) -> ClusterQueryError {
        ClusterQueryError(expression: String(text), position: token?.position ?? text.count + 1, problem: problem)
    }

    private func isKeyword(_ token: Token?, _ words: String...) -> Bool {
        guard let token, token.kind != .quoted else { return false }
        return words.contains(token.text)
    }

    // MARK: grammar

    private mutating func orExpression() throws(ClusterQueryError) -> ClusterQuery {
        var left = try andExpression()
        while isKeyword(peek, "or", "||") {
            index += 1
            left = .or(left, try andExpression())
        }
        return left
    }

    private mutating func andExpression() throws(ClusterQueryError) -> ClusterQuery {
        var left = try unary()
        while isKeyword(peek, "and", "&&") {
            index += 1
            left = .and(left, try unary())
        }
        return left
    }

    private mutating func unary() throws(ClusterQueryError) -> ClusterQuery {
        if isKeyword(peek, "not", "!") {
            index += 1
            return .not(try unary())
        }
        if isKeyword(peek, "(") {
            let open = next()
            let inner = try orExpression()
            guard isKeyword(peek, ")") else { throw error("the parenthesis opened at \(open?.position ?? 0) is not closed", at: peek) }
            index += 1
            return inner
        }
        return try comparison()
    }

    private mutating func comparison() throws(ClusterQueryError) -> ClusterQuery {
        guard let token = next() else { throw error("a subject is missing", at: nil) }
        let subject = try self.subject(token)
        let op = try self.comparisonOperator()
        switch op {
        case .exists, .notExists:
            return .comparison(subject, op, .none)
        case .in, .notIn:
            guard isKeyword(peek, "[") else { throw error("\(op.word) takes a list [a, b, ...]", at: peek) }
            index += 1
            var values: [String] = []
            while true {
                guard let value = next(), value.kind != .symbol else { throw error("a list value is missing", at: tokens.indices.contains(index - 1) ? tokens[index - 1] : nil) }
                values.append(value.text)
                if isKeyword(peek, ",") { index += 1; continue }
                if isKeyword(peek, "]") { index += 1; break }
                throw error("expected \",\" or \"]\" in the list", at: peek)
            }
            return .comparison(subject, op, .list(values))
        default:
            guard let value = next(), value.kind != .symbol || value.text == "*" else {
                throw error("\(op.word) needs a value", at: tokens.indices.contains(index - 1) ? tokens[index - 1] : nil)
            }
            if op == .matches || op == .notMatches {
                do {
                    _ = try NSRegularExpression(pattern: value.text)
                } catch {
                    throw self.error("\(value.text) is not a regular expression this evaluator reads", at: value)
                }
            }
            return .comparison(subject, op, .value(value.text))
        }
    }

    private func subject(_ token: Token) throws(ClusterQueryError) -> ClusterQuery.Subject {
        guard token.kind == .word else { throw error("expected a subject, found \"\(token.text)\"", at: token) }
        switch token.text {
        case "agentConnected": return .agentConnected
        case "agentVersion": return .agentVersion
        case "ec2InstanceId": return .ec2InstanceId
        case "registeredAt": return .registeredAt
        case "runningTasksCount": return .runningTasksCount
        case "task:group": return .taskGroup
        default:
            if token.text.hasPrefix("attribute:"), token.text.count > "attribute:".count {
                return .attribute(String(token.text.dropFirst("attribute:".count)))
            }
            throw error("unknown subject \"\(token.text)\" (subjects: agentConnected, agentVersion, attribute:NAME, ec2InstanceId, registeredAt, runningTasksCount, task:group)", at: token)
        }
    }

    private mutating func comparisonOperator() throws(ClusterQueryError) -> ClusterQuery.Operator {
        guard let token = next(), token.kind != .quoted else { throw error("an operator is missing", at: peek) }
        // `!in` and `!exists` arrive as "!" and a word.
        if token.text == "!", let word = peek, word.kind == .word, ["in", "exists"].contains(word.text) {
            index += 1
            return word.text == "in" ? .notIn : .notExists
        }
        if let op = ClusterQuery.Operator.allCases.first(where: { $0.rawValue == token.text || $0.word == token.text }) {
            return op
        }
        throw error("unknown operator \"\(token.text)\"", at: token)
    }
}

/// A cluster query expression ecs-medic cannot read: the expression, the 1-based column, and what was wrong.
public struct ClusterQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var expression: String
    public var position: Int
    public var problem: String

    public var description: String { "cannot read \"\(expression)\" at column \(position): \(problem)" }
}
