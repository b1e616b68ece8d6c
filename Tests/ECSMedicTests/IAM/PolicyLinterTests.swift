import ECSMedic
import Foundation
import Testing

/// `iam lint` findings on policies written the way people get them wrong, checked against the Service Authorization
/// Reference (e.g. `ecr:GetAuthorizationToken` has no resource types; `s3:GetObject` acts on objects, not buckets).
@Suite struct PolicyLinterTests {
    private func findings(_ statements: String) throws -> [String] {
        let policy = try PolicyDocument(json: Data(#"{"Version": "2012-10-17", "Statement": [\#(statements)]}"#.utf8),
                                        name: "p")
        let data = try #require(ServiceAuthorizationData.builtin)
        return PolicyLinter(data: data).lint(policy).map { "\($0.severity.rawValue) \($0.code) \($0.field)" }
    }

    @Test func builtinDataHasTheServicesECSNeeds() throws {
        let data = try #require(ServiceAuthorizationData.builtin)
        #expect(data.action("secretsmanager:GetSecretValue")?.accessLevel == "Read")
        #expect(data.action("SECRETSMANAGER:getsecretvalue")?.name == "secretsmanager:GetSecretValue")
        #expect(data.action("ecr:GetAuthorizationToken")?.resourceTypes.isEmpty == true)
        #expect(data.action("kms:Decrypt")?.resourceTypes.map(\.name) == ["key"])
        #expect(data.action("secretsmanager:GetSecretValues") == nil)
        #expect(data.service("logs")?.resourceTypes["log-group"]?.arnFormat.hasPrefix("arn:${Partition}:logs:") == true)
        #expect(data.expand("ssm:GetParameter*").map(\.name).contains("ssm:GetParameters"))
        #expect(data.services.count > 400)
    }

    @Test func cleanExecutionRolePolicyHasNoFindings() throws {
        #expect(try findings(#"""
            {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"},
            {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/web"},
            {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-??????",
             "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0abc", "secretsmanager:VersionStage": "AWSCURRENT"}}},
            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
             "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com",
                                            "kms:EncryptionContext:SecretARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf"}}}
            """#) == [])
    }

    @Test func unknownActionIsAnError() throws {
        #expect(try findings(#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValues", "Resource": "*"}"#)
                == ["error unknown-action Action"])
    }

    @Test func unknownServiceAndEmptyWildcardAreErrors() throws {
        #expect(try findings(#"{"Effect": "Allow", "Action": ["secretsmanagr:Get*", "ecr:Foo*", "ecr:Get*"], "Resource": "*"}"#)
                == ["error unknown-service Action", "error action-matches-nothing Action"])
    }

    @Test func actionWithoutResourceTypesNeedsStar() throws {
        #expect(try findings(#"{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/web"}"#)
                == ["error resource-must-be-star Resource"])
    }

    @Test func bucketARNForAnObjectActionIsTheWrongType() throws {
        #expect(try findings(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*", "arn:aws:s3:::*"]}"#)
                == ["error resource-type-mismatch Resource"])
    }

    @Test func secretARNForAParameterActionIsTheWrongType() throws {
        #expect(try findings(#"{"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf"}"#)
                == ["error resource-type-mismatch Resource"])
    }

    @Test func conditionKeyOfAnotherServiceIsUnsupported() throws {
        #expect(try findings(#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "x"}}}"#)
                == ["warning unsupported-condition-key Condition.kms:ViaService"])
    }

    @Test func unknownConditionKeys() throws {
        #expect(try findings(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"s3:NoSuchKey": "x", "aws:SourceVpcee": "y"}}}"#)
                == ["warning unknown-condition-key Condition.aws:SourceVpcee", "error unknown-condition-key Condition.s3:NoSuchKey"])
    }

    @Test func grantsExpandWildcardsAndNotAction() throws {
        let policy = try PolicyDocument(json: Data(#"""
            {"Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter*", "Resource": "*"},
                           {"Effect": "Deny", "Action": "*", "Resource": "*"},
                           {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}
            """#.utf8), name: "p")
        let data = try #require(ServiceAuthorizationData.builtin)
        let grants = PolicyLinter(data: data).grants(policy)
        #expect(grants.map(\.statement) == [0, 2])
        #expect(Set(grants[0].actions).isSuperset(of: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]))
        #expect(grants[0].accessLevels.keys.sorted() == ["Read"])
        #expect(!grants[1].actions.contains("iam:CreateRole"))
        #expect(grants[1].actions.contains("s3:GetObject"))
    }

    @Test func variablesWithoutTheCurrentVersionAreLiteral() throws {
        let data = try #require(ServiceAuthorizationData.builtin)
        let old = try PolicyDocument(json: Data(#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#.utf8), name: "p")
        #expect(PolicyLinter(data: data).lint(old).map(\.code) == ["variables-need-version"])
        let current = try PolicyDocument(json: Data(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#.utf8), name: "p")
        #expect(PolicyLinter(data: data).lint(current).isEmpty)
    }
}
