/// The fixes of an image that is not built for where its task runs. When the image offers a platform the task can
/// run on (Fargate runs Linux on X86_64 and, from platform version 1.4.0, ARM64, and Windows Server 2019 and 2022 on
/// X86_64; on EC2 a registered instance of the cluster has that architecture, or that Windows release), a new task
/// definition revision whose `runtimePlatform` names it (on EC2 also a `memberOf` constraint on
/// `ecs.cpu-architecture` or `ecs.os-family`, which keeps the tasks on those instances; on Fargate, Windows's
/// minimum task size of 1 vCPU); every other image of the task must offer it too. Not applied by `fix --apply`: it is a new revision. When no platform of the
/// image can run there, the manual step: rebuild and push the image for the task's platform as well.
struct ImagePlatformFix {
    let context: DiagnosisContext
    let match: FindingMatch

    /// A platform a task can be moved to, and what else the move needs.
    private struct Target {
        var platform: ImagePlatform
        var runtimePlatform: TaskDefinition.RuntimePlatform
        /// The `memberOf` expression on EC2 (nil on Fargate).
        var placementConstraint: String?
        /// What offers it: `Fargate`, or the container instances that have it.
        var host: String
        /// The task's CPU units and MiB raised to what the platform needs (Windows on Fargate: at least 1 vCPU).
        var size: (cpu: Int, memory: Int)? = nil
    }

    /// `set-runtime-platform`: the new revision, nil when no platform of the image can run there.
    func setRuntimePlatform() -> Fix? {
        guard let issue = match.issue, issue.check == .imagePlatform, let name = issue.container,
              let definition = context.taskDefinition, let arn = definition.taskDefinitionArn,
              let target = target(image: issue.resource) else { return nil }
        let family = definition.family ?? ARN(arn)?.resource.split(separator: "/").last?.split(separator: ":").first.map(String.init) ?? arn
        var revision = TaskDefinitionRevision(taskDefinition: arn, family: family, container: name,
                                              image: definition.containerDefinitions.first { $0.name == name }?.image,
                                              containerMemory: nil, taskMemory: nil, environment: nil, cluster: context.cluster,
                                              service: context.service?.serviceName, runtimePlatform: target.runtimePlatform,
                                              placementConstraint: target.placementConstraint)
        revision.taskCpu = target.size?.cpu
        revision.taskMemory = target.size?.memory
        var changes: [FixChange] = [.taskDefinitionRevision(revision)]
        var words = "Run the task on \(target.platform.description), which \(issue.resource) is built for: set runtimePlatform "
            + "cpuArchitecture \(target.runtimePlatform.architecture), operatingSystemFamily \(target.runtimePlatform.family)"
            + (target.placementConstraint.map { " and the placement constraint memberOf \"\($0)\" (\(target.host))" } ?? " (\(target.host))")
            + (target.size.map { ", with task cpu \($0.cpu) and memory \($0.memory) (Windows on Fargate starts at 1 vCPU)" } ?? "")
            + " in a new revision of \(family)"
        if target.placementConstraint == nil, target.runtimePlatform.cpuArchitecture == "ARM64", let service = context.service,
           service.serviceArn != nil, let pinned = PlatformVersion(linux: context.task?.platformVersion ?? service.platformVersion),
           pinned < Self.fargateARM64 {
            changes.append(.platformVersion(region: context.region, cluster: context.cluster, service: service.serviceName,
                                            version: Self.fargateARM64.description))
            words += ", and deploy \(service.serviceName) on Fargate platform version \(Self.fargateARM64) (ARM64 needs it; it runs \(pinned))"
        }
        words += ". A new task definition revision: ecs-medic gives the commands, fix --apply does not register it"
        return Fix(id: "set-runtime-platform", summary: words, changes: changes, region: context.region)
    }

