import Foundation

/// A profile's `credential_process`: runs the command (split like a shell line, without a shell) and reads
/// `{"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ..., "SessionToken": ..., "Expiration": ...}`.
struct ProcessCredentials: CredentialLoader {
    let command: String
    let profile: String
    let environment: [String: String]

    func load() async throws -> AWSCredentials? {
        let arguments = Self.split(command)
        guard let executable = arguments.first else {
            throw failure("credential_process of profile \(profile) is empty")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.contains("/") ? executable : "/usr/bin/env")
        process.arguments = executable.contains("/") ? Array(arguments.dropFirst()) : arguments
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw failure("credential_process of profile \(profile) could not start: \(error.localizedDescription)")
        }
        let data: Data, errorText: String
        do {
            data = try output.fileHandleForReading.readToEnd() ?? Data()
            errorText = String(decoding: try errors.fileHandleForReading.readToEnd() ?? Data(), as: UTF8.self)
        } catch {
            process.terminate()
            process.waitUntilExit()
            throw failure("credential_process of profile \(profile) could not be read: \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw failure("credential_process of profile \(profile) exited with \(process.terminationStatus): "
                + errorText.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let json = try? JSONDecoder().decode(JSONValue.self, from: data), let version = json["Version"]?.numberValue,
           version != 1 {
            throw failure("credential_process of profile \(profile) returned Version \(Int(version)), not 1")
        }
        return try MetadataCredentialsJSON.parse(data, source: .process(profile: profile),
                                                 origin: "credential_process of profile \(profile)")
    }

    private func failure(_ message: String) -> AWSError {
        AWSError(kind: .authFailure, code: "CredentialProcessFailed", message: message)
    }

    /// Splits a command line as POSIX `shlex.split` does: whitespace separates, quotes group, `\` escapes.
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" && quote != "'" {
                escaped = true
                inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
