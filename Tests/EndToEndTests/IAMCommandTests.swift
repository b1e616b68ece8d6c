import Foundation
import Testing

/// `ecs-medic iam simulate` and `iam lint` as a user runs them.
@Suite struct IAMCommandTests {
    private func temporaryFile(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-iam-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appending(path: name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private let request = #"""
        {"principal": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
         "action": "secretsmanager:GetSecretValue",
         "resource": "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!cluster-1a2b-AbCdEf",
         "context": {"aws:SourceVpce": "vpce-0abc"},
         "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow",
            "Action": "secretsmanager:GetSecretValue", "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0abc"}}}]}],
         "permissionsBoundary": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]},
         "serviceControlPolicies": [{"level": "r-root", "policies": [{"Version": "2012-10-17",
            "Statement": [{"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}]}]}]}
        """#

    @Test func simulateAnswersOneRequestAndExitsZeroOnADeny() throws {
        let path = try temporaryFile("request.json", request)
        let result = try BinaryRunner.run(["iam", "simulate", path])
        #expect(result.status == 0)
        #expect(result.stdout == #"{"blockedBy":["permissionsBoundary"],"decision":"implicitDeny","matched":[{"effect":"Allow","index":0,"layer":"identity","policy":0,"sid":"Read"},{"effect":"Allow","index":0,"layer":"serviceControlPolicies","level":"r-root","policy":0,"sid":"FullAWSAccess"}]}"# + "\n")
    }

    @Test func simulateBatchAnswersEachLineInOrder() throws {
        let allowed = request.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\"s3:*\"", with: "\"*\"")
        let denied = request.replacingOccurrences(of: "\n", with: " ")
        let path = try temporaryFile("batch.jsonl", [allowed, denied, allowed].joined(separator: "\n") + "\n")
        let result = try BinaryRunner.run(["iam", "simulate", "--batch", path])
        #expect(result.status == 0)
        let decisions = result.stdout.split(separator: "\n").map { line in
            line.contains("\"decision\":\"allowed\"") ? "allowed" : line.contains("implicitDeny") ? "implicitDeny" : "?"
        }
        #expect(decisions == ["allowed", "implicitDeny", "allowed"])
    }

    @Test func malformedPolicyIsOneLineNamingFileStatementAndFieldWithExitTwo() throws {
        let bad = request.replacingOccurrences(of: "\"Effect\": \"Allow\", \"Action\": \"s3:*\"",
                                               with: "\"Effect\": \"Allow\", \"Acton\": \"s3:*\"")
        let path = try temporaryFile("bad.json", bad)
        let result = try BinaryRunner.run(["iam", "simulate", path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "ecs-medic: \(path): policy permissionsBoundary: statement 0: field Acton: unknown statement element\n")
    }

    @Test func badBatchLineNamesTheLine() throws {
        let line = request.replacingOccurrences(of: "\n", with: " ")
        let path = try temporaryFile("batch.jsonl", line + "\n" + #"{"principal": "p", "action": "s3:GetObject"}"# + "\n")
        let result = try BinaryRunner.run(["iam", "simulate", "--batch", path])
        #expect(result.status == 2)
        #expect(result.stdout.split(separator: "\n").count == 1)
        #expect(result.stderr == "ecs-medic: \(path): line 2: field resource: missing or not a string\n")
    }

    @Test func simulateNeedsExactlyOneInput() throws {
        let result = try BinaryRunner.run(["iam", "simulate"])
        #expect(result.status == 2)
    }
}

/// `ecs-medic iam lint` exit codes and output formats.
@Suite struct IAMLintCommandTests {
    private func policyFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-lint-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func lintReportsAnUnknownActionAndExitsOne() throws {
        let path = try policyFile(#"{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "secretsmanager:GetSecretValues", "Resource": "*"}]}"#)
        let result = try BinaryRunner.run(["iam", "lint", path])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("\(path): statement 0 (sid \"Read\"): Action: error: unknown action secretsmanager:GetSecretValues (did you mean secretsmanager:GetSecretValue?)\n"))
    }

    @Test func lintOfACleanPolicyExitsZeroAndPrintsJSON() throws {
        let path = try policyFile(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}]}"#)
        let result = try BinaryRunner.run(["iam", "lint", path, "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\"file\":\"\(path)\",\"findings\":[],\"grants\":[{\"accessLevels\":{\"Read\":1},\"actionCount\":1,\"actions\":[\"ecr:GetAuthorizationToken\"],\"sid\":null,\"statement\":0}]}\n")
    }

    @Test func lintOfAMalformedPolicyExitsTwo() throws {
        let path = try policyFile(#"{"Statement": [{"Effect": "Permit", "Action": "s3:*", "Resource": "*"}]}"#)
        let result = try BinaryRunner.run(["iam", "lint", path])
        #expect(result.status == 2)
        #expect(result.stderr == "ecs-medic: policy \(path): statement 0: field Effect: expected \"Allow\" or \"Deny\", got \"Permit\"\n")
    }
}
