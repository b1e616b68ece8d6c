/// Derives from a task definition what the ECS agent must reach before the task can start (secrets, image
/// registry, logs, environment files) and what the application connects to (its database).
struct NeedsAnalyzer {
    let facts: Facts
    let region: String

    func needs(of definition: TaskDefinition, database: DatabaseTarget?) -> [NetworkNeed] {
        var reasons: [String: [String]] = [:]
        var regions: [String: String] = [:]
        func add(_ service: String, _ reason: String, region serviceRegion: String? = nil) {
            reasons[service, default: []].append(reason)
            regions[service] = serviceRegion ?? regions[service] ?? region
        }
        for container in definition.containerDefinitions {
            for secret in (container.secrets ?? []) + (container.logConfiguration?.secretOptions ?? []) {
                let reference = SecretReference(secret.valueFrom)
                add(reference.service, "secret \(secret.name) of container \(container.name)",
                    region: reference.region.flatMap { $0.isEmpty ? nil : $0 })
            }
            if let credentials = container.repositoryCredentials {
                let reference = SecretReference(credentials.credentialsParameter)
                add(reference.service, "registry credentials of container \(container.name)",
                    region: reference.region.flatMap { $0.isEmpty ? nil : $0 })
            }
            if let image = container.image, let registryRegion = Self.ecrRegion(of: image) {
                add("ecr.dkr", "image \(image) of container \(container.name)", region: registryRegion)
                add("ecr.api", "image \(image) of container \(container.name)", region: registryRegion)
                add("s3", "the layers of image \(image) (ECR stores them in S3)", region: registryRegion)
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
        if let database {
            needs.append(NetworkNeed(.database(database), reasons: ["the application's connections (found through \(database.discoveredBy))"]))
        }
        return needs
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
