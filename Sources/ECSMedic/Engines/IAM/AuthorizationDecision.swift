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
        text += blockedBy.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
        text += "],\"decision\":\"\(decision.rawValue)\",\"matched\":["
        text += matched.map(\.json).joined(separator: ",")
        return text + "]}"
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
        var text = "{\"effect\":\"\(effect.rawValue)\",\"index\":\(index),\"layer\":\"\(layer.rawValue)\""
        if let level { text += ",\"level\":" + JSONText.quoted(level) }
        text += ",\"policy\":\(policy),\"sid\":" + (sid.map(JSONText.quoted) ?? "null")
        return text + "}"
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
}
