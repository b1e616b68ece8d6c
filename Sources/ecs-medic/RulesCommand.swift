import ArgumentParser
import ECSMedic
import Foundation

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, show and test the rules.",
        subcommands: [List.self, Show.self, Test.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every rule with its severity and title.")

        @Option(name: .customLong("rules"), help: "A folder of extra rule files (repeatable).")
        var ruleFolders: [String] = []

        func run() throws {
            let rules = try RuleSet.load(folders: ruleFolders).rules
            let width = rules.map(\.id.count).max() ?? 0
            let lines = rules.map { rule in
                rule.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + rule.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + "  " + rule.title
            }
            print(lines.joined(separator: "\n"))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one rule: what it checks, why, and how to fix it.")

        @Argument(help: "The rule id.")
        var id: String

        @Option(name: .customLong("rules"), help: "A folder of extra rule files (repeatable).")
        var ruleFolders: [String] = []

        func run() throws {
            guard let rule = try RuleSet.load(folders: ruleFolders).rule(id) else {
                throw InputError("unknown rule id \"\(id)\" (see `ecs-medic rules list`)")
            }
            print(RuleDescription(rule: rule).text)
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's examples against their fixtures; exit 1 when one fails.")

        @Argument(help: "The fixtures folder (default: ./fixtures).")
        var fixtures: String = "fixtures"

        @Option(name: .customLong("rules"), help: "A folder of extra rule files (repeatable).")
        var ruleFolders: [String] = []

        func run() throws {
            let rules = try RuleSet.load(folders: ruleFolders).rules
            let outcomes = try RuleExampleRunner(fixturesFolder: fixtures).run(rules)
            for outcome in outcomes where !outcome.passed {
                print("FAIL \(outcome.location): \(outcome.detail)")
            }
            // A user rule may leave its examples out (design.md §8.1): listed, not counted as passed.
            let untested = rules.filter(\.examples.isEmpty)
            for rule in untested { print("UNTESTED \(rule.id) (\(rule.file)): no examples") }
            let failed = outcomes.filter { !$0.passed }.count
            print("\(outcomes.count - failed) passed, \(failed) failed" + (untested.isEmpty ? "" : ", \(untested.count) untested"))
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
