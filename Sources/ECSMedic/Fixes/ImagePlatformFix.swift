/// The fixes of an image that is not built for where its task runs. When the image offers a platform the task can
/// run on (Fargate runs Linux on X86_64 and, from platform version 1.4.0, ARM64; on EC2 a registered instance of
/// the cluster has that architecture), a new task definition revision whose `runtimePlatform` names it (on EC2
/// also a `memberOf` constraint on `ecs.cpu-architecture`, which keeps the tasks on those instances); every other
/// image of the task must offer it too. Not applied by `fix --apply`: it is a new revision. When no platform of the
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
    }

    /// `set-runtime-platform`: the new revision, nil when no platform of the image can run there.
    func setRuntimePlatform() -> Fix? {
        guard let issue = match.issue, issue.check == .imagePlatform, let name = issue.container,
              let definition = context.taskDefinition, let arn = definition.taskDefinitionArn,
              let target = target(image: issue.resource) else { return nil }
        let family = definition.family ?? ARN(arn)?.resource.split(separator: "/").last?.split(separator: ":").first.map(String.init) ?? arn
        let revision = TaskDefinitionRevision(taskDefinition: arn, family: family, container: name,
                                              image: definition.containerDefinitions.first { $0.name == name }?.image,
                                              containerMemory: nil, taskMemory: nil, environment: nil, cluster: context.cluster,
                                              service: context.service?.serviceName, runtimePlatform: target.runtimePlatform,
                                              placementConstraint: target.placementConstraint)
        var changes: [FixChange] = [.taskDefinitionRevision(revision)]
        var words = "Run the task on \(target.platform.description), which \(issue.resource) is built for: set runtimePlatform "
            + "cpuArchitecture \(target.runtimePlatform.architecture), operatingSystemFamily \(target.runtimePlatform.family)"
            + (target.placementConstraint.map { " and the placement constraint memberOf \"\($0)\" (\(target.host))" } ?? " (\(target.host))")
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
        let others = definition.containerDefinitions.compactMap(\.image).filter { $0 != image }.compactMap { other -> [ImagePlatform]? in
            if case .known(let list, _, _) = inspector.lookup(other) { return list }
            return nil
        }
        return candidates.first { target in others.allSatisfy { $0.contains { $0.runs(on: target.platform) } } }
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
