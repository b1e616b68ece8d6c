import Foundation

/// The answer to an `AuthorizationRequest`: the decision, the layers that had no allow (for an implicit deny), and
/// the statements that decided.
public struct AuthorizationDecision: Sendable, Hashable {
    public enum Decision: String, Sendable, Hashable {
        case allowed, implicitDeny, explicitDeny
    }

    public let decision: Decision
    /// For an implicit deny: the layers whose missing allow denied the request, in `PolicyLayer` order.
    public let blockedBy: [PolicyLayer]
    /// For an explicit deny, every matching `Deny`; otherwise the `Allow` statements that granted, one per policy layer
    /// (or organization level) that allowed.
    public let matched: [MatchedStatement]

    public var isAllowed: Bool { decision == .allowed }

    /// The answer as one line of JSON with sorted keys, as `iam simulate` prints it.
    public var json: String {
        var text = "{\"blockedBy\":["
        text.reserveCapacity(64 + 112 * matched.count)
        for (position, layer) in blockedBy.enumerated() {
            text += position == 0 ? "\"" : ",\""
            text += layer.rawValue
            text += "\""
        }
        text += "],\"decision\":\""
        text += decision.rawValue
        text += "\",\"matched\":["
        for (position, entry) in matched.enumerated() {
            if position > 0 { text += "," }
            entry.appendJSON(to: &text)
        }
        text += "]}"
        return text
    }
}

/// A statement that took part in a decision: its layer, the policy's position in that layer, its sid and index.
public struct MatchedStatement: Sendable, Hashable {
    public let layer: PolicyLayer
    /// The policy's position in its layer (in its level for SCPs and RCPs), from 0.
    public let policy: Int
    /// The organization level for SCPs and RCPs; nil for other layers.
    public let level: String?
    public let sid: String?
    /// The statement's position in its policy, from 0.
    public let index: Int
    public let effect: PolicyStatement.Effect

    public var json: String {
        var text = ""
        appendJSON(to: &text)
        return text
    }

    /// Appends `json` to `text` (a batch answer is built in one string, without a string per entry).
    func appendJSON(to text: inout String) {
        text += "{\"effect\":\""
        text += effect.rawValue
        text += "\",\"index\":"
        text += String(index)
        text += ",\"layer\":\""
        text += layer.rawValue
        text += "\""
        if let level {
            text += ",\"level\":"
            JSONText.appendQuoted(level, to: &text)
        }
        text += ",\"policy\":"
        text += String(policy)
        text += ",\"sid\":"
        if let sid { JSONText.appendQuoted(sid, to: &text) } else { text += "null" }
        text += "}"
    }
}

/// JSON string quoting for hand-built output.
enum JSONText {
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Appends `quoted(value)` to `text`; a value with nothing to escape is copied whole.
    static func appendQuoted(_ value: String, to text: inout String) {
        guard value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else {
            text += quoted(value)
            return
        }
        text += "\""
        text += value
        text += "\""
    }
}
