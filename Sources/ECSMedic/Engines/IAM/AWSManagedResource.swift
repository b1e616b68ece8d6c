/// Resources that AWS creates and manages, which no policy lets a customer change: AWS managed policies ("AWS managed
/// policies": you cannot change their permissions), service-linked and reserved roles (protected roles: only the
/// service, or IAM Identity Center, changes them), aliases under `alias/aws/` (reserved for AWS managed keys) and AWS
/// managed KMS keys ("AWS managed keys": you cannot manage them, rotate them or change their key policies). It also
/// holds the list of services RCPs apply to.
struct AWSManagedResource {
    enum Kind {
        case none, managedPolicy, protectedRole, reservedAlias, kmsKey
    }

    let kind: Kind

    init(_ resource: ARNValue, flagged: Bool) {
        // Only IAM and KMS resources can be AWS managed: other requests do not read the resource's path.
        let service = resource.service
        guard service == "iam" || service == "kms" else {
            kind = .none
            return
        }
        let path = resource.resource ?? ""
        switch service {
        case "iam" where resource.account == "aws" && path.hasPrefix("policy/"): kind = .managedPolicy
        case "iam" where path.hasPrefix("role/aws-service-role/") || path.hasPrefix("role/aws-reserved/"):
            kind = .protectedRole
        case "kms" where path.hasPrefix("alias/aws/"): kind = .reservedAlias
        case "kms" where flagged: kind = .kmsKey
        default: kind = .none
        }
    }

    /// Whether AWS refuses the lower-cased `action` on this resource whatever the policies say.
    func refuses(_ action: String) -> Bool {
        switch kind {
        case .none: false
        case .managedPolicy: Self.policyChanges.contains(action)
        case .protectedRole: Self.roleChanges.contains(action)
        case .reservedAlias: Self.aliasChanges.contains(action)
        case .kmsKey: Self.keyChanges.contains(action) || Self.aliasChanges.contains(action)
        }
    }

    private static let policyChanges: Set<String> = [
        "iam:createpolicyversion", "iam:deletepolicy", "iam:deletepolicyversion", "iam:setdefaultpolicyversion",
        "iam:tagpolicy", "iam:untagpolicy",
    ]
    private static let roleChanges: Set<String> = [
        "iam:attachrolepolicy", "iam:detachrolepolicy", "iam:putrolepolicy", "iam:deleterolepolicy",
        "iam:updateassumerolepolicy", "iam:deleterole", "iam:putrolepermissionsboundary",
        "iam:deleterolepermissionsboundary", "iam:updaterole",
    ]
    private static let aliasChanges: Set<String> = ["kms:createalias", "kms:updatealias", "kms:deletealias"]
    private static let keyChanges: Set<String> = [
        "kms:putkeypolicy", "kms:schedulekeydeletion", "kms:cancelkeydeletion", "kms:disablekey", "kms:enablekey",
        "kms:enablekeyrotation", "kms:disablekeyrotation", "kms:rotatekeyondemand", "kms:updatekeydescription",
        "kms:tagresource", "kms:untagresource", "kms:replicatekey", "kms:updateprimaryregion",
        "kms:importkeymaterial", "kms:deleteimportedkeymaterial",
    ]

    /// The services whose resources RCPs restrict (AWS Organizations User Guide, "List of AWS services that support
    /// RCPs"); requests to other services are not affected by RCPs.
    static let rcpServices: Set<String> = [
        "s3", "sts", "sqs", "secretsmanager", "kms", "cognito-idp", "logs", "dynamodb", "ecr", "aoss",
    ]
}
