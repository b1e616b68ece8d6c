/// What a secret looks like, in one place for everything that masks them: recorded snapshots (`SnapshotRedactor`)
/// and container log lines (`LogRedactor`). Shapes only: ecs-medic never reads a secret's value to compare with.
enum SecretShapes {
    /// What a masked value is replaced with; the diagnosis treats a fact holding it as unverified.
    static let marker = "REDACTED-BY-ECS-MEDIC"
    /// Words in a field or variable name (lowercased, separators removed) that say its value is a secret.
    static let secretWords = ["password", "passwd", "secret", "token", "apikey", "privatekey", "credential"]
    /// Endings of such names that say the value identifies a secret rather than holding it
    /// (`SecretArn`, `credentialsParameter`, `SecretStatus`, `secretsmanager:SecretId`, `credentialSpecs`).
    static let identifierEndings = ["arn", "arns", "id", "ids", "name", "names", "parameter", "valuefrom", "status",
                                    "type", "stage", "stages", "region", "date", "specs"]

    /// Names with a secret word in them whose value is public: a .NET assembly's `PublicKeyToken` is a hash of its
    /// signing key, printed in every assembly-load error.
    static let publicNames: Set<String> = ["publickeytoken"]

    /// True when a field or variable name says its value is a secret, not an identifier of one.
    static func namesSecret(_ name: String) -> Bool {
        let normalized = String(name.lowercased().filter { $0.isLetter || $0.isNumber })
        return secretWords.contains { normalized.contains($0) } && !identifierEndings.contains { normalized.hasSuffix($0) }
            && !publicNames.contains(normalized)
    }

    /// True when a text holds (the start of) a PEM private key block.
    static func holdsPrivateKey(_ text: String) -> Bool {
        text.contains("-----BEGIN") && text.contains("PRIVATE KEY-----")
    }

