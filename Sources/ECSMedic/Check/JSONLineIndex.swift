/// The line of every member of a JSON text, by path (`containerDefinitions[0].secrets[1].valueFrom`), so that
/// findings about a task definition file can point at the line that causes them. A member's line is the line
/// of its key; an array element's, the line where it starts.
public struct JSONLineIndex: Sendable, Equatable {
    public private(set) var lines: [String: Int] = [:]

    /// Members nested deeper than this are walked but not indexed: no task definition field is nearly as deep, and
    /// paths that grow with depth would take memory quadratic in the size of a hostile file.
    static let maxIndexedDepth = 32
    /// Nesting deeper than this ends the walk, as malformed text does: the walk is recursive.
    static let maxDepth = 512

    /// Indexes a JSON text; on malformed text it indexes what it could read (decoding reports the error).
    public init(_ text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        scanner.value(path: "", line: nil, depth: 0)
        lines = scanner.lines
    }

    /// The line of `path`, else of its nearest enclosing member that has one.
    public func line(of path: String) -> Int? {
        var path = path
        while true {
            if let line = lines[path] { return line }
            guard !path.isEmpty else { return nil }
            path = Self.parent(of: path)
        }
    }

    static func parent(of path: String) -> String {
        if path.hasSuffix("]"), let open = path.lastIndex(of: "[") { return String(path[..<open]) }
        if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
        return ""
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var lines: [String: Int] = [:]

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                if byte == 0x0A { line += 1 }
                index += 1
            }
        }

        mutating func value(path: String, line keyLine: Int?, depth: Int) {
            skipWhitespace()
            guard depth <= JSONLineIndex.maxDepth else { return }
            let indexed = depth <= JSONLineIndex.maxIndexedDepth
            if indexed { lines[path] = keyLine ?? line }
            switch current {
            case UInt8(ascii: "{"):
                index += 1
                while true {
                    skipWhitespace()
                    guard let byte = current, byte != UInt8(ascii: "}") else { index += 1; return }
                    if byte == UInt8(ascii: ",") { index += 1; continue }
                    guard byte == UInt8(ascii: "\"") else { return }
                    let keyStart = line
                    let key = string()
                    skipWhitespace()
                    guard current == UInt8(ascii: ":") else { return }
                    index += 1
                    value(path: !indexed ? path : path.isEmpty ? key : "\(path).\(key)", line: keyStart, depth: depth + 1)
                }
            case UInt8(ascii: "["):
                index += 1
                var element = 0
                while true {
                    skipWhitespace()
                    guard let byte = current, byte != UInt8(ascii: "]") else { index += 1; return }
                    if byte == UInt8(ascii: ",") { index += 1; continue }
                    let before = index
                    value(path: indexed ? "\(path)[\(element)]" : path, line: nil, depth: depth + 1)
                    element += 1
                    if index == before { return }
                }
            case UInt8(ascii: "\""):
                _ = string()
            case .some:
                while let byte = current, !Set<UInt8>([0x2C, 0x5D, 0x7D, 0x20, 0x0A, 0x0D, 0x09]).contains(byte) { index += 1 }
            case .none:
                return
            }
        }

        /// Reads a string starting at its opening quote, returning its text (escapes other than `\"` and `\\`
        /// are kept as written: keys of task definitions do not use them).
        mutating func string() -> String {
            index += 1
            var text: [UInt8] = []
            while let byte = current, byte != UInt8(ascii: "\"") {
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    index += 1
                    text.append(bytes[index])
                } else {
                    text.append(byte)
                }
                index += 1
            }
            index += 1
            return String(decoding: text, as: UTF8.self)
        }
    }
}
