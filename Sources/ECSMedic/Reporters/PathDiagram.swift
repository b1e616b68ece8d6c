import Foundation

/// One network verdict for the HTML report: an inline SVG drawing of the path, from the task's network interface
/// through each hop the reachability engine walked (security groups, network ACLs, route table, endpoint, NAT or
/// internet gateway) to the destination, the deciding hop marked; then the rule that blocks in words and every
/// hop in a table.
struct PathDiagram {
    let verdict: PathVerdict

    private struct Node {
        var caption: String
        var name: String
        var detail: String?
        var state: String
        var deciding = false
    }

    private static let width = 196, height = 92, gap = 34, perRow = 5, rowGap = 40

    func html() -> String {
        let outcome = verdict.outcome.rawValue
        var html = "<figure class=\"path \(outcome)\" data-outcome=\"\(outcome)\">\n"
        html += "<figcaption>\(MarkupText.escape(verdict.need.displayName)) from <code>\(MarkupText.escape(verdict.subnetId))</code>: "
            + "<span class=\"outcome \(outcome)\">\(outcome)</span></figcaption>\n"
        html += svg()
        if let hop = verdict.decidingHop {
            let verb = hop.passes == false ? "Blocked at" : "Not visible past"
            html += "<p class=\"blocked-by\" data-blocking-resource=\"\(MarkupText.escape(hop.resource))\"><strong>\(verb) "
                + "<code>\(MarkupText.escape(hop.resource))</code></strong> (\(MarkupText.escape(Self.caption(of: hop.kind)))): "
                + "\(MarkupText.escape(hop.detail))</p>\n"
        }
        for hop in verdict.hops where hop.warning != nil {
            html += "<p class=\"hop-warning\"><code>\(MarkupText.escape(hop.resource))</code>: \(MarkupText.escape(hop.warning ?? ""))</p>\n"
        }
        html += hopTable()
        return html + "</figure>\n"
    }

    private var nodes: [Node] {
        let origin = verdict.origin
        let open = origin.range(of: " (")
        var nodes = [Node(caption: origin.hasPrefix("eni-") ? "task ENI" : "subnet",
                          name: open.map { String(origin[..<$0.lowerBound]) } ?? origin,
                          detail: open.map { String(origin[$0.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: ")")) },
                          state: "pass")]
        let deciding = verdict.decidingHop
        for hop in verdict.hops where !hop.isNote {
            var detail = hop.label
            if detail.hasPrefix(hop.resource) { detail = String(detail.dropFirst(hop.resource.count)).trimmingCharacters(in: .whitespaces) }
            nodes.append(Node(caption: Self.caption(of: hop.kind), name: hop.resource, detail: detail.isEmpty ? nil : detail,
                              state: Self.state(hop.passes, warning: hop.warning != nil), deciding: hop == deciding))
        }
        let reached = verdict.outcome == .reachable ? "pass" : verdict.outcome == .blocked ? "unreached" : "unknown"
        nodes.append(Node(caption: Self.destinationCaption(verdict.need), name: verdict.need.displayName, detail: nil, state: reached))
        return nodes
    }

