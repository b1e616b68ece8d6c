/// One permission decision for the HTML report: who calls what on which resource, the decision, and a row per
/// policy layer (design.md §9) saying what that layer did and which statement decided, the deciding layers marked.
struct PolicyLayerTable {
    let verdict: PermissionVerdict

    func html() -> String {
        let decision = verdict.decision?.decision.rawValue ?? "unknown"
        let call = verdict.call
        var html = "<div class=\"iam\" data-decision=\"\(decision)\">\n"
        html += "<p class=\"call\">\(verdict.role.rawValue) role <code>\(MarkupText.escape(PermissionEngine.roleName(verdict.roleArn)))</code> → "
            + "<code>\(MarkupText.escape(call.action))</code> on <code>\(MarkupText.escape(call.resource))</code>"
            + (verdict.endpointId.map { " through <code>\(MarkupText.escape($0))</code>" } ?? "")
            + ": <span class=\"decision \(decision)\">\(Self.decisionLabel(verdict.decision?.decision))</span></p>\n"
        html += "<p class=\"why\">for \(MarkupText.escape(call.reason))</p>\n"
        html += "<table class=\"layers\"><thead><tr><th>Layer</th><th>Policies</th><th>Result</th><th>Deciding statement</th></tr></thead><tbody>\n"
        for layer in PolicyLayer.allCases {
            let row = self.row(layer)
            html += "<tr class=\"\(row.state)\(row.deciding ? " deciding" : "")\" data-layer=\"\(layer.rawValue)\">"
                + "<th scope=\"row\">\(MarkupText.escape(title(of: layer)))</th>"
                + "<td>\(row.policies.isEmpty ? "—" : row.policies.map { "<code>\(MarkupText.escape($0))</code>" }.joined(separator: "<br>"))</td>"
                + "<td>\(MarkupText.escape(row.result))</td><td>\(row.statement.map(MarkupText.escape) ?? "—")</td></tr>\n"
        }
        html += "</tbody></table>\n"
        if verdict.decision == nil, !verdict.unverified.isEmpty {
            html += "<p class=\"undecided\">Undecided: "
                + verdict.unverified.map { MarkupText.escape("\($0.fact): \($0.reason)\($0.permission.map { " (needs \($0))" } ?? "")") }
                    .joined(separator: "; ") + "</p>\n"
        }
        if verdict.allowedForTaskRole == true {
            html += "<p class=\"wrong-role\">The task role would be allowed this call: the grant is on the wrong role (the ECS agent uses the execution role).</p>\n"
        }
        return html + "</div>\n"
    }

    private struct Row {
        var policies: [String]
        var result: String
        var statement: String?
        var state: String
        var deciding = false
    }

    private func row(_ layer: PolicyLayer) -> Row {
        let policies = verdict.policyNames[layer] ?? []
        let statements = verdict.decision?.matched.filter { $0.layer == layer } ?? []
        let named = statements.map { "\(PermissionEvidence.statementName($0)) in \(PermissionEvidence.policyName(of: $0, in: verdict))" }
            .joined(separator: "; ")
        guard let decision = verdict.decision else {
            return Row(policies: policies, result: verdict.policyNames[layer] == nil ? notPresent(layer) : "read; the decision needs what could not be read",
                       statement: nil, state: "unknown")
        }
        if decision.decision == .explicitDeny, !statements.isEmpty {
            return Row(policies: policies, result: "explicit deny", statement: named, state: "deny", deciding: true)
        }
        if decision.blockedBy.contains(layer) {
            return Row(policies: policies, result: policies.isEmpty ? "no policy, so no allow" : "no statement allows the call",
                       statement: nil, state: "deny", deciding: true)
        }
        if !statements.isEmpty {
            return Row(policies: policies, result: "allows", statement: named, state: "allow")
        }
        if verdict.policyNames[layer] != nil {
            return Row(policies: policies, result: decision.decision == .explicitDeny ? "not deciding (an explicit deny elsewhere wins)" : "does not restrict the call",
                       statement: nil, state: "neutral")
        }
        return Row(policies: [], result: notPresent(layer), statement: nil, state: "none")
    }

    /// Why a layer holds no policy: SCPs and RCPs are not collected during a diagnosis; the others do not apply.
    private func notPresent(_ layer: PolicyLayer) -> String {
        switch layer {
        case .serviceControlPolicies, .resourceControlPolicies: return "not evaluated (not collected)"
        case .sessionPolicy: return "none (the ECS agent's role session carries no session policy)"
        case .permissionsBoundary: return "none set on the role"
        case .endpointPolicy: return verdict.endpointId == nil ? "none (the call does not go through an endpoint)" : "none (the endpoint allows everything)"
        case .resourcePolicy: return "none"
        case .identity: return "none"
        }
    }

    /// The resource layer of a KMS call is the key policy.
    private func title(of layer: PolicyLayer) -> String {
        layer == .resourcePolicy && verdict.call.action.hasPrefix("kms:") ? "key policy" : layer.title
    }

    private static func decisionLabel(_ decision: AuthorizationDecision.Decision?) -> String {
        switch decision {
        case .allowed?: return "allowed"
        case .implicitDeny?: return "implicit deny"
        case .explicitDeny?: return "explicit deny"
        case nil: return "undecided"
        }
    }
}
