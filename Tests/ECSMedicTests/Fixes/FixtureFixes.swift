import AWSClient
import ECSMedic
import Foundation

/// The fixes ecs-medic writes for every fixture with findings, and the external tools that check them.
enum FixtureFixes {
    struct Diagnosis {
        var fixture: String
        var facts: Facts
        var result: DiagnosisResult
        var plan: FixPlan
    }

    /// Every fixture with at least one finding, diagnosed with all built-in rules, with its merged plan.
    static var all: [Diagnosis] { loaded.diagnoses }

    /// The fixtures that could not be loaded or diagnosed, with the error (FixVerificationTests asserts none).
    static var errors: [String: String] { loaded.errors }

    private static let loaded: (diagnoses: [Diagnosis], errors: [String: String]) = {
        var diagnoses: [Diagnosis] = []
        var errors: [String: String] = [:]
        for fixture in FixtureLibrary.names {
            do {
                let facts = try FixtureLibrary.facts(fixture)
                let diagnoser = Diagnoser(rules: try RuleSet.load().rules)
                let result = try diagnoser.diagnose(facts, selecting: TargetSelector())
                guard !result.findings.isEmpty else { continue }
                let plan = FixPlanner(diagnoser: diagnoser).plan(for: result, facts: facts, selector: TargetSelector())
                diagnoses.append(Diagnosis(fixture: fixture, facts: facts, result: result, plan: plan))
            } catch {
                errors[fixture] = "\(error)"
            }
        }
        return (diagnoses, errors)
    }()

    /// Every fix that carries changes, labelled `fixture/rule/fix`, plus each fixture's merged plan.
    static var snippets: [(label: String, terraform: String?, cloudformation: String?, iamPolicy: String?)] {
        all.flatMap { diagnosis in
            diagnosis.result.findings.flatMap { finding in
                finding.fixes.filter { !$0.changes.isEmpty }.map { fix in
                    ("\(diagnosis.fixture)/\(finding.rule)/\(fix.id)", fix.terraform, fix.cloudformation,
                     fix.iamPolicy.map { FixPlanText.json($0) })
                }
            } + [("\(diagnosis.fixture)/plan", diagnosis.plan.render(.terraform), diagnosis.plan.render(.cloudformation),
                  diagnosis.plan.render(.iamPolicy))]
        }
    }

    /// Writes each text to its own file in a fresh folder and returns the paths by label.
    static func write(_ texts: [(label: String, text: String)], suffix: String) throws -> [(label: String, path: String)] {
        let folder = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-fixes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try texts.enumerated().map { index, item in
            let url = folder.appending(path: "\(index)\(suffix)")
            try Data(item.text.utf8).write(to: url)
            return (item.label, url.path)
        }
    }

    /// Runs a tool found on PATH (`scripts/test.sh` puts `.venv/bin` first) and returns its status and output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        let venv = FixtureLibrary.packageRoot.appending(path: ".venv/bin").path
        environment["PATH"] = venv + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = (try pipe.fileHandleForReading.readToEnd() ?? Data())
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// JSON text of a policy document, as a user saves it for `iam lint`.
enum FixPlanText {
    static func json(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
