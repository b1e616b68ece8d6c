import AWSClient
import ECSMedic
import Foundation
import Testing

/// One data-driven decision test: a request (a topic file's `base` with the case's changes) and the decision AWS's
/// documentation gives for it.
///
/// Topic files live in `DecisionCases/*.json`: `{"topic", "doc", "policies": {NAME: policy}, "base": request,
/// "cases": [...]}`. A case may set `request` (fields replacing the base's), `identity` (the statements of a single
/// identity policy), `condition` (a `Condition` block on an identity statement allowing everything) and `context`;
/// it expects `expect` and, when given, `blockedBy` and `matched` (`"layer/policy/index"`). A string `"@NAME"`
/// anywhere stands for the topic's policy NAME.
struct DecisionCase: Sendable, CustomTestStringConvertible {
    let topic: String
    let doc: String
    let name: String
    let request: JSONValue
    let expect: String
    let blockedBy: [String]?
    let matched: [String]?

    var testDescription: String { "\(topic): \(name)" }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "DecisionCases")

    /// Every case of every topic file, in file order.
    static let all: [DecisionCase] = {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }.flatMap(load)
    }()

    static func load(_ url: URL) -> [DecisionCase] {
        guard let data = try? Data(contentsOf: url),
              let file = try? JSONDecoder().decode(JSONValue.self, from: data),
              let topic = file["topic"]?.stringValue, let doc = file["doc"]?.stringValue,
              case .object(let base)? = file["base"], let cases = file["cases"]?.arrayValue else {
            return [DecisionCase(topic: url.lastPathComponent, doc: "", name: "file is malformed", request: .null,
                                 expect: "readable", blockedBy: nil, matched: nil)]
        }
        let policies = file["policies"]?.objectValue ?? [:]
        return cases.enumerated().map { index, raw in
            var request = base
            for (key, value) in raw["request"]?.objectValue ?? [:] { request[key] = value }
            if let statements = raw["identity"] {
                request["identityPolicies"] = .array([.object(["Version": .string("2012-10-17"), "Statement": statements])])
            }
            if let condition = raw["condition"] {
                request["identityPolicies"] = .array([.object([
                    "Version": .string("2012-10-17"),
                    "Statement": .object(["Effect": .string("Allow"), "Action": .string("*"), "Resource": .string("*"),
                                          "Condition": condition]),
                ])])
            }
            if let context = raw["context"] { request["context"] = context }
            return DecisionCase(topic: topic, doc: doc, name: raw["name"]?.stringValue ?? "case \(index)",
                                request: substitute(.object(request), policies),
                                expect: raw["expect"]?.stringValue ?? "missing",
                                blockedBy: raw["blockedBy"]?.arrayValue?.compactMap(\.stringValue),
                                matched: raw["matched"]?.arrayValue?.compactMap(\.stringValue))
        }
    }

    private static func substitute(_ value: JSONValue, _ policies: [String: JSONValue]) -> JSONValue {
        switch value {
        case .string(let text) where text.hasPrefix("@"):
            return policies[String(text.dropFirst())].map { substitute($0, policies) } ?? value
        case .array(let items): return .array(items.map { substitute($0, policies) })
        case .object(let members): return .object(members.mapValues { substitute($0, policies) })
        default: return value
        }
    }
}
