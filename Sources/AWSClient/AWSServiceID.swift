/// The AWS services ecs-medic calls, with what the client needs to reach and sign them.
public enum AWSServiceID: String, Sendable, CaseIterable {
    case ecs, ec2, iam, sts, secretsmanager, ssm, kms, ecr, logs, rds, route53, organizations, elbv2, efs, cloudwatch
    case autoscaling

    /// The wire protocol of the service.
    public enum WireProtocol: String, Sendable {
        case ec2, query, json, restXML = "rest-xml", restJSON = "rest-json"
    }

    /// The file name of the trimmed botocore model under `aws-models/`.
    var modelName: String { rawValue }

    public var wireProtocol: WireProtocol {
        switch self {
        case .ec2: return .ec2
        case .iam, .sts, .rds, .elbv2, .cloudwatch, .autoscaling: return .query
        case .route53: return .restXML
        case .efs: return .restJSON
        case .ecs, .secretsmanager, .ssm, .kms, .ecr, .logs, .organizations: return .json
        }
    }

    /// The service name in the SigV4 credential scope.
    public var signingName: String {
        switch self {
        case .elbv2: return "elasticloadbalancing"
        case .efs: return "elasticfilesystem"
        case .cloudwatch: return "monitoring"
        default: return rawValue
        }
    }

    /// The prefix of the service's IAM actions (`cloudwatch:GetMetricData`, signed as `monitoring`).
    public var iamPrefix: String {
        self == .cloudwatch ? "cloudwatch" : signingName
    }

    /// The first label of the regional hostname (`api.ecr` for ECR's API).
    public var endpointPrefix: String {
        switch self {
        case .ecr: return "api.ecr"
        case .elbv2: return "elasticloadbalancing"
        case .efs: return "elasticfilesystem"
        case .cloudwatch: return "monitoring"
        default: return rawValue
        }
    }

    /// The AWS service id in upper snake case, as in `AWS_ENDPOINT_URL_<ID>` (design.md §3).
    public var endpointVariableSuffix: String {
        switch self {
        case .secretsmanager: return "SECRETS_MANAGER"
        case .logs: return "CLOUDWATCH_LOGS"
        case .route53: return "ROUTE_53"
        case .elbv2: return "ELASTIC_LOAD_BALANCING_V2"
        case .autoscaling: return "AUTO_SCALING"
        default: return rawValue.uppercased()
        }
    }

    /// The name of the environment variable that overrides this service's endpoint.
    public var endpointVariable: String { "AWS_ENDPOINT_URL_\(endpointVariableSuffix)" }

    /// The `services` section key in the shared config file (the service id in lower snake case).
    var configKey: String { endpointVariableSuffix.lowercased() }
}