    /// Every AWS access key id (`AKIA...` long-term, `ASIA...` temporary) replaced by the marker.
    static func withoutAccessKeyIDs(_ text: String) -> String {
        text.replacing(#/(AKIA|ASIA)[A-Z0-9]{16}/#, with: marker)
    }

    /// `postgresql://app:hunter2@db:5432/app` → `postgresql://app:REDACTED-BY-ECS-MEDIC@db:5432/app`: the user and
    /// the host stay, the password goes (up to the last `@` before the path; no whitespace in a URL's user info).
    static func withoutURLPasswords(_ text: String) -> String {
        guard text.contains("://") else { return text }
        return text.replacing(#/(?<prefix>[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*:)[^\s/]+@/#) { match in
            String(match.output.prefix) + marker + "@"
        }
    }
}

extension SecretShapes {
    /// STS session tokens by the prefix every one of them starts with (`IQoJb3JpZ2lu...`, older `FwoGZXIvYXdz...`).
    static func withoutSessionTokens(_ text: String) -> String {
        guard text.contains("IQoJb3JpZ2lu") || text.contains("FwoGZXIvYXdz") else { return text }
        return text.replacing(#/(?:IQoJb3JpZ2lu|FwoGZXIvYXdz)[A-Za-z0-9\/+=]{16,}/#, with: marker)
    }

    /// A secret access key (40 characters of base64) just after its name: `aws_secret_access_key = wJalr...`,
    /// `SecretAccessKey: wJalr...`, `"secretAccessKey":"wJalr..."`.
    static func withoutSecretAccessKeys(_ text: String) -> String {
        guard text.range(of: "access", options: .caseInsensitive) != nil else { return text }
        return text.replacing(#/(?i)(?<head>secret_?access_?key["']?\W{0,4})[A-Za-z0-9\/+]{40}(?![A-Za-z0-9\/+=])/#) { match in
            String(match.output.head) + marker
        }
    }

    /// The credentials of an HTTP Authorization header (`Authorization: Bearer eyJ...`, `authorization=Basic ...`),
    /// and a long token after the word Bearer anywhere.
    static func withoutAuthorizationCredentials(_ text: String) -> String {
        guard text.range(of: "authorization", options: .caseInsensitive) != nil
                || text.range(of: "bearer", options: .caseInsensitive) != nil else { return text }
        let header = text.replacing(
            #/(?i)(?<head>\bauthorization["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest)\s+)?)(?<value>[^\s"',;]+)/#
        ) { match in
            match.output.value == marker ? String(match.output.0) : String(match.output.head) + marker
        }
        return header.replacing(#/(?i)(?<head>\bbearer\s+)[A-Za-z0-9\-._~+\/]{16,}=*/#) { match in
            String(match.output.head) + marker
        }
    }

    /// What a shell or runtime prints after `NAME: ` when it reports a variable, never a value:
    /// `DB_PASSWORD: unbound variable`, `API_TOKEN: parameter null or not set`.
    static let variableMessages = ["unbound variable", "parameter null or not set", "parameter not set", "readonly variable",
                                   "not set", "is not set", "not found", "command not found", "no such file or directory",
                                   "permission denied", "undefined", "missing", "required", "must be set"]

    /// The values of `key=value`, `"key": "value"`, `'key': 'value'`, `'key' => 'value'` and `Key-With-Dashes: value`
    /// pairs whose key names a secret (`namesSecret`) or is one of `names` (compared without case); an ARN value stays.
    ///
    /// `key: value` without quotes is masked only for keys with `-`, `_` or `.` in them (headers, dotted settings,
    /// variables) or named in `names`, so that messages such as `Error: token expired` keep their words.
    static func withoutSecretAssignments(_ text: String, names: Set<String>) -> String {
        guard text.contains("=") || text.contains(":") else { return text }
        let lowered = text.lowercased()
        let joined = String(lowered.filter { !"_-.".contains($0) })
        guard secretWords.contains(where: { joined.contains($0) }) || names.contains(where: { lowered.contains($0) }) else {
            return text
        }
        let pair = #/(?<openQuote>\\?["']?)(?<key>[A-Za-z_][A-Za-z0-9_.\-]*)(?<closeQuote>\\?["']?)(?<separator>[ \t]*(?::|=>|=(?![=>]))[ \t]*)(?<value>\\"(?:(?!\\").)*\\"|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s&;"']+)/#
        var result = ""
        var position = text.startIndex
        while position < text.endIndex, let match = text[position...].firstMatch(of: pair) {
            let output = match.output
            let key = String(output.key)
            let keyQuoted = !output.openQuote.isEmpty && output.openQuote == output.closeQuote
            // `"password=hunter2"` opens a quote the key does not close; `password": x` closes one it did not open.
            let balanced = output.closeQuote.isEmpty || keyQuoted
            let valueText = String(output.value)
            let quote = valueText.hasPrefix("\\\"") ? "\\\"" : valueText.first.map { $0 == "\"" || $0 == "'" ? String($0) : "" } ?? ""
            let inner = quote.isEmpty ? valueText : String(valueText.dropFirst(quote.count).dropLast(quote.count))
            let named = names.contains(key.lowercased())
            let colon = output.separator.contains(":")
            // `?token= HTTP/1.1` is an empty value followed by other text; `password = hunter2` is a value.
            let spacedOnlyAfter = !colon && output.separator.last?.isWhitespace == true
                && output.separator.first?.isWhitespace != true
            let rest = text[output.value.startIndex...].prefix(32).lowercased()
            let masks = balanced && (named || namesSecret(key)) && !inner.isEmpty && inner != marker
                && ARN(inner) == nil
                && (!colon || keyQuoted || !quote.isEmpty || named || key.contains(where: { "-_.".contains($0) }))
                && !(colon && quote.isEmpty && variableMessages.contains { rest.hasPrefix($0) }) && !spacedOnlyAfter
            if masks {
                result += String(text[position..<output.value.startIndex]) + quote + marker + quote
                position = output.value.endIndex
            } else {
                // Look again from the value on: `config: password=hunter2` holds a pair inside the value.
                result += String(text[position..<output.value.startIndex])
                position = output.value.startIndex
            }
        }
        return result + String(text[position...])
    }
}
