/// The words rule conditions may use (documented in rules/README.md).
enum RuleVocabulary {
    /// Needs a `path` condition can name: AWS endpoint services, `aws-service` for any of them, `database`,
    /// `registry` (a non-ECR image registry) and `load-balancer` (its health checks).
    static let needs: Set<String> = [
        "secretsmanager", "ssm", "ecr.api", "ecr.dkr", "s3", "logs", "kms", "sts", "ecs", "aws-service", "database",
        "registry", "load-balancer", "efs",
    ]

    static func matches(_ names: [String], _ need: NetworkNeed) -> Bool {
        if names.contains(need.name) { return true }
        guard names.contains("aws-service"), case .awsService = need.destination else { return false }
        return true
    }
}
