/// Which task definition field makes a task need a network destination: the first secret read from that
/// service, the first ECR image, the first awslogs configuration. SARIF results point at its line.
enum TaskDefinitionFields {
    static func field(for needs: [String], in definition: TaskDefinition) -> String? {
        for need in needs {
            for (index, container) in definition.containerDefinitions.enumerated() {
                let path = "containerDefinitions[\(index)]"
                switch need {
                case "secretsmanager", "ssm":
                    if let secret = container.secrets?.firstIndex(where: { SecretReference($0.valueFrom).service == need }) {
                        return "\(path).secrets[\(secret)].valueFrom"
                    }
                    if let credentials = container.repositoryCredentials,
                       SecretReference(credentials.credentialsParameter).service == need {
                        return "\(path).repositoryCredentials.credentialsParameter"
                    }
                case "ecr.api", "ecr.dkr", "s3":
                    if let image = container.image, NeedsAnalyzer.ecrRegion(of: image) != nil { return "\(path).image" }
                    if need == "s3", container.environmentFiles?.isEmpty == false { return "\(path).environmentFiles[0].value" }
                case "logs":
                    if container.logConfiguration?.logDriver == "awslogs" { return "\(path).logConfiguration" }
                default:
                    continue
                }
            }
        }
        return nil
    }
}
