import Foundation

/// Reads the message `ecs-medic explain` classifies: its argument, or standard input for `-`.
public enum ExplainInput {
    /// How much of standard input is kept: the classifier reads no more than this, so the rest is read and dropped.
    public static let byteLimit = 64 * 1024

    /// The message to classify; throws `InputError` when it is empty or only white space.
    public static func message(argument: String, standardInput: FileHandle = .standardInput) throws -> String {
        let message = argument == "-" ? readBounded(standardInput) : argument
        guard message.unicodeScalars.contains(where: { !$0.properties.isWhitespace && $0 != "\0" }) else {
            throw InputError(argument == "-" ? "explain: standard input is empty; paste a stopped reason"
                                             : "explain: the message is empty; pass a stopped reason or - to read standard input")
        }
        return message
    }

    /// Standard input up to `byteLimit` bytes, read to its end so that a writer never blocks or gets SIGPIPE.
    static func readBounded(_ handle: FileHandle) -> String {
        var kept = Data()
        while let chunk = try? handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
            if kept.count < byteLimit { kept.append(chunk.prefix(byteLimit - kept.count)) }
        }
        return String(decoding: kept, as: UTF8.self)
    }
}
