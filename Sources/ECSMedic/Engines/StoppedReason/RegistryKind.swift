/// Tells whether an image pull went to Amazon ECR or to another registry, from the words and image in the message.
enum RegistryKind {
    private static let ecrPhrases = [".dkr.ecr.", "api.ecr.", "ecr registry auth", "amazon ecr", "ecr:"]
    private static let otherRegistryPhrases = [
        "docker.io", "docker hub", "dockerhub", "ghcr.io", "quay.io", "gcr.io", "registry.gitlab.com", "public.ecr.aws",
        "pkg.dev", "azurecr.io", "registry.k8s.io", "mcr.microsoft.com",
    ]

    /// True unless the message names a registry other than ECR; a pull that names none is taken as ECR's,
    /// the registry almost every ECS task uses.
    static func isECR(_ text: ReasonText, image: String?) -> Bool {
        if ecrPhrases.contains(where: { text.firstWordOffset(of: $0) != nil }) { return true }
        if otherRegistryPhrases.contains(where: { text.firstWordOffset(of: $0) != nil }) { return false }
        guard let image, !image.hasPrefix("arn:") else { return true }
        let host = image.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        let namesHost = image.contains("/") && (host.contains(".") || host.contains(":") || host == "localhost")
        return !namesHost || host.lowercased().hasSuffix("amazonaws.com")
    }
}
