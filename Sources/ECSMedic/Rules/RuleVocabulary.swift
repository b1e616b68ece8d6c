/// The words rule conditions may use (documented in rules/README.md).
enum RuleVocabulary {
    /// Needs a `path` condition can name: AWS endpoint services, `database`, or `aws-service` for any of them.
    static let needs: Set<String> = [
        "secretsmanager", "ssm", "ecr.api", "ecr.dkr", "s3", "logs", "kms", "sts", "ecs", "database", "aws-service",
    ]

    static func matches(_ names: [String], _ need: NetworkNeed) -> Bool {
        names.contains(need.name) || (names.contains("aws-service") && need.name != "database")
    }
}
