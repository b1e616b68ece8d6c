@testable import ECSMedic
import Testing

/// The fixes of image-platform-mismatch: a runtimePlatform the image is built for, in a new revision never
/// applied by `fix --apply`, when the task can run there; the manual rebuild when it cannot.
@Suite struct ImagePlatformFixTests {
    static let image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/demo-app:1.4.2"
    static let definition = "arn:aws:ecs:ap-northeast-2:111122223333:task-definition/demo-app:1"

    private func fixes(_ facts: Facts) throws -> [Fix] {
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        let finding = try #require(result.findings.first { $0.rule == "image-platform-mismatch" })
        return finding.fixes
    }

    /// The fixture's task moved to the EC2 launch type, on x86_64 instance i-0c1d2e3f4a5b6c7d8, with an arm64 instance
    /// registered too when `arm64` is given.
    private func onEC2(arm64: String? = nil) throws -> Facts {
        var facts = try FixtureLibrary.facts("td-image-arm64-only")
        let cluster = "arn:aws:ecs:ap-northeast-2:111122223333:container-instance/demo-ecs-cluster"
        facts.tasks?[0].launchType = "EC2"
        facts.tasks?[0].containerInstanceArn = "\(cluster)/0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f50"
        let instances = [("0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f50", "i-0c1d2e3f4a5b6c7d8", "x86_64")]
            + (arm64.map { [("7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d", $0, "arm64")] } ?? [])
        facts.containerInstances = instances.map { id, ec2, architecture in
            var instance = ContainerInstance(containerInstanceArn: "\(cluster)/\(id)", ec2InstanceId: ec2, attributes: [
                .init(name: "ecs.os-type", value: "linux"), .init(name: "ecs.cpu-architecture", value: architecture)])
            instance.status = "ACTIVE"
            return instance
        }
        return facts
    }

