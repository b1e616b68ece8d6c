@testable import ECSMedic
import Foundation
import Testing

/// The image platform check over the fixtures' ECR manifests: an index's platforms or a single manifest's
/// configuration against the task's runtimePlatform (Linux/X86_64 when absent) or its container instance.
@Suite struct ImagePlatformInspectorTests {
    static let image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/demo-app:1.4.2"

    static func load(_ fixture: String) throws -> (Facts, TaskDefinition, LaunchSite) {
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: FixtureLibrary.path(fixture)))
        return (facts, try #require(facts.taskDefinitions?.first),
                LaunchSite(service: facts.services?.first, task: facts.tasks?.first))
    }

    static func inspect(_ facts: Facts, _ definition: TaskDefinition, _ site: LaunchSite)
        -> (issues: [TaskDefinitionIssue], unverified: [UnverifiedFact]) {
        ImagePlatformInspector(facts: facts).issues(definition, site: site, name: "demo-app:1")
    }

    @Test func anArm64ConfigurationOnX86IsAnIssueNamingBothPlatforms() throws {
        let (facts, definition, site) = try Self.load("td-image-arm64-only")
        #expect(facts.imageConfigs["sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"]
            == ImagePlatform(os: "linux", architecture: "arm64", variant: "v8"))
        let (issues, unverified) = Self.inspect(facts, definition, site)
        #expect(unverified.isEmpty)
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.resource == Self.image)
        #expect(issue.container == "app")
        #expect(issue.field == "containerDefinitions[0].image")
        #expect(issue.detail == "\(Self.image) is built for linux/arm64/v8, and the task runs on linux/amd64")
        #expect(issue.evidence.map(\.source) == ["ecs:DescribeTaskDefinition", "ecr:GetDownloadUrlForLayer", "ecs:DescribeTaskDefinition"])
        #expect(issue.evidence[2].fact == "the task definition sets no runtimePlatform: ECS runs it on LINUX X86_64")
    }

    @Test func theSameImageWithRuntimePlatformARM64IsNoIssue() throws {
        let (facts, definition, site) = try Self.load("td-image-arm64-on-arm64")
        #expect(definition.runtimePlatform?.cpuArchitecture == "ARM64")
        #expect(Self.inspect(facts, definition, site).issues.isEmpty)
        var x86 = definition
        x86.runtimePlatform?.cpuArchitecture = "X86_64"
        #expect(Self.inspect(facts, x86, site).issues.count == 1, "the architecture is the fact that decides")
    }

    @Test func anIndexWithoutTheTasksPlatformIsAnIssueAndTheStopReasonIsEvidence() throws {
        let (facts, definition, site) = try Self.load("td-image-index-arm64-only")
        let issue = try #require(Self.inspect(facts, definition, site).issues.first)
        #expect(issue.detail.hasPrefix("\(Self.image) is built for linux/arm64/v8, and the task runs on linux/amd64; the task stopped with: CannotPullContainerError"),
                "the attestation manifest (unknown/unknown) is not a platform: \(issue.detail)")
        #expect(issue.evidence[1] == Evidence(fact: "\(Self.image): its index lists linux/arm64/v8", resource: Self.image,
                                              source: "ecr:BatchGetImage"))
        #expect(issue.evidence.last?.source == "ecs:DescribeTasks")
    }

    @Test func anIndexListingTheTasksPlatformIsNoIssueWhateverTheStopReason() throws {
        let (facts, definition, site) = try Self.load("td-image-index-multi-arch")
        #expect(site.task?.stoppedReason?.contains("no match for platform") == true)
        #expect(Self.inspect(facts, definition, site) == ([], []))
    }

    @Test func onEC2TheContainerInstancesArchitectureDecides() throws {
        var (facts, definition, site) = try Self.load("seed-healthy")
        let arn = "arn:aws:ecs:ap-northeast-2:111122223333:container-instance/demo-ecs-cluster/8f3a1c2e9b7d4f60a1b2c3d4e5f60718"
        site.task?.launchType = "EC2"
        site.task?.containerInstanceArn = arn
        facts.containerInstances = [ContainerInstance(containerInstanceArn: arn, ec2InstanceId: "i-0a1b2c3d4e5f60718", attributes: [
            .init(name: "ecs.os-type", value: "linux"), .init(name: "ecs.cpu-architecture", value: "arm64")])]
        let issue = try #require(Self.inspect(facts, definition, site).issues.first)
        #expect(issue.detail == "\(Self.image) is built for linux/amd64, and the task runs on linux/arm64")
        #expect(issue.evidence[2] == Evidence(fact: "container instance i-0a1b2c3d4e5f60718 has ecs.cpu-architecture arm64 and ecs.os-type linux",
                                              resource: arn, source: "ecs:DescribeContainerInstances"))
        facts.containerInstances?[0].attributes?[1].value = "x86_64"
        #expect(Self.inspect(facts, definition, site).issues.isEmpty)
        facts.containerInstances = []
        #expect(Self.inspect(facts, definition, site) == ([], []), "on EC2 without runtimePlatform an unknown instance could be either")
    }

    @Test func whatWasNotReadIsUnverifiedWithItsPermission() throws {
        var (facts, definition, site) = try Self.load("seed-healthy")
        facts.imageConfigs = [:]
        #expect(Self.inspect(facts, definition, site).unverified.map(\.permission) == ["ecr:GetDownloadUrlForLayer"])
        facts.ecrManifests = [:]
        let (issues, unverified) = Self.inspect(facts, definition, site)
        #expect(issues.isEmpty)
        #expect(unverified == [UnverifiedFact(fact: "manifest of image \(Self.image)", reason: "not collected", permission: "ecr:BatchGetImage")])
    }

    @Test func anImageOutsideECRIsANoteUnlessTheSnapshotHoldsItsManifest() throws {
        var (facts, definition, site) = try Self.load("seed-healthy")
        definition.containerDefinitions[0].image = "docker.io/library/nginx:1.27"
        let (issues, unverified) = Self.inspect(facts, definition, site)
        #expect(issues.isEmpty)
        #expect(unverified == [UnverifiedFact(fact: "platforms of image docker.io/library/nginx:1.27", reason: ImagePlatformInspector.outsideECR)])
        #expect(unverified[0].permission == nil, "no permission would read it: a note, which leaves the run complete")
        let index = #"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:1b0a", "size": 1778, "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}}]}"#
        facts.ecrManifests["docker.io/library/nginx"] = [ECRImageManifest(repositoryName: "docker.io/library/nginx", imageId: .init(imageTag: "1.27"),
                                                                        imageManifest: index, imageManifestMediaType: nil)]
        #expect(Self.inspect(facts, definition, site).issues.map(\.detail) == ["docker.io/library/nginx:1.27 is built for linux/arm64/v8, and the task runs on linux/amd64"])
    }

    @Test func manifestsNameTheirPlatforms() {
        func manifest(_ text: String, _ mediaType: String? = nil) -> ECRImageManifest.Platforms {
            ECRImageManifest(imageManifest: text, imageManifestMediaType: mediaType).platforms
        }
        #expect(manifest(#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [{"digest": "sha256:a", "platform": {"architecture": "amd64", "os": "windows", "os.version": "10.0.20348.2113"}}]}"#)
            == .index([ImagePlatform(os: "windows", architecture: "amd64", osVersion: "10.0.20348.2113")]))
        #expect(manifest(#"{"schemaVersion": 2, "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:c"}, "layers": []}"#,
                         "application/vnd.oci.image.manifest.v1+json") == .config(digest: "sha256:c"))
        #expect(manifest(#"{"schemaVersion": 1, "name": "demo-app", "tag": "old", "architecture": "amd64", "fsLayers": []}"#)
            == .schema1(ImagePlatform(os: "linux", architecture: "amd64")))
        #expect(manifest("not json") == .unreadable)
        #expect(ImagePlatform(os: "linux", architecture: "arm64", variant: "v8").runs(on: ImagePlatform(os: "linux", architecture: "arm64")))
        #expect(!ImagePlatform(os: "linux", architecture: "arm", variant: "v7").runs(on: ImagePlatform(os: "linux", architecture: "arm64")))
    }
}
