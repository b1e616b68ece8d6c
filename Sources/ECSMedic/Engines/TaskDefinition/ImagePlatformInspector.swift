/// Whether each container's image is built for where the task runs. The task's platform is its
/// `runtimePlatform` (absent: Linux on X86_64), and on the EC2 launch type the container instance's
/// `ecs.os-type` and `ecs.cpu-architecture` attributes; the image's platforms are what its ECR manifest says: an
/// image index lists them, a single manifest's configuration names one. A stopped reason or log line such as
/// `exec format error` is added to the evidence; it never makes a finding by itself. Images outside ECR are an
/// unverifiable note (an unverified fact no permission would read), unless the snapshot holds their manifest.
struct ImagePlatformInspector {
    let facts: Facts

    /// Why the platforms of an image outside ECR are not known.
    static let outsideECR = UnverifiedFact.outsideECR

    /// The ECS attributes of a container instance that name its platform.
    static let osAttribute = "ecs.os-type"
    static let architectureAttribute = "ecs.cpu-architecture"

    /// Where the task runs, and the fact that says so (its source and resource).
    struct Host {
        var platform: ImagePlatform
        var fact: String
        var resource: String
        var source: String
    }

    func issues(_ definition: TaskDefinition, site: LaunchSite, name: String)
        -> (issues: [TaskDefinitionIssue], unverified: [UnverifiedFact]) {
        guard let host = host(definition, site: site, name: name) else { return ([], []) }
        var issues: [TaskDefinitionIssue] = []
        var unverified: [UnverifiedFact] = []
        for (index, container) in definition.containerDefinitions.enumerated() {
            guard let image = container.image else { continue }
            let platforms: [ImagePlatform], source: String, isIndex: Bool
            switch lookup(image) {
            case .known(let list, let from, let indexed):
                (platforms, source, isIndex) = (list, from, indexed)
            case .unverified(let fact):
                unverified.append(fact)
                continue
            case .absent:
                continue
            }
            guard !platforms.isEmpty, !platforms.contains(where: { $0.runs(on: host.platform) }) else { continue }
            let listed = platforms.map(\.description).joined(separator: ", ")
            let kind = platforms.count > 1 || isIndex ? "its index lists \(listed)" : "it is built for \(listed)"
            var evidence = [
                Evidence(fact: "container \(container.name) runs \(image)", resource: name, source: "ecs:DescribeTaskDefinition"),
                Evidence(fact: "\(image): \(kind)", resource: image, source: source),
                Evidence(fact: host.fact, resource: host.resource, source: host.source),
            ]
            evidence += corroboration(site: site, container: container.name)
            issues.append(TaskDefinitionIssue(
                check: .imagePlatform, resource: image,
                detail: "\(image) is built for \(listed), and the task runs on \(host.platform)"
                    + (evidence.count > 3 ? "; \(evidence[3].fact)" : ""),
                container: container.name, field: "containerDefinitions[\(index)].image", evidence: evidence,
                related: [name]))
        }
        return (issues, unverified)
    }

    /// What ecs-medic knows of an image's platforms.
    enum Lookup: Equatable {
        /// The platforms its manifest names, the call that said so, and whether the manifest is an index.
        case known([ImagePlatform], source: String, isIndex: Bool)
        /// Not read (outside ECR, not collected, unreadable): the fact to report as unverified.
        case unverified(UnverifiedFact)
        /// ECR does not hold the tag or digest (image-not-found's finding).
        case absent
    }

    /// The platforms of `image`: those an index lists, or the one a single manifest's configuration names.
    func lookup(_ image: String) -> Lookup {
        let repository: String, version: ECRImageReference.Version
        if let reference = ECRImageReference(image) {
            (repository, version) = (reference.repository, reference.version)
        } else {
            let (path, other) = Self.split(image)
            guard facts.ecrManifests[path] != nil else {
                return .unverified(UnverifiedFact(fact: "platforms of image \(image)", reason: Self.outsideECR))
            }
            (repository, version) = (path, other)
        }
        guard let manifests = facts.ecrManifests[repository] else {
            return .unverified(UnverifiedFact(fact: "manifest of image \(image)", reason: "not collected", permission: "ecr:BatchGetImage"))
        }
        guard let manifest = manifests.first(where: { Self.names($0, version) }) else { return .absent }
        switch manifest.platforms {
        case .index(let list):
            return .known(list, source: "ecr:BatchGetImage", isIndex: true)
        case .schema1(let platform):
            return .known([platform], source: "ecr:BatchGetImage", isIndex: false)
        case .config(let digest):
            guard let platform = facts.imageConfigs[digest] else {
                let failed = facts.unverified.first { $0.permission == "ecr:GetDownloadUrlForLayer" && $0.fact.hasSuffix(digest) }
                return .unverified(UnverifiedFact(fact: "platform of image \(image) (its configuration \(digest))",
                                                  reason: failed?.reason ?? "not collected", permission: "ecr:GetDownloadUrlForLayer"))
            }
            return .known([platform], source: "ecr:GetDownloadUrlForLayer", isIndex: false)
        case .unreadable:
            return .unverified(UnverifiedFact(fact: "platform of image \(image)", reason: "its manifest names no platform",
                                              permission: "ecr:BatchGetImage"))
        }
    }