    @Test func anArm64ImageOnFargateGetsRuntimePlatformARM64InANewRevisionThatIsNotApplied() throws {
        let fixes = try fixes(try FixtureLibrary.facts("td-image-arm64-only"))
        #expect(fixes.map(\.id) == ["set-runtime-platform"], "the rebuild is only for a task that cannot run the image")
        let fix = try #require(fixes.first)
        #expect(fix.summary == "Run the task on linux/arm64, which \(Self.image) is built for: set runtimePlatform cpuArchitecture ARM64, "
            + "operatingSystemFamily LINUX (Fargate runs it) in a new revision of demo-app. A new task definition revision: "
            + "ecs-medic gives the commands, fix --apply does not register it")
        #expect(fix.awsCli == """
            aws ecs describe-task-definition --region ap-northeast-2 --task-definition \(Self.definition) --query taskDefinition --output json \\
              | jq '.runtimePlatform = {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"}
                  | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy, .deregisteredAt)' > ecs-medic-demo_app.json
            aws ecs register-task-definition --region ap-northeast-2 --cli-input-json file://ecs-medic-demo_app.json
            aws ecs update-service --region ap-northeast-2 --cluster demo-ecs-cluster --service demo-ecs-service --task-definition demo-app
            """)
        #expect(fix.terraform?.contains("#   runtime_platform { cpu_architecture = \"ARM64\", operating_system_family = \"LINUX\" }") == true)
        #expect(fix.cloudformation?.contains("RuntimePlatform: {CpuArchitecture: ARM64, OperatingSystemFamily: LINUX}") == true)
        #expect(fix.cloudformation?.contains("ContainerDefinitions") == false, "no container changes")
        #expect(fix.verified == true, "on Fargate the runtimePlatform alone decides: proven in memory")
        guard case .notApplied(let reason) = ApplyPlan.steps(for: fix.changes[0], redeploy: false) else {
            Issue.record("the new revision is applied")
            return
        }
        #expect(reason == "registers a new task definition revision and deploys it")
    }

    @Test func aServicePinnedBelow140IsMovedTo140ForARM64() throws {
        var facts = try FixtureLibrary.facts("td-image-arm64-only")
        facts.services?[0].platformVersion = "1.3.0"
        facts.tasks?[0].platformVersion = "1.3.0"
        let fix = try #require(try fixes(facts).first)
        #expect(fix.changes.count == 2)
        #expect(fix.changes.last == .platformVersion(region: "ap-northeast-2", cluster: "demo-ecs-cluster", service: "demo-ecs-service", version: "1.4.0"))
        #expect(fix.summary.contains("and deploy demo-ecs-service on Fargate platform version 1.4.0 (ARM64 needs it; it runs 1.3.0)"))
    }

    @Test func onAnEC2ClusterOfX86InstancesTheOnlyFixIsTheManualRebuild() throws {
        let fixes = try fixes(try onEC2())
        #expect(fixes.map(\.id) == ["build-multi-platform-image"])
        let fix = try #require(fixes.first)
        #expect(fix.changes.isEmpty, "a manual step: nothing for fix --apply or the planner")
        #expect(fix.terraform == nil && fix.cloudformation == nil)
        let lines = try #require(fix.awsCli).split(separator: "\n").map(String.init)
        #expect(lines.first == "# \(Self.image) is built for linux/arm64/v8 and the task runs on linux/amd64:")
        #expect(lines.contains("aws ecr get-login-password --region ap-northeast-2 | docker login --username AWS --password-stdin 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com"))
        #expect(lines.contains("docker buildx build --platform linux/amd64,linux/arm64 -t \(Self.image) --push ."))
        #expect(lines.last == "aws ecs update-service --region ap-northeast-2 --cluster demo-ecs-cluster --service demo-ecs-service --force-new-deployment")
    }

    @Test func anArm64InstanceInTheClusterMakesItARuntimePlatformWithAPlacementConstraint() throws {
        let fix = try #require(try fixes(try onEC2(arm64: "i-0a9b8c7d6e5f4a3b2")).first)
        #expect(fix.id == "set-runtime-platform")
        #expect(fix.summary.contains("and the placement constraint memberOf \"attribute:ecs.cpu-architecture == arm64\" "
            + "(container instance i-0a9b8c7d6e5f4a3b2 of the cluster has ecs.cpu-architecture arm64)"))
        #expect(fix.awsCli?.contains(#".placementConstraints = ((.placementConstraints // []) + [{"type": "memberOf", "expression": "attribute:ecs.cpu-architecture == arm64"}])"#) == true)
        #expect(fix.cloudformation?.contains(#"PlacementConstraints: [{Type: memberOf, Expression: "attribute:ecs.cpu-architecture == arm64"}]"#) == true)
        #expect(fix.changes.count == 1, "no platform version on EC2")
        #expect(fix.verified == nil, "the stopped task's x86_64 instance stays in the facts: not re-verified in memory")
    }

    /// td-image-windows-on-linux with its image's configuration naming `os.version` instead.
    private func windows(_ osVersion: String = "10.0.20348.2582") throws -> Facts {
        var facts = try FixtureLibrary.facts("td-image-windows-on-linux")
        for (digest, platform) in facts.imageConfigs {
            var platform = platform
            platform.osVersion = osVersion
            facts.imageConfigs[digest] = platform
        }
        return facts
    }

    @Test func aWindowsServer2022ImageOnFargateGetsItsCoreFamilyInANewRevision() throws {
        let fixes = try fixes(try windows())
        #expect(fixes.map(\.id) == ["set-runtime-platform"])
        let fix = try #require(fixes.first)
        #expect(fix.summary == "Run the task on windows/amd64, which \(Self.image) is built for: set runtimePlatform cpuArchitecture X86_64, "
            + "operatingSystemFamily WINDOWS_SERVER_2022_CORE (Fargate runs Windows Server 2022, the release of its os.version 10.0.20348.2582; "
            + "WINDOWS_SERVER_2022_FULL for an image based on Windows Server rather than Server Core) in a new revision of demo-app. "
            + "A new task definition revision: ecs-medic gives the commands, fix --apply does not register it")
        #expect(fix.awsCli?.contains(#".runtimePlatform = {"cpuArchitecture": "X86_64", "operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}"#) == true)
        #expect(fix.awsCli?.contains(".cpu =") == false, "1 vCPU and 2 GB already are Windows's minimum")
        #expect(fix.terraform?.contains(#"operating_system_family = "WINDOWS_SERVER_2022_CORE""#) == true)
        #expect(fix.cloudformation?.contains("RuntimePlatform: {CpuArchitecture: X86_64, OperatingSystemFamily: WINDOWS_SERVER_2022_CORE}") == true)
        #expect(fix.verified == true, "proven in memory: the image runs on the new runtimePlatform")
        guard case .notApplied = ApplyPlan.steps(for: fix.changes[0], redeploy: false) else {
            Issue.record("the new revision is applied")
            return
        }
    }

    @Test func aWindowsTaskBelowOneVCPUIsRaisedToFargatesWindowsMinimum() throws {
        var facts = try windows("10.0.17763.6414")
        facts.taskDefinitions?[0].cpu = "512"
        facts.taskDefinitions?[0].memory = "1024"
        let fix = try #require(try fixes(facts).first)
        #expect(fix.id == "set-runtime-platform")
        #expect(fix.summary.contains("operatingSystemFamily WINDOWS_SERVER_2019_CORE (Fargate runs Windows Server 2019"))
        #expect(fix.summary.contains(", with task cpu 1024 and memory 2048 (Windows on Fargate starts at 1 vCPU) in a new revision of demo-app"))
        #expect(fix.awsCli?.contains(".cpu = \"1024\"\n      | .memory = \"2048\"") == true)
        #expect(fix.terraform?.contains("#   the task definition's cpu = \"1024\"") == true)
        #expect(fix.cloudformation?.contains("Cpu: \"1024\"") == true)
        #expect(fix.verified == true, "1 vCPU and 2 GB is a Windows size Fargate accepts")
    }

    @Test func aWindowsReleaseFargateDoesNotRunOrAnEC2ClusterWithoutItLeavesTheRebuild() throws {
        // 10.0.14393 is Windows Server 2016.
        #expect(try fixes(try windows("10.0.14393.7428")).map(\.id) == ["build-multi-platform-image"])
        var facts = try windows()
        let cluster = "arn:aws:ecs:ap-northeast-2:111122223333:container-instance/demo-ecs-cluster"
        facts.tasks?[0].launchType = "EC2"
        facts.tasks?[0].containerInstanceArn = "\(cluster)/0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f50"
        var linux = ContainerInstance(containerInstanceArn: "\(cluster)/0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f50", ec2InstanceId: "i-0c1d2e3f4a5b6c7d8", attributes: [
            .init(name: "ecs.os-type", value: "linux"), .init(name: "ecs.cpu-architecture", value: "x86_64")])
        linux.status = "ACTIVE"
        facts.containerInstances = [linux]
        #expect(try fixes(facts).map(\.id) == ["build-multi-platform-image"], "no Windows instance in the cluster")
        var server = ContainerInstance(containerInstanceArn: "\(cluster)/7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d", ec2InstanceId: "i-0a9b8c7d6e5f4a3b2", attributes: [
            .init(name: "ecs.os-type", value: "windows"), .init(name: "ecs.os-family", value: "WINDOWS_SERVER_2022_FULL"),
            .init(name: "ecs.cpu-architecture", value: "x86_64")])
        server.status = "ACTIVE"
        facts.containerInstances?.append(server)
        let fix = try #require(try fixes(facts).first)
        #expect(fix.id == "set-runtime-platform")
        #expect(fix.summary.contains("operatingSystemFamily WINDOWS_SERVER_2022_FULL and the placement constraint memberOf "
            + "\"attribute:ecs.os-family == WINDOWS_SERVER_2022_FULL\" (container instance i-0a9b8c7d6e5f4a3b2 of the cluster has ecs.os-family WINDOWS_SERVER_2022_FULL)"))
        #expect(fix.awsCli?.contains(".cpu =") == false, "EC2 has no Fargate minimum")
    }

    @Test func anotherContainerWhoseImageLacksThePlatformLeavesOnlyTheRebuild() throws {
        var facts = try FixtureLibrary.facts("td-image-arm64-only")
        let amd64 = #"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:7c2e", "size": 1778, "platform": {"architecture": "amd64", "os": "linux"}}]}"#
        facts.ecrManifests["envoy"] = [ECRImageManifest(repositoryName: "envoy", imageId: .init(imageTag: "v1.31"), imageManifest: amd64,
                                                        imageManifestMediaType: nil)]
        var sidecar = try #require(facts.taskDefinitions?[0].containerDefinitions[0])
        sidecar.name = "envoy"
        sidecar.image = "envoy:v1.31"
        facts.taskDefinitions?[0].containerDefinitions.append(sidecar)
        #expect(try fixes(facts).map(\.id) == ["build-multi-platform-image"], "ARM64 would break the amd64-only sidecar")
    }
}
