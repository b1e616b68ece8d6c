@testable import ECSMedic
import Foundation
import Testing

/// The awsvpc check on what ECS requires where a task definition runs: awsvpc mode needs subnets in the
/// service's network configuration (ECS API reference, CreateService: networkConfiguration is required for
/// task definitions that use the awsvpc network mode).
@Suite struct AwsvpcRequirementTests {
    static let rules = try? RuleSet.load(only: ["awsvpc-requirement-unmet"]).rules

    /// The td-check-files service moved to the EC2 launch type, with or without an awsvpc network configuration,
    /// and the EC2 variant of its task definition in `mode`.
    static func check(mode: String, serviceSubnets: [String]?) throws -> DiagnosisResult {
        var facts = try FactsDecoder().facts(from: try Snapshot.load(from: FixtureLibrary.path("td-check-files")))
        var service = try #require(facts.services?.first)
        service.launchType = "EC2"
        let network = serviceSubnets.map {
            NetworkConfiguration(awsvpcConfiguration: .init(subnets: $0, securityGroups: [], assignPublicIp: "DISABLED"))
        }
        service.networkConfiguration = network
        service.deployments = service.deployments?.map { var copy = $0; copy.networkConfiguration = network; copy.launchType = "EC2"; return copy }
        facts.services = [service]
        let file = try TaskDefinitionFile(path: FixtureLibrary.path("td-check-files") + "/check/valid.json")
        var definition = file.definition
        definition.requiresCompatibilities = ["EC2"]
        definition.networkMode = mode
        return try Diagnoser(rules: try #require(rules)).check(definition, in: facts,
                                                             selecting: TargetSelector(service: service.serviceName),
                                                             network: nil, verifyingFixes: false)
    }

    @Test func awsvpcWithoutSubnetsWhereItRunsFires() throws {
        let result = try Self.check(mode: "awsvpc", serviceSubnets: nil)
        #expect(result.findings.map(\.rule) == ["awsvpc-requirement-unmet"])
        #expect(result.findings.first?.taskDefinitionField == "networkMode")
    }

    @Test func awsvpcWithSubnetsDoesNotFire() throws {
        #expect(try Self.check(mode: "awsvpc", serviceSubnets: ["subnet-0a1b2c3d4e5f60718"]).findings.isEmpty)
    }

    @Test func bridgeOnEC2NeedsNoSubnets() throws {
        #expect(try Self.check(mode: "bridge", serviceSubnets: nil).findings.isEmpty)
    }
}
