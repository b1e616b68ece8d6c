/// Derives from a task definition what the ECS agent must reach before the task can start (secrets, image
/// registry, logs, environment files) and what the application connects to (its database).
struct NeedsAnalyzer {
    let facts: Facts
    let region: String

    /// `platformVersion` is the Fargate platform the task ran on (`1.3.0` pulls ECR images without the ECR API
    /// endpoint); `loadBalancers` are the load balancers whose health checks must reach the task.
    func needs(of definition: TaskDefinition, database: DatabaseTarget?, platformVersion: String? = nil,
               loadBalancers: [LoadBalancerTarget] = []) -> [NetworkNeed] {
        var reasons: [String: [String]] = [:]
        var registries: [String: [String]] = [:]
        var regions: [String: String] = [:]
        func add(_ service: String, _ reason: String, region serviceRegion: String? = nil) {
            reasons[service, default: []].append(reason)
            regions[service] = serviceRegion ?? regions[service] ?? region
        }
        for container in definition.containerDefinitions {
            // A redacted reference names no service to reach; the permission analysis reports it unverified.
            for secret in (container.secrets ?? []) + (container.logConfiguration?.secretOptions ?? [])
            where !SnapshotRedactor.isRedacted(secret.valueFrom) {
                let reference = SecretReference(secret.valueFrom)
                add(reference.service, "secret \(secret.name) of container \(container.name)",
                    region: reference.region.flatMap { $0.isEmpty ? nil : $0 })
            }
            if let credentials = container.repositoryCredentials, !SnapshotRedactor.isRedacted(credentials.credentialsParameter) {
                let reference = SecretReference(credentials.credentialsParameter)
                add(reference.service, "registry credentials of container \(container.name)",
                    region: reference.region.flatMap { $0.isEmpty ? nil : $0 })
            }
            if let image = container.image, let registryRegion = Self.ecrRegion(of: image) {
                add("ecr.dkr", "image \(image) of container \(container.name)", region: registryRegion)
                if !Self.isPlatform13(platformVersion) {
                    add("ecr.api", "image \(image) of container \(container.name)", region: registryRegion)
                }
                add("s3", "the layers of image \(image) (ECR stores them in S3)", region: registryRegion)
            } else if let image = container.image {
                registries[Self.registryHost(of: image), default: []].append("image \(image) of container \(container.name)")
            }
            if container.logConfiguration?.logDriver == "awslogs" {
                let logRegion = container.logConfiguration?.options?["awslogs-region"]
                add("logs", "awslogs driver of container \(container.name)", region: logRegion)
            }
            for file in container.environmentFiles ?? [] {
                add("s3", "environment file \(file.value) of container \(container.name)")
            }
        }
        var needs = reasons.keys.sorted().map { service in
            NetworkNeed(.awsService(name: service, region: regions[service] ?? region), reasons: reasons[service] ?? [])
        }
        let fileSystems = Set((definition.volumes ?? []).compactMap(\.efsVolumeConfiguration?.fileSystemId))
        needs += fileSystems.sorted().map { id in
            let volumes = (definition.volumes ?? []).filter { $0.efsVolumeConfiguration?.fileSystemId == id }.compactMap(\.name)
            return NetworkNeed(.efs(fileSystemId: id), reasons: volumes.map { "volume \($0)" })
        }
        needs += registries.keys.sorted().map { NetworkNeed(.registry(host: $0), reasons: registries[$0] ?? []) }
        needs += loadBalancers.map { target in
            NetworkNeed(.loadBalancer(target), reasons: ["health checks of target group \(target.targetGroupArn) on port \(target.port)"])
        }
        if let database {
            needs.append(NetworkNeed(.database(database), reasons: ["the application's connections (found through \(database.discoveredBy))"]))
        }
        return needs
    }

    /// Fargate platform 1.3.0 pulls from ECR through the registry endpoint only; 1.4.0 and later (and `LATEST`)
    /// also call the ECR API.
    static func isPlatform13(_ version: String?) -> Bool {
        guard let version else { return false }
        return version.hasPrefix("1.3.") || version == "1.3"
    }

    /// The registry host of a non-ECR image: the first path component when it looks like a host, else Docker Hub.
    static func registryHost(of image: String) -> String {
        let components = image.split(separator: "/")
        guard components.count > 1, let first = components.first,
              first.contains(".") || first.contains(":") || first == "localhost" else { return "registry-1.docker.io" }
        return String(first)
    }

    /// The region of an ECR image URI (`111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/app:1`), nil otherwise.
    static func ecrRegion(of image: String) -> String? {
        let host = image.split(separator: "/").first.map(String.init) ?? ""
        let labels = host.split(separator: ".").map(String.init)
        guard labels.count >= 6, labels[1] == "dkr", labels[2].hasPrefix("ecr"), labels[4] == "amazonaws" else {
            return nil
        }
        return labels[3]
    }
}
