@testable import ECSMedic
import Foundation
import Testing

/// The platform-version check over the seed deployment, whose task definition injects two JSON keys of the
/// RDS-managed secret: supported from Fargate Linux platform 1.4.0 (ECS developer guide, "Pass Secrets Manager
/// secrets through Amazon ECS environment variables").
@Suite struct PlatformVersionTests {
    static func seed(version: String?) throws -> (TaskDefinitionInspector, TaskDefinition, LaunchSite) {
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: FixtureLibrary.path("seed-healthy")))
        var service = try #require(facts.services?.first)
        service.platformVersion = version
        service.deployments = service.deployments?.map { var copy = $0; copy.platformVersion = version; return copy }
        return (TaskDefinitionInspector(facts: facts, region: "ap-northeast-2"), try #require(facts.taskDefinitions?.first),
                LaunchSite(service: service))
    }

    static func issues(_ definition: TaskDefinition, on version: String?) throws -> [TaskDefinitionIssue] {
        let (inspector, _, site) = try seed(version: version)
        return inspector.inspect(definition, check: .platformVersion, onFargate: true, site: site).issues
    }

    @Test func jsonKeysOnPlatform130AreAnIssueNamingTheFeatureAndTheVersion() throws {
        let (_, definition, _) = try Self.seed(version: nil)
        let issue = try #require(try Self.issues(definition, on: "1.3.0").first)
        #expect(issue.detail == "it uses a secret's JSON key or version (1.4.0), which Fargate supports from those platform versions on, "
            + "and the service deploys on 1.3.0")
        #expect(issue.field == "containerDefinitions[0].secrets[0].valueFrom")
        #expect(issue.evidence.contains { $0.fact.contains("secrets-envvar-secrets-manager.html") })
        #expect(issue.evidence.last?.source == "ecs:DescribeServices")
    }

    @Test(arguments: ["1.4.0", "LATEST", nil])
    func platform140AndLatestSupportEveryFeature(_ version: String?) throws {
        var (_, definition, _) = try Self.seed(version: nil)
        definition.ephemeralStorage = .init(sizeInGiB: 50)
        definition.runtimePlatform = .init(operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64")
        #expect(try Self.issues(definition, on: version).isEmpty)
    }

    @Test func platform120LacksSecretsAndTheirKeysButNotRegistryCredentials() throws {
        let (_, definition, _) = try Self.seed(version: nil)
        let issue = try #require(try Self.issues(definition, on: "1.2.0").first)
        #expect(issue.detail.hasPrefix("it uses secrets (1.3.0), a secret's JSON key or version (1.4.0),"), "\(issue.detail)")
    }

    @Test func eachFeatureOfTheTableIsFoundWhereTheTaskDefinitionUsesIt() throws {
        var (_, definition, _) = try Self.seed(version: nil)
        definition.containerDefinitions[0].secrets = nil
        #expect(try Self.issues(definition, on: "1.3.0").isEmpty, "no feature of 1.4.0 left")
        var uses = definition
        uses.volumes = [.init(name: "data", efsVolumeConfiguration: .init(fileSystemId: "fs-0123456789abcdef0"))]
        #expect(try Self.issues(uses, on: "1.3.0").first?.field == "volumes[0].efsVolumeConfiguration")
        uses = definition
        uses.ephemeralStorage = .init(sizeInGiB: 100)
        #expect(try Self.issues(uses, on: "1.3.0").first?.field == "ephemeralStorage")
        uses = definition
        uses.containerDefinitions[0].environmentFiles = [.init(value: "arn:aws:s3:::demo-config/app.env", type: "s3")]
        #expect(try Self.issues(uses, on: "1.3.0").first?.field == "containerDefinitions[0].environmentFiles")
        uses = definition
        uses.runtimePlatform = .init(operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64")
        #expect(try Self.issues(uses, on: "1.3.0").first?.field == "runtimePlatform.cpuArchitecture")
        uses = definition
        uses.containerDefinitions[0].linuxParameters = .init(devices: nil, capabilities: .init(add: ["SYS_PTRACE"]))
        #expect(try Self.issues(uses, on: "1.3.0").first?.field == "containerDefinitions[0].linuxParameters.capabilities.add")
        uses = definition
        uses.containerDefinitions[0].repositoryCredentials = .init(credentialsParameter: "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:ghcr-AbCdEf")
        #expect(try Self.issues(uses, on: "1.3.0").isEmpty)
        #expect(try Self.issues(uses, on: "1.1.0").first?.field == "containerDefinitions[0].repositoryCredentials")
    }

    @Test func windowsAndTheEC2LaunchTypeAreNotChecked() throws {
        let (inspector, definition, site) = try Self.seed(version: "1.0.0")
        var windows = definition
        windows.runtimePlatform = .init(operatingSystemFamily: "WINDOWS_SERVER_2022_CORE", cpuArchitecture: "X86_64")
        #expect(inspector.inspect(windows, check: .platformVersion, onFargate: true, site: site).issues.isEmpty)
        #expect(inspector.inspect(definition, check: .platformVersion, onFargate: false, site: site).issues.isEmpty)
    }

    @Test func theServiceDecidesOverTheTaskThatRanBefore() throws {
        let (inspector, definition, site) = try Self.seed(version: "1.4.0")
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: FixtureLibrary.path("seed-healthy")))
        var task = try #require(facts.tasks?.first)
        task.platformVersion = "1.3.0"
        let withTask = LaunchSite(service: site.service, task: task)
        #expect(inspector.inspect(definition, check: .platformVersion, onFargate: true, site: withTask).issues.isEmpty,
                "the service now deploys on 1.4.0")
        let alone = LaunchSite(task: task)
        #expect(inspector.inspect(definition, check: .platformVersion, onFargate: true, site: alone).issues.first?.detail
            .hasSuffix("and the task ran on 1.3.0") == true)
    }

    @Test func versionsAndSecretReferences() {
        #expect(PlatformVersion(linux: "LATEST") == PlatformVersion(1, 4, 0))
        #expect(PlatformVersion(linux: nil) == PlatformVersion(1, 4, 0))
        #expect(PlatformVersion(linux: "1.3.0")! < PlatformVersion(1, 4, 0))
        #expect(PlatformVersion(linux: "1.10")! > PlatformVersion(1, 4, 0))
        #expect(PlatformVersion(linux: "one") == nil)
        let secret = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:demo-AbCdEf"
        #expect(!PlatformFeature.namesKeyOrVersion(secret))
        #expect(!PlatformFeature.namesKeyOrVersion(secret + ":::"))
        #expect(PlatformFeature.namesKeyOrVersion(secret + ":password::"))
        #expect(PlatformFeature.namesKeyOrVersion(secret + "::AWSPREVIOUS:"))
        #expect(!PlatformFeature.namesKeyOrVersion("arn:aws:ssm:ap-northeast-2:111122223333:parameter/demo/db"))
    }
}