    /// Whether the task runs on EC2 container instances (its launch type, else the service's).
    static func runsOnEC2(_ site: LaunchSite) -> Bool {
        site.task.map { !$0.isFargate } ?? (site.service?.launchType == "EC2")
    }

    /// The platform of the task: the container instance's attributes on the EC2 launch type, else its
    /// `runtimePlatform` (Linux and X86_64 when absent, as ECS assumes). Nil on EC2 when neither is known: the
    /// scheduler may place it on an instance of any architecture.
    func host(_ definition: TaskDefinition, site: LaunchSite, name: String) -> Host? {
        if let task = site.task, !task.isFargate, let arn = task.containerInstanceArn,
           let instance = facts.containerInstances?.first(where: { $0.containerInstanceArn == arn }),
           let architecture = instance.attribute(Self.architectureAttribute) {
            let os = instance.attribute(Self.osAttribute) ?? "linux"
            return Host(platform: ImagePlatform(os: os.lowercased(), architecture: Self.goArchitecture(architecture)),
                        fact: "container instance \(instance.ec2InstanceId ?? arn) has \(Self.architectureAttribute) \(architecture) and \(Self.osAttribute) \(os)",
                        resource: arn, source: "ecs:DescribeContainerInstances")
        }
        let runtime = definition.runtimePlatform
        if Self.runsOnEC2(site), runtime?.cpuArchitecture == nil { return nil }
        let family = (runtime ?? .init()).family
        let architecture = (runtime ?? .init()).architecture
        let os = family.uppercased().hasPrefix("WINDOWS") ? "windows" : "linux"
        let stated = runtime?.cpuArchitecture == nil && runtime?.operatingSystemFamily == nil
            ? "the task definition sets no runtimePlatform: ECS runs it on LINUX X86_64"
            : "runtimePlatform: operatingSystemFamily \(runtime?.operatingSystemFamily ?? "unset (LINUX)"), cpuArchitecture \(runtime?.cpuArchitecture ?? "unset (X86_64)")"
        return Host(platform: ImagePlatform(os: os, architecture: Self.goArchitecture(architecture)), fact: stated,
                    resource: name, source: "ecs:DescribeTaskDefinition")
    }

    /// What the task's stopped reason, its container's reason and its log say that a wrong platform explains.
    func corroboration(site: LaunchSite, container: String) -> [Evidence] {
        guard let task = site.task else { return [] }
        let classifier = StoppedReasonClassifier()
        var evidence: [Evidence] = []
        let reasons = [task.stoppedReason] + (task.containers ?? []).filter { $0.name == container }.map(\.reason)
        for reason in reasons.compactMap({ $0 }) where classifier.classify(reason).category == "image-platform-mismatch" {
            evidence.append(Evidence(fact: "the task stopped with: \(reason)", resource: task.taskArn, source: "ecs:DescribeTasks"))
        }
        for log in facts.containerLogs(of: task) where log.container == container {
            let lines = (log.lines ?? []).map(\.message)
            if let match = LogSignatureCatalog.shipped.matches(in: lines).first(where: { $0.kind == .execFormatError }),
               case .awslogs(_, _, let stream) = log.source {
                evidence.append(Evidence(fact: "container \(container) logged: \(match.line)", resource: stream, source: "logs:GetLogEvents"))
            }
        }
        return evidence
    }

    /// ECS's architecture names as an image's: `X86_64`/`x86_64` → `amd64`, `ARM64`/`arm64` → `arm64`.
    static func goArchitecture(_ name: String) -> String {
        switch name.lowercased() {
        case "x86_64", "amd64": return "amd64"
        case "arm64", "aarch64": return "arm64"
        default: return name.lowercased()
        }
    }

    /// Whether `manifest` is the one the task definition names by tag or digest.
    static func names(_ manifest: ECRImageManifest, _ version: ECRImageReference.Version) -> Bool {
        switch version {
        case .digest(let digest): return manifest.imageId?.imageDigest == digest
        case .tag(let tag): return manifest.imageId?.imageTag == tag
        }
    }

    /// An image reference outside ECR as repository and version: `nginx:1.27` → (`nginx`, tag 1.27).
    static func split(_ image: String) -> (String, ECRImageReference.Version) {
        if let at = image.firstIndex(of: "@") {
            return (String(image[..<at]), .digest(String(image[image.index(after: at)...])))
        }
        let slash = image.lastIndex(of: "/") ?? image.startIndex
        if let colon = image[slash...].lastIndex(of: ":") {
            return (String(image[..<colon]), .tag(String(image[image.index(after: colon)...])))
        }
        return (image, .tag("latest"))
    }
}
