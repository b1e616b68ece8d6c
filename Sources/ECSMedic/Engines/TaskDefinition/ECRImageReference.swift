/// An ECR image URI split into repository and version: `ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO[:TAG|@DIGEST]`,
/// the tag defaulting to `latest` as Docker does.
public struct ECRImageReference: Sendable, Equatable {
    public enum Version: Sendable, Equatable, CustomStringConvertible {
        case tag(String)
        case digest(String)

        public var description: String {
            switch self {
            case .tag(let tag): return "tag \(tag)"
            case .digest(let digest): return "digest \(digest)"
            }
        }
    }

    public var registry: String
    public var repository: String
    public var version: Version

    /// Nil for an image that is not in an ECR private registry.
    public init?(_ image: String) {
        guard NeedsAnalyzer.ecrRegion(of: image) != nil, let slash = image.firstIndex(of: "/") else { return nil }
        registry = String(image[..<slash])
        var path = String(image[image.index(after: slash)...])
        if let at = path.firstIndex(of: "@") {
            version = .digest(String(path[path.index(after: at)...]))
            path = String(path[..<at])
        } else if let colon = path.lastIndex(of: ":") {
            version = .tag(String(path[path.index(after: colon)...]))
            path = String(path[..<colon])
        } else {
            version = .tag("latest")
        }
        guard !path.isEmpty else { return nil }
        repository = path
    }
}
