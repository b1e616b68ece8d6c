import AWSClient
import ECSMedic
import Foundation
import FuzzDriver

/// The requests each parsed policy is evaluated against: a plain action, a wildcard-heavy ARN, a cross-account
/// resource with conditions.
private let requests: [(action: String, resource: String, context: [String: [String]])] = [
    ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-pass-AbCdEf", [:]),
    ("s3:GetObject", "arn:aws:s3:::prod-starport-layer-bucket/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/b", [
        "aws:SourceVpce": ["vpce-0123456789abcdef0"], "aws:SourceIp": ["10.0.1.17"],
    ]),
    ("kms:Decrypt", "arn:aws:kms:eu-west-1:444455556666:key/4cc989c1-1ca8-4074-b06f-ee98892591c4", [
        "kms:ViaService": ["secretsmanager.eu-west-1.amazonaws.com"], "aws:CurrentTime": ["2026-11-26T00:00:00Z"],
        "aws:PrincipalTag/team": ["payments"], "aws:MultiFactorAuthPresent": ["true"],
    ]),
]

/// Fuzzes IAM policy parsing and evaluation: the input is one policy document; one that parses is linted and
/// evaluated in every policy layer.
@main
enum FuzzPolicy {
    static func main() {
        FuzzDriver.run { check(Data($0)) }
    }

    static func check(_ json: Data) {
        guard let policy = try? PolicyDocument(json: json, name: "fuzz.json") else { return }
        if let catalog = ServiceAuthorizationData.builtin {
            _ = PolicyLinter(data: catalog).lint(policy)
        }
        let evaluator = PolicyEvaluator()
        for request in requests {
            _ = evaluator.evaluate(AuthorizationRequest(
                principal: "arn:aws:iam::111122223333:role/app", action: request.action, resource: request.resource,
                context: request.context, identityPolicies: [policy], resourcePolicy: policy))
            _ = evaluator.evaluate(AuthorizationRequest(
                principal: "arn:aws:sts::111122223333:assumed-role/app/session", action: request.action,
                resource: request.resource, resourceAccount: "444455556666", context: request.context,
                identityPolicies: [policy], permissionsBoundary: policy,
                serviceControlPolicies: [PolicyLevel(level: "root", policies: [policy])],
                resourceControlPolicies: [PolicyLevel(level: "root", policies: [policy])], sessionPolicy: policy,
                endpointPolicy: policy))
        }
    }
}