    /// `build-multi-platform-image`: the manual rebuild, only when no platform of the image can run there.
    func buildMultiPlatformImage() -> Fix? {
        guard let issue = match.issue, issue.check == .imagePlatform, target(image: issue.resource) == nil,
              let definition = context.taskDefinition,
              let host = inspector.host(definition, site: site, name: definition.family ?? issue.resource),
              case .known(let platforms, _, _) = inspector.lookup(issue.resource) else { return nil }
        let linux = platforms.filter { $0.os == "linux" }.map { "linux/\($0.architecture ?? "amd64")" }
        let wanted = Array(Set(linux + (host.platform.os == "linux" ? ["linux/\(host.platform.architecture ?? "amd64")"] : []))).sorted()
        let image = issue.resource
        let registry = image.split(separator: "/").first.map(String.init) ?? image
        var lines = [
            "# \(image) is built for \(platforms.map(\.description).joined(separator: ", ")) and the task runs on \(host.platform):",
            "# no runtimePlatform the task can run on fits it. Rebuild it for \(wanted.joined(separator: " and ")) and push it",
            "# (a manual step: ecs-medic builds and pushes nothing), from the directory of its Dockerfile:",
        ]
        if platforms.allSatisfy({ $0.os == "windows" }), host.platform.os == "linux" {
            lines.append("# the image is a Windows image: a Linux task needs a Linux build of the application (or run the task on Windows)")
        }
        if ECRImageReference(image) != nil {
            lines.append("aws ecr get-login-password --region \(context.region) | docker login --username AWS --password-stdin \(registry)")
        }
        lines.append("docker buildx build --platform \(wanted.joined(separator: ",")) -t \(image) --push .")
        if image.contains("@") {
            lines.append("# the task definition names the image by digest: register a revision with the new index's digest")
        } else if let service = context.service {
            lines.append("aws ecs update-service --region \(context.region) --cluster \(context.cluster) --service \(service.serviceName) --force-new-deployment")
        }
        return Fix(id: "build-multi-platform-image",
                   summary: "Rebuild \(image) for \(wanted.joined(separator: " and ")) (docker buildx) and push it: no platform it is built for runs where the task runs (a manual step)",
                   awsCli: lines.joined(separator: "\n"))
    }

    /// The Fargate Linux platform version that runs ARM64 (ECS developer guide, "Fargate Linux platform versions").
    static let fargateARM64 = PlatformVersion(1, 4, 0)

    /// The Windows Server releases ECS runs, by the build an image's `os.version` starts with (a process-isolated
    /// Windows container needs its host's release): Fargate's `operatingSystemFamily` values are
    /// WINDOWS_SERVER_2019_CORE/FULL and WINDOWS_SERVER_2022_CORE/FULL (ECS developer guide, "Fargate Windows
    /// platform versions"; Microsoft, "Windows container version compatibility": 10.0.17763 is Windows Server 2019,
    /// 10.0.20348 Windows Server 2022).
    static let windowsReleases = ["10.0.17763": "2019", "10.0.20348": "2022"]

    /// The Windows Server release of an image's `os.version` (`10.0.20348.2582` → 2022).
    static func windowsRelease(_ osVersion: String?) -> String? {
        osVersion.flatMap { windowsReleases[$0.split(separator: ".").prefix(3).joined(separator: ".")] }
    }

    private var inspector: ImagePlatformInspector { ImagePlatformInspector(facts: context.facts) }

    private var site: LaunchSite {
        LaunchSite(service: context.service, task: context.task, platformVersion: context.task?.platformVersion ?? context.service?.platformVersion)
    }

    /// The platform to move the task to: one `image` is built for that the launch type can run, that every other
    /// image of the task whose platforms are known is built for too; X86_64 before ARM64.
    private func target(image: String) -> Target? {
        guard let definition = context.taskDefinition, case .known(let platforms, _, _) = inspector.lookup(image) else { return nil }
        let candidates = platforms.filter { $0.os == "linux" && ["amd64", "arm64"].contains($0.architecture) }
            .sorted { ($0.architecture ?? "") < ($1.architecture ?? "") }
            .compactMap(host(for:))
            + platforms.filter { $0.os == "windows" }.compactMap(windowsHost(for:))
        let others = definition.containerDefinitions.compactMap(\.image).filter { $0 != image }.compactMap { other -> [ImagePlatform]? in
            if case .known(let list, _, _) = inspector.lookup(other) { return list }
            return nil
        }
        return candidates.first { target in others.allSatisfy { $0.contains { $0.runs(on: target.platform) } } }
    }

