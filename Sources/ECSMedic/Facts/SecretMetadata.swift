/// A secret's metadata as `aws secretsmanager describe-secret` prints it; ecs-medic never reads secret values.
public struct SecretMetadata: Sendable, Decodable, Equatable {
    public var arn: String
    public var name: String?
    public var kmsKeyId: String?
    public var owningService: String?
}

/// A parameter's metadata as `aws ssm describe-parameters` prints it.
public struct ParameterMetadata: Sendable, Decodable, Equatable {
    public var name: String
    public var arn: String?
    public var type: String?
    public var keyId: String?
}
