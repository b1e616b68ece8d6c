import ECSMedic
import Testing

@Suite struct SecretReferenceTests {
    @Test func aSecretsManagerValueFromDropsTheJSONKeyAndVersion() {
        let reference = SecretReference("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!cluster-1a2b-AbCdEf:password::")
        #expect(reference.service == "secretsmanager")
        #expect(reference.arn == "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!cluster-1a2b-AbCdEf")
        #expect(reference.jsonKey == "password")
        #expect(reference.region == "ap-northeast-2")
    }

    @Test func aWholeSecretHasNoJSONKey() {
        let reference = SecretReference("arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db-AbCdEf")
        #expect(reference.arn == "arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db-AbCdEf")
        #expect(reference.jsonKey == nil)
    }

    @Test func parametersByARNOrName() {
        #expect(SecretReference("arn:aws:ssm:us-east-1:111122223333:parameter/demo/db/password").service == "ssm")
        let byName = SecretReference("/demo/db/password")
        #expect(byName.service == "ssm")
        #expect(byName.name == "/demo/db/password")
        #expect(byName.arn == nil)
    }
}
