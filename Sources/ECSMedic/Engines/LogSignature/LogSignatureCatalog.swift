import Foundation

/// The crash, readiness and access-log signatures ecs-medic recognises in container logs, compiled once.
public struct LogSignatureCatalog: Sendable {
    /// The file the shipped catalog is read from (embedded in the binary).
    public static let shippedFile = "data/log-signatures.yaml"

    /// Every signature, in the order of the file.
    public let signatures: [LogSignature]
    private let compiled: [[LogPattern]]

    /// The longest stretch of a line (UTF-16 units) the patterns look at: a megabyte-long JSON line costs no more
    /// than this. Every signature's text is far shorter.
    static let maxLineLength = 16_384

    /// The catalog built into ecs-medic. The file is part of the build and its loading is tested, so a failure here
    /// is a defect of the build, not of the user's input.
    public static let shipped: LogSignatureCatalog = {
        guard let file = BuiltinResources.files(under: "data").first(where: { $0.path == shippedFile }) else {
            fatalError("\(shippedFile) is not embedded in this build")
        }
        do {
            return try LogSignatureCatalog(yaml: file.text, file: file.path)
        } catch {
            fatalError("\(error)")
        }
    }()

    /// Reads a catalog in the form of `data/log-signatures.yaml`; errors name the file, the line and the signature.
    public init(yaml: String, file: String = LogSignatureCatalog.shippedFile) throws {
        try self.init(signatures: try LogSignatureLoader(file: file).signatures(fromYAML: yaml))
    }

    /// A catalog of signatures whose patterns are already expanded (as `LogSignature.patterns` holds them).
    init(signatures: [LogSignature]) throws {
        self.signatures = signatures
        compiled = try signatures.map { signature in try signature.patterns.map { try LogPattern(expanded: $0) } }
    }

    /// The signature with this id.
    public func signature(_ id: String) -> LogSignature? {
        signatures.first { $0.id == id }
    }

    /// Every line's matches, in line order and then catalog order: at most one match per signature and line (its
    /// first pattern that matches). A signature spanning several lines sees the line and the next ones joined by `\n`,
    /// and matches only where its match starts on the first of them. A line that is a JSON object is matched as the
    /// text it carries (`StructuredLogLine`), each line of its values in turn.
    public func matches(in lines: [String]) -> [LogSignatureMatch] {
        func clipped(_ line: String) -> String {
            let units = line.utf16
            guard units.count > Self.maxLineLength else { return line }
            return String(units.prefix(Self.maxLineLength)) ?? String(line.prefix(Self.maxLineLength / 2))
        }
        let segments: [(line: Int, text: String)] = lines.enumerated().flatMap { index, line in
            (StructuredLogLine.texts(of: line) ?? [line]).map { (index, clipped($0)) }
        }
        var found: [LogSignatureMatch] = []
        var matched: Set<String> = []
        for start in segments.indices {
            if start > 0, segments[start - 1].line != segments[start].line { matched.removeAll() }
            let index = segments[start].line
            var windows: [Int: (text: String, utf8: [UInt8])] = [:]
            let firstLength = segments[start].text.utf16.count
            for (signature, patterns) in zip(signatures, compiled) where !matched.contains(signature.id) {
                let span = min(signature.lines, segments.count - start)
                if windows[span] == nil {
                    let text = segments[start..<start + span].map(\.text).joined(separator: "\n")
                    windows[span] = (text, Array(text.utf8))
                }
                let (text, utf8) = windows[span]!
                for pattern in patterns where pattern.mayMatch(utf8) {
                    guard let match = pattern.firstMatch(in: text, startingBefore: firstLength) else { continue }
                    let lineCount = segments[start + match.lines - 1].line - index + 1
                    found.append(LogSignatureMatch(signature: signature, lineIndex: index, line: lines[index],
                                                   lineCount: lineCount, captures: match.captures))
                    matched.insert(signature.id)
                    break
                }
            }
        }
        return found
    }
}
