/// A task definition feature that needs a minimum Fargate Linux platform version, with the AWS page that says so.
/// `table` is the data; `uses` finds the feature in a task definition (the field and what names it).
struct PlatformFeature: Sendable {
    let name: String
    /// The first Linux platform version that supports it.
    let minimum: PlatformVersion
    /// The ECS developer guide page that documents the requirement.
    let source: String
    /// The fields of the task definition that use it, with a clause naming the use.
    let uses: @Sendable (TaskDefinition) -> [(field: String, use: String)]

    static let table: [PlatformFeature] = [
        PlatformFeature(name: "secrets", minimum: PlatformVersion(1, 3, 0),
                        source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html") { definition in
            containers(definition) { container, path in
                (container.secrets ?? []).enumerated().map {
                    ("\(path).secrets[\($0.offset)].valueFrom", "container \(container.name) injects secret \($0.element.name)")
                } + (container.logConfiguration?.secretOptions ?? []).indices.map {
                    ("\(path).logConfiguration.secretOptions[\($0)].valueFrom", "container \(container.name) passes a secret to its log driver")
                }
            }
        },
        PlatformFeature(name: "a secret's JSON key or version", minimum: PlatformVersion(1, 4, 0),
                        source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html") { definition in
            containers(definition) { container, path in
                (container.secrets ?? []).enumerated().compactMap { index, secret in
                    Self.namesKeyOrVersion(secret.valueFrom)
                        ? ("\(path).secrets[\(index)].valueFrom", "container \(container.name) injects \(secret.name) from a JSON key or version of a secret")
                        : nil
                }
            }
        },
        PlatformFeature(name: "EFS volumes", minimum: PlatformVersion(1, 4, 0),
                        source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html") { definition in
            (definition.volumes ?? []).enumerated().compactMap { index, volume in
                volume.efsVolumeConfiguration.map { ("volumes[\(index)].efsVolumeConfiguration", "volume \(volume.name ?? "\(index)") mounts EFS file system \($0.fileSystemId)") }
            }
        },
        PlatformFeature(name: "ephemeralStorage", minimum: PlatformVersion(1, 4, 0),
                        source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html") { definition in
            definition.ephemeralStorage.map { [("ephemeralStorage", "the task asks for \($0.sizeInGiB.map { "\($0) GiB of" } ?? "") ephemeral storage")] } ?? []
        },
        PlatformFeature(name: "environment files", minimum: PlatformVersion(1, 4, 0),
                        source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html") { definition in
            containers(definition) { container, path in
                (container.environmentFiles ?? []).isEmpty ? [] : [("\(path).environmentFiles", "container \(container.name) reads environment files from S3")]
            }
        },
        PlatformFeature(name: "the ARM64 architecture", minimum: PlatformVersion(1, 4, 0),
                        source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-arm64.html") { definition in
            definition.runtimePlatform?.cpuArchitecture?.uppercased() == "ARM64"
                ? [("runtimePlatform.cpuArchitecture", "runtimePlatform asks for ARM64")] : []
        },
        PlatformFeature(name: "the SYS_PTRACE capability", minimum: PlatformVersion(1, 4, 0),
                        source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html") { definition in
            containers(definition) { container, path in
                (container.linuxParameters?.capabilities?.add ?? []).contains { $0.uppercased() == "SYS_PTRACE" }
                    ? [("\(path).linuxParameters.capabilities.add", "container \(container.name) adds SYS_PTRACE")] : []
            }
        },
        PlatformFeature(name: "private registry credentials", minimum: PlatformVersion(1, 2, 0),
                        source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html") { definition in
            containers(definition) { container, path in
                container.repositoryCredentials == nil ? [] : [("\(path).repositoryCredentials", "container \(container.name) pulls with repositoryCredentials")]
            }
        },
    ]

    private static func containers(_ definition: TaskDefinition,
                                   _ uses: (TaskDefinition.ContainerDefinition, String) -> [(field: String, use: String)]) -> [(field: String, use: String)] {
        definition.containerDefinitions.enumerated().flatMap { uses($1, "containerDefinitions[\($0)]") }
    }

    /// Whether a Secrets Manager `valueFrom` names a JSON key, version stage or version id
    /// (`arn:...:secret:NAME-AbCdEf:json-key:version-stage:version-id`, empty fields allowed).
    static func namesKeyOrVersion(_ valueFrom: String) -> Bool {
        guard let arn = ARN(valueFrom), arn.service == "secretsmanager" else { return false }
        return arn.resource.split(separator: ":", omittingEmptySubsequences: false).dropFirst(2).contains { !$0.isEmpty }
    }
}

/// A Fargate platform version, `1.4.0`; `LATEST` is 1.4.0 on Linux (ECS developer guide, "Fargate Linux platform
/// versions").
struct PlatformVersion: Sendable, Comparable, CustomStringConvertible {
    let parts: [Int]

    init(_ major: Int, _ minor: Int, _ patch: Int) {
        parts = [major, minor, patch]
    }

    /// The Linux version a service or task names; nil for one that is not a version (ecs-medic then says nothing).
    init?(linux text: String?) {
        guard let text, text.uppercased() != "LATEST" else {
            parts = [1, 4, 0]
            return
        }
        let numbers = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...3).contains(numbers.count), numbers.allSatisfy({ $0 != nil }) else { return nil }
        parts = numbers.map { $0! } + Array(repeating: 0, count: 3 - numbers.count)
    }

    static func < (lhs: PlatformVersion, rhs: PlatformVersion) -> Bool {
        lhs.parts.lexicographicallyPrecedes(rhs.parts)
    }

    var description: String { parts.map(String.init).joined(separator: ".") }
}