    private func svg() -> String {
        let nodes = self.nodes
        let columns = min(nodes.count, Self.perRow)
        let rows = (nodes.count + Self.perRow - 1) / Self.perRow
        let totalWidth = columns * Self.width + (columns - 1) * Self.gap + 8
        let totalHeight = rows * Self.height + (rows - 1) * Self.rowGap + 8
        let names = nodes.map(\.name).joined(separator: " → ")
        var svg = "<svg class=\"diagram\" viewBox=\"0 0 \(totalWidth) \(totalHeight)\" "
            + "width=\"\(totalWidth)\" role=\"img\" aria-label=\"\(MarkupText.escape(names))\">\n"
        for (index, node) in nodes.enumerated() {
            let (x, y) = position(index)
            if index > 0 { svg += connector(from: position(index - 1), to: (x, y), state: node.state) }
            svg += "<g class=\"node \(node.state)\(node.deciding ? " deciding" : "")\"\(node.deciding ? " data-blocking=\"true\"" : "")>"
            svg += "<title>\(MarkupText.escape(node.caption)): \(MarkupText.escape(node.name))\(node.detail.map { " " + MarkupText.escape($0) } ?? "")</title>"
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(Self.width)\" height=\"\(Self.height)\" rx=\"8\"/>"
            svg += "<text class=\"caption\" x=\"\(x + 10)\" y=\"\(y + 18)\">\(MarkupText.escape(Self.shortened(node.caption, to: 26)))</text>"
            svg += "<text class=\"mark\" x=\"\(x + Self.width - 10)\" y=\"\(y + 19)\" text-anchor=\"end\">\(Self.mark(node.state))</text>"
            svg += "<text class=\"name\" x=\"\(x + 10)\" y=\"\(y + 42)\">\(MarkupText.escape(Self.shortened(node.name, to: 24)))</text>"
            if let detail = node.detail {
                svg += "<text class=\"detail\" x=\"\(x + 10)\" y=\"\(y + 62)\">\(MarkupText.escape(Self.shortened(detail, to: 25)))</text>"
            }
            if node.deciding {
                svg += "<text class=\"verdict\" x=\"\(x + 10)\" y=\"\(y + 82)\">"
                    + (node.state == "block" ? "blocks here" : "not visible past here") + "</text>"
            }
            svg += "</g>\n"
        }
        return svg + "</svg>\n"
    }

    private func position(_ index: Int) -> (Int, Int) {
        (4 + index % Self.perRow * (Self.width + Self.gap), 4 + index / Self.perRow * (Self.height + Self.rowGap))
    }

    /// An arrow to the next node: straight within a row, down and back to the left edge between rows.
    private func connector(from: (Int, Int), to: (Int, Int), state: String) -> String {
        let style = state == "unreached" || state == "unknown" ? "link dashed" : "link"
        if from.1 == to.1 {
            let startX = from.0 + Self.width, endX = to.0 - 2, y = from.1 + Self.height / 2
            return "<path class=\"\(style)\" d=\"M\(startX) \(y) H\(endX - 6)\"/><path class=\"arrow\" d=\"M\(endX - 8) \(y - 5) L\(endX) \(y) L\(endX - 8) \(y + 5) Z\"/>\n"
        }
        let startX = from.0 + Self.width / 2, startY = from.1 + Self.height, midY = startY + Self.rowGap / 2
        let endX = to.0 + Self.width / 2, endY = to.1 - 2
        return "<path class=\"\(style)\" d=\"M\(startX) \(startY) V\(midY) H\(endX) V\(endY - 6)\"/><path class=\"arrow\" d=\"M\(endX - 5) \(endY - 8) L\(endX) \(endY) L\(endX + 5) \(endY - 8) Z\"/>\n"
    }

    private func hopTable() -> String {
        var html = "<details class=\"hops\"><summary>every hop (\(verdict.hops.count))</summary>\n<table class=\"hops\"><thead><tr><th>#</th><th>Hop</th><th>Resource</th><th>What was found</th><th>Source</th><th>Result</th></tr></thead><tbody>\n"
        let deciding = verdict.decidingHop
        for (index, hop) in verdict.hops.enumerated() {
            let state = hop.isNote ? "note" : Self.state(hop.passes, warning: hop.warning != nil)
            let result = hop.isNote ? "noted" : hop.passes == true ? "passes" : hop.passes == false ? "blocks" : "cannot tell"
            html += "<tr class=\"\(state)\(hop == deciding ? " deciding" : "")\"><td>\(index + 1)</td><td>\(MarkupText.escape(Self.caption(of: hop.kind)))</td>"
                + "<td><code>\(MarkupText.escape(hop.resource))</code></td><td>\(MarkupText.escape(hop.detail))</td>"
                + "<td class=\"source\">\(MarkupText.escape(hop.source))</td><td>\(result)</td></tr>\n"
        }
        return html + "</tbody></table></details>\n"
    }

    private static func state(_ passes: Bool?, warning: Bool) -> String {
        switch passes {
        case true?: return warning ? "warn" : "pass"
        case false?: return "block"
        case nil: return "unknown"
        }
    }

    private static func mark(_ state: String) -> String {
        switch state {
        case "pass": return "✓"
        case "warn": return "!"
        case "block": return "✗"
        case "unreached": return "–"
        default: return "?"
        }
    }

    /// `text` cut to `limit` characters with an ellipsis, keeping its end for ARNs (their last part names the
    /// resource) and its start for everything else.
    static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return text.hasPrefix("arn:") ? "…" + text.suffix(limit - 1) : text.prefix(limit - 1) + "…"
    }

    static func caption(of kind: PathHop.Kind) -> String {
        switch kind {
        case .taskSecurityGroupEgress: return "security group egress"
        case .route: return "route table"
        case .publicIP: return "public IP"
        case .natGateway: return "NAT gateway"
        case .internetGateway: return "internet gateway"
        case .gatewayEndpoint: return "gateway endpoint"
        case .endpoint: return "interface endpoint"
        case .endpointDNS: return "endpoint DNS"
        case .endpointSecurityGroup: return "endpoint security group"
        case .networkACL: return "network ACL"
        case .targetSecurityGroupIngress: return "target SG ingress"
        case .loadBalancerSecurityGroupEgress: return "load balancer SG egress"
        case .taskSecurityGroupIngress: return "task SG ingress"
        case .efsMountTarget: return "EFS mount target"
        case .unverifiable: return "beyond what is visible"
        }
    }

    private static func destinationCaption(_ need: NetworkNeed) -> String {
        switch need.destination {
        case .awsService(let name, let region): return "\(name).\(region)"
        case .database(let target): return "database port \(target.port)"
        case .registry: return "registry"
        case .loadBalancer(let target): return "container port \(target.port)"
        case .efs: return "NFS 2049"
        }
    }
}
