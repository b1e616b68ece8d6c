import AWSClient
import ECSMedic
import Foundation
import Testing

/// The Swift API the doctor uses: build requests from parsed documents, evaluate, check trust.
@Suite struct PolicyEvaluatorAPITests {
    private func policy(_ json: String) throws -> PolicyDocument {
        try PolicyDocument(json: Data(json.utf8), name: "test")
    }

    @Test func executionRoleReadingASecretThroughAnEndpoint() throws {
        let role = "arn:aws:iam::111122223333:role/ecsTaskExecutionRole"
        let secret = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!cluster-1a2b-AbCdEf"
        let identity = try policy(#"""
            {"Version": "2012-10-17", "Statement": [{"Sid": "ReadDbSecret", "Effect": "Allow",
              "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:*:*:secret:rds!cluster-*"}]}
            """#)
        let endpoint = try policy(#"""
            {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue",
              "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}}]}
            """#)
        var request = AuthorizationRequest(principal: role, action: "secretsmanager:GetSecretValue", resource: secret,
                                           context: ["aws:SourceVpce": ["vpce-0abc"]], identityPolicies: [identity],
                                           endpointPolicy: endpoint)
        let allowed = PolicyEvaluator().evaluate(request)
        #expect(allowed.decision == .allowed)
        #expect(allowed.matched.map(\.sid) == ["ReadDbSecret", nil])
        #expect(allowed.json == #"{"blockedBy":[],"decision":"allowed","matched":[{"effect":"Allow","index":0,"layer":"identity","policy":0,"sid":"ReadDbSecret"},{"effect":"Allow","index":0,"layer":"endpointPolicy","policy":0,"sid":null}]}"#)

        request.identityPolicies = []
        let denied = PolicyEvaluator().evaluate(request)
        #expect(denied.decision == .implicitDeny)
        #expect(denied.blockedBy == [.identity])
    }

    @Test func mayAssumeChecksTheTrustPolicy() throws {
        let role = "arn:aws:iam::111122223333:role/ecsTaskExecutionRole"
        let ecsTrust = try policy(#"""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
            """#)
        let ec2Trust = try policy(#"""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
            """#)
        let evaluator = PolicyEvaluator()
        #expect(evaluator.mayAssume(role: role, trustPolicy: ecsTrust, principal: "ecs-tasks.amazonaws.com").isAllowed)
        let refused = evaluator.mayAssume(role: role, trustPolicy: ec2Trust, principal: "ecs-tasks.amazonaws.com")
        #expect(refused.decision == .implicitDeny)
        #expect(refused.blockedBy == [.resourcePolicy])
    }

    @Test func cacheCompilesIdenticalDocumentsOnce() throws {
        let cache = PolicyCache()
        let runner = SimulationRunner(cache: cache)
        let line = #"{"principal": "arn:aws:iam::111122223333:role/r", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}]}"#
        var answers: [String] = []
        try runner.answerBatch(Data((line + "\n\n" + line + "\n").utf8), source: "b.jsonl") { answers.append($0) }
        #expect(answers.count == 2)
        #expect(cache.count == 1)
    }

    @Test func batchErrorNamesTheLineAndField() {
        let runner = SimulationRunner()
        let batch = #"{"principal": "p", "action": "s3:GetObject", "resource": "*"}"# + "\n" + #"{"principal": "p", "resource": "*"}"#
        #expect(throws: InputError("b.jsonl: line 2: field action: missing or not a string")) {
            try runner.answerBatch(Data(batch.utf8), source: "b.jsonl") { _ in }
        }
    }
}
