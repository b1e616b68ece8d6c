import Foundation

/// Runs rules' examples (design.md §8): each names a fixture and whether the rule must fire there, and on which
/// blocking resource. A failure points back to the rule file and line of the example.
public struct RuleExampleRunner: Sendable {
    public struct Outcome: Sendable, Equatable {
        public var rule: String
        public var fixture: String
        /// `rules/x.yaml:12`.
        public var location: String
        public var passed: Bool
        public var detail: String
    }

    public let fixturesFolder: String

    public init(fixturesFolder: String) {
        self.fixturesFolder = fixturesFolder
    }

    public func run(_ rules: [Rule]) throws -> [Outcome] {
        var factsByFixture: [String: Facts] = [:]
        var outcomes: [Outcome] = []
        for rule in rules {
            for example in rule.examples {
                let location = "\(rule.file):\(example.line)"
                let facts: Facts
                if let cached = factsByFixture[example.fixture] {
                    facts = cached
                } else {
                    let path = (fixturesFolder as NSString).appendingPathComponent(example.fixture)
                    guard FileManager.default.fileExists(atPath: path) else {
                        throw InputError("\(location): fixture \"\(example.fixture)\" not found in \(fixturesFolder)")
                    }
                    facts = try FactsDecoder().facts(from: try Snapshot.load(from: path))
                    factsByFixture[example.fixture] = facts
                }
                let diagnoser = Diagnoser(rules: [rule])
                let result: DiagnosisResult
                if let file = example.taskDefinition {
                    let path = ((fixturesFolder as NSString).appendingPathComponent(example.fixture) as NSString).appendingPathComponent(file)
                    let definition = try TaskDefinitionFile(path: path)
                    result = try diagnoser.check(definition.definition, document: definition.document, in: facts,
                                                 selecting: TargetSelector(), network: nil)
                } else {
                    result = try diagnoser.diagnose(facts, selecting: TargetSelector())
                }
                let fired = result.findings.filter { $0.rule == rule.id }
                outcomes.append(judge(rule, example, fired, location))
            }
        }
        return outcomes
    }

    private func judge(_ rule: Rule, _ example: RuleExample, _ fired: [Finding], _ location: String) -> Outcome {
        let blocking = fired.compactMap(\.resources.first)
        var passed: Bool
        var detail: String
        if example.fires {
            if let resource = example.resource {
                passed = blocking.contains(resource)
                detail = passed ? "fires on \(resource)" : fired.isEmpty ? "expected to fire on \(resource), did not fire" : "expected to fire on \(resource), fired on \(blocking.joined(separator: ", "))"
            } else {
                passed = !fired.isEmpty
                detail = passed ? "fires" : "expected to fire, did not"
            }
        } else {
            passed = fired.isEmpty
            detail = passed ? "does not fire" : "expected not to fire, fired on \(blocking.joined(separator: ", "))"
        }
        let subject = example.fixture + (example.taskDefinition.map { "/\($0)" } ?? "")
        return Outcome(rule: rule.id, fixture: example.fixture, location: "\(location) (\(subject))",
                       passed: passed, detail: detail)
    }
}
