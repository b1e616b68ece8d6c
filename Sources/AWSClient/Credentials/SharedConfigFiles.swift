import Foundation

/// The AWS CLI's shared files: `~/.aws/config` (`AWS_CONFIG_FILE`) with `[profile name]`, `[sso-session name]`
/// and `[services name]` sections, and `~/.aws/credentials` (`AWS_SHARED_CREDENTIALS_FILE`) with `[name]`.
struct SharedConfigFiles: Sendable {
    /// Profile settings from the config file.
    var configProfiles: [String: [String: String]] = [:]
    /// Profile settings from the credentials file.
    var credentialProfiles: [String: [String: String]] = [:]
    var ssoSessions: [String: [String: String]] = [:]
    /// `[services name]` sections: for each, the settings of each service (`ecs = \n  endpoint_url = ...`).
    var services: [String: [String: [String: String]]] = [:]

    /// Reads both files named by `environment` (missing files are empty).
    static func load(environment: [String: String]) -> SharedConfigFiles {
        func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        let configPath = nonEmpty(environment["AWS_CONFIG_FILE"]) ?? "\(home)/.aws/config"
        let credentialsPath = nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"]) ?? "\(home)/.aws/credentials"
        var files = SharedConfigFiles()
        for (section, settings, nested) in parse(read(expandingTilde(configPath, home: home))) {
            if section == "default" {
                files.configProfiles["default", default: [:]].merge(settings) { $1 }
            } else if section.hasPrefix("profile ") {
                let name = section.dropFirst("profile ".count).trimmingCharacters(in: .whitespaces)
                files.configProfiles[name, default: [:]].merge(settings) { $1 }
            } else if section.hasPrefix("sso-session ") {
                files.ssoSessions[section.dropFirst("sso-session ".count).trimmingCharacters(in: .whitespaces)] = settings
            } else if section.hasPrefix("services ") {
                files.services[section.dropFirst("services ".count).trimmingCharacters(in: .whitespaces)] = nested
            }
        }
        for (section, settings, _) in parse(read(expandingTilde(credentialsPath, home: home))) {
            files.credentialProfiles[section, default: [:]].merge(settings) { $1 }
        }
        return files
    }

    /// Whether either file has a section for `name`.
    func hasProfile(_ name: String) -> Bool {
        configProfiles[name] != nil || credentialProfiles[name] != nil
    }

    /// The profile's settings, the credentials file's taking precedence over the config file's.
    func profile(_ name: String) -> [String: String] {
        (configProfiles[name] ?? [:]).merging(credentialProfiles[name] ?? [:]) { $1 }
    }

    static func expandingTilde(_ path: String, home: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst() : path
    }

    private static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// INI sections in order: `[name]`, `key = value` lines (`#`/`;` comments), and indented sub-settings
    /// under a key with an empty value (as `[services]` sections and `s3 =` blocks use).
    private static func parse(_ text: String) -> [(String, [String: String], [String: [String: String]])] {
        var sections: [(String, [String: String], [String: [String: String]])] = []
        var parent: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                sections.append((String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces), [:], [:]))
                parent = nil
                continue
            }
            guard !sections.isEmpty, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let indented = rawLine.first == " " || rawLine.first == "\t"
            if indented, let parent {
                sections[sections.count - 1].2[parent, default: [:]][key] = value
            } else {
                sections[sections.count - 1].1[key] = value
                parent = value.isEmpty ? key : nil
            }
        }
        return sections
    }
}
