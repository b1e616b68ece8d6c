import CYaml
import Foundation

/// Guards Yams against "billion laughs" documents: a few lines of nested aliases (`&a [x, x]`, `&b [*a, *a]`, ...)
/// stand for an exponential number of nodes, and Yams walks them all when such a node is a mapping key (its
/// duplicate-key check hashes the key). This reads the document's events with libyaml, counting each node as the
/// number of nodes it expands to, before Yams composes it.
enum YAMLExpansion {
    /// The most nodes a document may expand to; rule and configuration files have a few hundred.
    static let maxNodes = 100_000

    /// Throws when the document at `text` expands to more than `maxNodes` nodes; syntax errors are left to Yams.
    static func check(_ text: String, file: String) throws(InputError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        var failure: InputError?
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            var sizes: [String: Int] = [:]
            var open: [(anchor: String?, nodes: Int)] = []
            func close(_ nodes: Int, anchor: String?, line: Int) -> Bool {
                if let anchor { sizes[anchor] = nodes }
                if !open.isEmpty { open[open.count - 1].nodes = min(open[open.count - 1].nodes + nodes, Int.max / 2) }
                guard nodes <= maxNodes, open.last.map({ $0.nodes <= maxNodes }) ?? true else {
                    failure = InputError("\(file):\(line): aliases expand to more than \(maxNodes) YAML nodes")
                    return false
                }
                return true
            }
            func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                anchor.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_SCALAR_EVENT:
                    guard close(1, anchor: name(event.data.scalar.anchor), line: line) else { return }
                case YAML_ALIAS_EVENT:
                    guard close(name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1, anchor: nil, line: line) else { return }
                case YAML_SEQUENCE_START_EVENT:
                    open.append((name(event.data.sequence_start.anchor), 1))
                case YAML_MAPPING_START_EVENT:
                    open.append((name(event.data.mapping_start.anchor), 1))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let node = open.popLast(), close(node.nodes, anchor: node.anchor, line: line) else { return }
                default:
                    break
                }
            }
        }
        if let failure { throw failure }
    }
}
