import Foundation

/// An operating system and CPU architecture an image is built for, as an OCI image index or Docker manifest list
/// names each of its manifests (`platform`), and as an image configuration says at its top level
/// (`architecture`, `os`, `variant`, `os.version`).
public struct ImagePlatform: Sendable, Decodable, Equatable, Hashable, CustomStringConvertible {
    public var architecture: String?
    public var os: String?
    public var variant: String?
    /// The Windows build (`10.0.20348.2113`).
    public var osVersion: String?

    public init(os: String?, architecture: String?, variant: String? = nil, osVersion: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
        self.osVersion = osVersion
    }

    enum CodingKeys: String, CodingKey {
        case architecture, os, variant
        case osVersion = "os.version"
    }

    /// `linux/arm64/v8`, as Docker writes a platform.
    public var description: String {
        [os ?? "unknown", architecture ?? "unknown", variant].compactMap { $0 }.joined(separator: "/")
    }

    /// Whether an image for this platform runs on `host` (an OS and architecture, no variant): the OS and the
    /// architecture are the same. Variants of one architecture (`arm64/v8`, `amd64/v3`) are not compared.
    public func runs(on host: ImagePlatform) -> Bool {
        os?.lowercased() == host.os?.lowercased() && architecture?.lowercased() == host.architecture?.lowercased()
    }

    /// An attestation manifest of an index (BuildKit's provenance and SBOM), which names `unknown/unknown`.
    var isAttestation: Bool { os == "unknown" || architecture == "unknown" }
}

/// The manifest ECR answered for one image (`aws ecr batch-get-image`'s `images[]`): an image index or manifest
/// list naming the platforms of its manifests, or a single manifest whose platform is in its configuration blob.
public struct ECRImageManifest: Sendable, Decodable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageId: ImageId?
    /// The manifest's JSON text, as ECR stores it.
    public var imageManifest: String?
    public var imageManifestMediaType: String?

    public struct ImageId: Sendable, Decodable, Equatable {
        public var imageDigest: String?
        public var imageTag: String?
    }

    /// The members of a manifest ecs-medic reads (OCI image spec, "Image Index" and "Image Manifest"; Docker
    /// "Image Manifest V2, Schema 2"; schema 1 named one architecture at its top level).
    struct Document: Decodable {
        struct Descriptor: Decodable {
            var mediaType: String?
            var digest: String?
            var platform: ImagePlatform?
        }
        var mediaType: String?
        var manifests: [Descriptor]?
        var config: Descriptor?
        var architecture: String?
    }

    /// The manifest media types of an index (several platforms) and of a single image.
    public static let indexMediaTypes = ["application/vnd.oci.image.index.v1+json",
                                         "application/vnd.docker.distribution.manifest.list.v2+json"]
    public static let imageMediaTypes = ["application/vnd.oci.image.manifest.v1+json",
                                         "application/vnd.docker.distribution.manifest.v2+json"]

    /// What the manifest says about platforms: those of an index's manifests (attestations left out), the
    /// digest of a single manifest's configuration (where its platform is), or nothing readable.
    public enum Platforms: Sendable, Equatable {
        case index([ImagePlatform])
        case config(digest: String)
        /// A Docker schema 1 manifest, which names only an architecture (Linux).
        case schema1(ImagePlatform)
        case unreadable
    }

    public var platforms: Platforms {
        guard let text = imageManifest, let document = try? AWSCLIJSON.decoder.decode(Document.self, from: Data(text.utf8)) else {
            return .unreadable
        }
        let mediaType = imageManifestMediaType ?? document.mediaType
        if let manifests = document.manifests, mediaType.map(Self.indexMediaTypes.contains) ?? true {
            return .index(manifests.compactMap(\.platform).filter { !$0.isAttestation })
        }
        if let digest = document.config?.digest { return .config(digest: digest) }
        if let architecture = document.architecture { return .schema1(ImagePlatform(os: "linux", architecture: architecture)) }
        return .unreadable
    }
}
