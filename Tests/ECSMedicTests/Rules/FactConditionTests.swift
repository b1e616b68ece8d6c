import AWSClient
@testable import ECSMedic
import Foundation
import Testing

/// Rules written in YAML alone (design.md §8.1), loaded from a user rule folder that exists only in the test:
/// each fires on the fact it tests and not on the same deployment with that one fact changed.
@Suite struct FactConditionTests {
    static let fixture = FixtureLibrary.path("td-check-files")
    static let service = "demo-ecs-service"

    /// A rule file in a fresh user rule folder, loaded as `--rules DIR` loads it.
    static func rule(_ yaml: String) throws -> Rule {
        let folder = FileManager.default.temporaryDirectory.appending(path: "fact-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try yaml.write(to: folder.appending(path: "user.yaml"), atomically: true, encoding: .utf8)
        let loaded = try RuleSet.load(folders: [folder.path]).rules.filter { $0.file.hasPrefix(folder.path) }
        return try #require(loaded.first)
    }

    /// `ecs-medic check` of `check/valid.json`, with `edit` applied to its JSON text, against the fixture's service.
    static func check(_ rule: Rule, editing edit: (String) -> String = { $0 }) throws -> DiagnosisResult {
        let text = try String(contentsOfFile: fixture + "/check/valid.json", encoding: .utf8)
        let path = FileManager.default.temporaryDirectory.appending(path: "td-\(UUID().uuidString).json").path
        try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try TaskDefinitionFile(path: path)
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: fixture))
        return try Diagnoser(rules: [rule]).check(file.definition, document: file.document, in: facts,
                                                  selecting: TargetSelector(service: service), network: nil,
                                                  verifyingFixes: false)
    }

    static func diagnose(_ rule: Rule, changing change: (inout Snapshot) throws -> Void = { _ in }) throws -> DiagnosisResult {
        var snapshot = try Snapshot.load(from: fixture)
        try change(&snapshot)
        return try Diagnoser(rules: [rule]).diagnose(try FactsDecoder().facts(from: snapshot),
                                                     selecting: TargetSelector(service: service), verifyingFixes: false)
    }

    static func header(_ id: String) -> String {
        """
        id: \(id)
        title: A user rule
        severity: warning
        category: task-definition
        rationale: Written in YAML alone.

        """
    }

    static let writableRoot = try? rule(header("root-filesystem-writable") + """
        when:
          fact: taskDefinition.containerDefinitions[].readonlyRootFilesystem
          not: { equals: true }
        message: "{resource}: container {container} may write to its root filesystem (readonlyRootFilesystem {value})"
        """)

    @Test func aMemberEcsMedicDoesNotModelIsReadFromTheAnswer() throws {
        let rule = try #require(Self.writableRoot)
        let finding = try #require(try Self.check(rule).findings.first)
        #expect(finding.rule == "root-filesystem-writable")
        #expect(finding.message == "demo-app: container app may write to its root filesystem (readonlyRootFilesystem absent)")
        #expect(finding.resources == ["demo-app"])
        #expect(finding.evidence == [Evidence(fact: "taskDefinition.containerDefinitions[0].readonlyRootFilesystem is absent",
                                              resource: "demo-app", source: "ecs:DescribeTaskDefinition")])
        #expect(finding.taskDefinitionField == "containerDefinitions[0].readonlyRootFilesystem")
    }

    /// The roots a rule set's fact conditions read: those whose answers an audit keeps as documents.
    @Test func aRuleSetNamesTheRootsItsFactConditionsRead() throws {
        let writable = try #require(Self.writableRoot)
        let subnets = try Self.rule(Self.header("subnet-public") + """
            when:
              all:
                - fact: subnets[].MapPublicIpOnLaunch
                  equals: true
                - fact: service.launchType
                  equals: FARGATE
            message: "{resource} maps public IPs"
            """)
        let path = RuleSet(rules: try RuleSet.load().rules.filter { if case .facts = $0.condition { false } else { true } })
        #expect(path.factRoots.isEmpty)
        #expect(RuleSet(rules: path.rules + [writable]).factRoots == [.taskDefinition])
        #expect(RuleSet(rules: [writable, subnets]).factRoots == [.taskDefinition, .subnets, .service])
    }

    @Test func theNearMissSetsTheMember() throws {
        let rule = try #require(Self.writableRoot)
        let result = try Self.check(rule) { $0.replacingOccurrences(of: "\"essential\": true,", with: "\"essential\": true, \"readonlyRootFilesystem\": true,") }
        #expect(result.findings.isEmpty)
        #expect(!result.incomplete)
    }

    static let mutableTag = try? rule(header("image-mutable-tag") + """
        explains: [image-not-found]
        when:
          any:
            - fact: taskDefinition.containerDefinitions[].image
              matches: ':latest$'
            - fact: taskDefinition.containerDefinitions[].image
              not: { matches: ':[^/:]+$' }
        message: "{resource} is pulled by a mutable tag: {value}"
        """)

    @Test func theDesignExampleFiresOnLatestAndOnNoTag() throws {
        let rule = try #require(Self.mutableTag)
        #expect(rule.explains == ["image-not-found"])
        let latest = try Self.check(rule) { $0.replacingOccurrences(of: "demo-app:1.4.2", with: "demo-app:latest") }
        #expect(latest.findings.map(\.message) == ["demo-app is pulled by a mutable tag: 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/demo-app:latest"])
        let untagged = try Self.check(rule) { $0.replacingOccurrences(of: "demo-app:1.4.2", with: "demo-app") }
        #expect(untagged.findings.map(\.message) == ["demo-app is pulled by a mutable tag: 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/demo-app"])
        #expect(try Self.check(rule).findings.isEmpty)
    }

    static func combined(cpu: String) throws -> Rule {
        try rule(header("fargate-small-essential") + """
            when:
              all:
                - fact: taskDefinition.requiresCompatibilities[]
                  equals: FARGATE
                - not:
                    fact: taskDefinition.cpu
                    in: [\(cpu)]
                - every: taskDefinition.containerDefinitions[].essential
                  equals: true
            message: "{resource}: {value}"
            """)
    }

    @Test func allAnyNotAndEveryCombine() throws {
        let fires = try Self.check(try Self.combined(cpu: "\"256\", \"1024\""))
        #expect(fires.findings.map(\.message) == ["demo-app: true"])
        #expect(fires.findings.first?.evidence.map(\.fact) == ["taskDefinition.requiresCompatibilities[0] is FARGATE",
                                                           "taskDefinition.containerDefinitions[0].essential is true"])
        #expect(try Self.check(try Self.combined(cpu: "\"256\", \"512\"")).findings.isEmpty)
        // One container that is not essential breaks `every`.
        let notEssential = try Self.check(try Self.combined(cpu: "\"256\"")) {
            $0.replacingOccurrences(of: "\"essential\": true", with: "\"essential\": false")
        }
        #expect(notEssential.findings.isEmpty)
    }

    static func lowAddresses(below limit: Int) throws -> Rule {
        try rule(header("subnet-addresses-low") + """
            when:
              fact: subnets[].AvailableIpAddressCount
              lessThan: \(limit)
            message: "{resource} has {value} free addresses"
            """)
    }

    @Test func aListFactFiresOncePerElement() throws {
        let result = try Self.diagnose(try Self.lowAddresses(below: 250))
        #expect(result.findings.map(\.message).sorted() == [
            "subnet-0005039e61f3e3106 has 246 free addresses", "subnet-0458178dab6fb4b9a has 247 free addresses",
        ])
        #expect(result.findings.allSatisfy { $0.evidence.first?.source == "ec2:DescribeSubnets" })
        #expect(try Self.diagnose(try Self.lowAddresses(below: 246)).findings.isEmpty)
    }

    @Test func aFactThatWasNotCollectedIsUnverifiedNeverAFinding() throws {
        let rule = try Self.lowAddresses(below: 1000)
        let missing = try Self.diagnose(rule) { $0.calls.removeAll { $0.operation.lowercased().contains("describe-subnets") || $0.operation == "DescribeSubnets" } }
        #expect(missing.findings.isEmpty)
        #expect(missing.incomplete)
        #expect(missing.unverified.contains(UnverifiedFact(fact: "subnets (ec2 describe-subnets)", reason: "not collected",
                                                           permission: "ec2:DescribeSubnets")))
        let denied = try Self.diagnose(rule) { snapshot in
            for index in snapshot.calls.indices where snapshot.calls[index].operation.lowercased().contains("subnets") {
                snapshot.calls[index].response = nil
                snapshot.calls[index].error = .init(code: "UnauthorizedOperation", message: "You are not authorized to perform this operation.")
            }
        }
        #expect(denied.findings.isEmpty)
        #expect(denied.unverified.contains(UnverifiedFact(fact: "subnets (ec2 describe-subnets)", reason: "UnauthorizedOperation",
                                                          permission: "ec2:DescribeSubnets")))
    }

    @Test func theSelectedServiceIsReadAsDescribeServicesPrintsIt() throws {
        let rule = try Self.rule(Self.header("service-without-public-ip") + """
            when:
              all:
                - fact: service.launchType
                  equals: FARGATE
                - fact: service.networkConfiguration.awsvpcConfiguration.assignPublicIp
                  equals: DISABLED
            message: "{resource} runs without public IP"
            """)
        #expect(try Self.diagnose(rule).findings.map(\.message)
                == ["arn:aws:ecs:ap-northeast-2:111122223333:service/demo-ecs-cluster/demo-ecs-service runs without public IP"])
        let enabled = try Self.diagnose(rule) { snapshot in
            for index in snapshot.calls.indices where snapshot.calls[index].operation.lowercased().contains("describeservices")
                || snapshot.calls[index].operation == "describe-services" {
                let text = String(decoding: try JSONEncoder().encode(try #require(snapshot.calls[index].response)), as: UTF8.self)
                #expect(text.contains("\"DISABLED\""))
                snapshot.calls[index].response = try JSONDecoder().decode(
                    JSONValue.self, from: Data(text.replacingOccurrences(of: "\"DISABLED\"", with: "\"ENABLED\"").utf8))
            }
        }
        #expect(enabled.findings.isEmpty)
    }

    /// Each malformed condition is one line naming the file, the line and the key.
    @Test(arguments: [
        ("fact: taskDefinition.containerDefinitions[].memroy\n  exists: true",
         "u.yaml:7: when.fact: unknown key \"memroy\" under taskDefinition.containerDefinitions[] (keys: command, cpu, "),
        ("fact: taskDefinition.containerDefinitions.image\n  exists: true",
         "u.yaml:7: when.fact: taskDefinition.containerDefinitions is a list: write taskDefinition.containerDefinitions[] to take its elements"),
        ("fact: taskdefinition.cpu\n  exists: true", "u.yaml:7: when.fact: unknown fact \"taskdefinition\" in taskdefinition.cpu (facts: taskDefinition, service, task, subnets[], "),
        ("fact: subnets.SubnetId\n  exists: true", "u.yaml:7: when.fact: subnets is a list: write subnets[]"),
        ("fact: taskDefinition.containerDefinitions[].image\n  lessThan: 3",
         "u.yaml:8: when.lessThan: taskDefinition.containerDefinitions[].image is text, and lessThan needs a number"),
        ("fact: taskDefinition.containerDefinitions[].memory\n  equals: lots",
         "u.yaml:8: when.equals: taskDefinition.containerDefinitions[].memory is a number, not \"lots\""),
        ("fact: taskDefinition.containerDefinitions[].image\n  matches: '(['",
         "u.yaml:8: when.matches: \"([\" is not a regular expression"),
        ("fact: taskDefinition.cpu\n  equals: \"256\"\n  exists: true",
         "u.yaml:7: when: taskDefinition.cpu needs exactly one operator (equals, in, matches, exists, lessThan, greaterThan, not), not equals and exists"),
        ("any:\n    - fact: taskDefinition.cpu\n      between: [1, 2]",
         "u.yaml:8: when.any[0]: unknown operator \"between\""),
        ("all: []", "u.yaml:7: when.all must be a list of conditions"),
        ("all:\n    - fact: subnets[].SubnetId\n      exists: true\n    - fact: vpcs[].VpcId\n      exists: true",
         "u.yaml:7: when: a fact condition goes through one list of the facts, not subnets[] and vpcs[]"),
    ])
    func aMalformedConditionIsOneLineWithFileAndKey(condition: String, expected: String) throws {
        let yaml = Self.header("broken") + "when:\n  " + condition + "\nmessage: \"{resource}\"\n"
        do {
            _ = try RuleLoader().rule(fromYAML: yaml, file: "u.yaml", builtin: false)
            Issue.record("loaded: \(condition)")
        } catch let error as InputError {
            #expect(error.message.hasPrefix(expected), "\(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func anUnknownCategoryInExplainsIsAnError() throws {
        let yaml = Self.header("broken") + "explains: [secrets-unreachabel]\nwhen:\n  fact: taskDefinition.cpu\n  exists: true\nmessage: \"{resource}\"\n"
        #expect(throws: InputError("u.yaml:6: explains: unknown stopped-reason category \"secrets-unreachabel\" (categories: \(StoppedReasonCatalog.ids.joined(separator: ", ")))")) {
            try RuleLoader().rule(fromYAML: yaml, file: "u.yaml", builtin: false)
        }
    }

    @Test func aBuiltinRuleNeedsExamplesAUserRuleDoesNot() throws {
        let yaml = Self.header("no-examples") + "when:\n  fact: taskDefinition.cpu\n  exists: true\nmessage: \"{resource}\"\n"
        #expect(try RuleLoader().rule(fromYAML: yaml, file: "u.yaml", builtin: false).examples.isEmpty)
        #expect(throws: InputError("u.yaml: missing field \"examples\"")) {
            try RuleLoader().rule(fromYAML: yaml, file: "u.yaml", builtin: true)
        }
    }
}
