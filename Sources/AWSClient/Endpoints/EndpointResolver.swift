/// Finds the URL of a service: an `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL` override, or the standard
/// hostname of the region's partition (global services use their partition's single endpoint and region).
struct EndpointResolver: Sendable {
    var overrides: [AWSServiceID: String]
    var defaultOverride: String?

    /// The base URL to send to and the region to sign for.
    func endpoint(for service: AWSServiceID, region: String) -> (url: String, signingRegion: String) {
        if let url = overrides[service] ?? defaultOverride {
            return (url, region)
        }
        let suffix = Self.dnsSuffix(region)
        let partition = Self.partition(region)
        switch (service, partition) {
        case (.iam, "aws"): return ("https://iam.amazonaws.com", "us-east-1")
        case (.iam, "aws-cn"): return ("https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1")
        case (.iam, "aws-us-gov"): return ("https://iam.us-gov.amazonaws.com", "us-gov-west-1")
        case (.route53, "aws"): return ("https://route53.amazonaws.com", "us-east-1")
        case (.route53, "aws-cn"): return ("https://route53.amazonaws.com.cn", "cn-northwest-1")
        case (.route53, "aws-us-gov"): return ("https://route53.us-gov.amazonaws.com", "us-gov-west-1")
        case (.organizations, "aws"): return ("https://organizations.us-east-1.amazonaws.com", "us-east-1")
        case (.organizations, "aws-cn"):
            return ("https://organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1")
        case (.organizations, "aws-us-gov"):
            return ("https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1")
        default:
            return ("https://\(service.endpointPrefix).\(region).\(suffix)", region)
        }
    }

    static func partition(_ region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        if region.hasPrefix("us-isob-") { return "aws-iso-b" }
        if region.hasPrefix("us-iso-") { return "aws-iso" }
        return "aws"
    }

    static func dnsSuffix(_ region: String) -> String {
        switch partition(region) {
        case "aws-cn": return "amazonaws.com.cn"
        case "aws-iso": return "c2s.ic.gov"
        case "aws-iso-b": return "sc2s.sgov.gov"
        default: return "amazonaws.com"
        }
    }
}
