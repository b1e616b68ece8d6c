/// An image of an ECR repository as `aws ecr describe-images` prints it: its digest and tags.
public struct ECRImage: Sendable, Decodable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageDigest: String?
    public var imageTags: [String]?
}