    /// Where a Windows image runs for this task: on Fargate, Windows Server Core of the image's release on X86_64
    /// (Full for an image based on Windows Server rather than Server Core), the task raised to 1 vCPU and 2 GB when
    /// it is below; on EC2 the cluster's ACTIVE Windows instances of that release (`ecs.os-family`). Nil for another
    /// release or architecture.
    private func windowsHost(for platform: ImagePlatform) -> Target? {
        guard platform.architecture == "amd64", let release = Self.windowsRelease(platform.osVersion),
              let definition = context.taskDefinition else { return nil }
        let plain = ImagePlatform(os: "windows", architecture: "amd64")
        let family = "WINDOWS_SERVER_\(release)_CORE"
        guard ImagePlatformInspector.runsOnEC2(site) else {
            let cpu = definition.cpu.flatMap { FargateTaskSize.units($0, unit: "vcpu", scale: 1024) } ?? 0
            let memory = definition.memory.flatMap { FargateTaskSize.units($0, unit: "gb", scale: 1024) } ?? 0
            return Target(platform: plain, runtimePlatform: .init(operatingSystemFamily: family, cpuArchitecture: "X86_64"),
                          placementConstraint: nil,
                          host: "Fargate runs Windows Server \(release), the release of its os.version \(platform.osVersion ?? ""); "
                              + "WINDOWS_SERVER_\(release)_FULL for an image based on Windows Server rather than Server Core",
                          size: cpu < 1024 ? (1024, max(memory, 2048)) : nil)
        }
        let instances = (context.facts.containerInstances ?? []).filter { instance in
            instance.status == "ACTIVE" && instance.attribute("ecs.os-family")?.hasPrefix("WINDOWS_SERVER_\(release)_") == true
        }.sorted { ($0.ec2InstanceId ?? $0.containerInstanceArn) < ($1.ec2InstanceId ?? $1.containerInstanceArn) }
        guard let value = instances.first?.attribute("ecs.os-family") else { return nil }
        let names = instances.filter { $0.attribute("ecs.os-family") == value }.map { $0.ec2InstanceId ?? $0.containerInstanceArn }
        return Target(platform: plain, runtimePlatform: .init(operatingSystemFamily: value, cpuArchitecture: "X86_64"),
                      placementConstraint: "attribute:ecs.os-family == \(value)",
                      host: "container instance\(names.count == 1 ? "" : "s") \(names.joined(separator: ", ")) of the cluster \(names.count == 1 ? "has" : "have") ecs.os-family \(value)")
    }

    /// Where `platform` (Linux) runs for this task: on Fargate always; on EC2 on the cluster's ACTIVE container
    /// instances that have its architecture (nil when none does).
    private func host(for platform: ImagePlatform) -> Target? {
        let architecture = platform.architecture == "arm64" ? "ARM64" : "X86_64"
        let runtime = TaskDefinition.RuntimePlatform(operatingSystemFamily: "LINUX", cpuArchitecture: architecture)
        let plain = ImagePlatform(os: "linux", architecture: platform.architecture)
        guard ImagePlatformInspector.runsOnEC2(site) else {
            return Target(platform: plain, runtimePlatform: runtime, placementConstraint: nil, host: "Fargate runs it")
        }
        let attribute = ImagePlatformInspector.architectureAttribute
        let instances = (context.facts.containerInstances ?? []).filter { instance in
            instance.status == "ACTIVE" && (instance.attribute(ImagePlatformInspector.osAttribute) ?? "linux").lowercased() == "linux"
                && instance.attribute(attribute).map(ImagePlatformInspector.goArchitecture) == platform.architecture
        }
        guard let value = instances.first?.attribute(attribute) else { return nil }
        let names = instances.map { $0.ec2InstanceId ?? $0.containerInstanceArn }.sorted()
        return Target(platform: plain, runtimePlatform: runtime, placementConstraint: "attribute:\(attribute) == \(value)",
                      host: "container instance\(names.count == 1 ? "" : "s") \(names.joined(separator: ", ")) of the cluster \(names.count == 1 ? "has" : "have") \(attribute) \(value)")
    }
}
