import Testing
@testable import ECSMedic

/// The facts a message states about itself: retries, wrapped error code, service and resource.
@Suite struct ReasonFactsTests {
    let classifier = StoppedReasonClassifier()

    @Test(arguments: [
        ("unable to retrieve secret from asm: service call has been retried 5 time(s): RequestCanceled", 5),
        ("failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream", 1),
        ("pull image manifest has been retried 7 time(s): failed to resolve ref", 7),
        ("Failed to fetch secret: retry count: 2", 2),
        ("Image pull failed (retries: 3)", 3),
        ("operation error ECR: GetAuthorizationToken, exceeded maximum number of attempts, 3, https response error", 3),
    ])
    func retries(message: String, expected: Int) {
        #expect(classifier.classify(message).retries == expected)
    }

    @Test func noRetryCountWhenTheMessageStatesNone() {
        #expect(classifier.classify("Essential container in task exited").retries == nil)
        #expect(classifier.classify("retried many times").retries == nil)
    }

    @Test(arguments: [
        ("failed to fetch secret arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf from secrets manager: AccessDeniedException: User: x is not authorized", "AccessDeniedException"),
        ("from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.", "ResourceNotFoundException"),
        ("failed to create Cloudwatch log stream: InvalidParameterException: bad", "InvalidParameterException"),
        ("service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded", "RequestCanceled"),
        ("RequestError: send request failed caused by: Post \"https://api.ecr.us-east-1.amazonaws.com/\": dial tcp 52.46.128.2:443: i/o timeout", "i/o timeout"),
        ("Error response from daemon: toomanyrequests: You have reached your pull rate limit.", "toomanyrequests"),
        ("manifest for x:1 not found: manifest unknown: Requested image not found", "manifest unknown"),
        ("exec /usr/local/bin/docker-entrypoint.sh: exec format error", "exec format error"),
        ("non empty error stream: AccessDenied: Access Denied status code: 403", "AccessDenied"),
    ])
    func errorCode(message: String, expected: String) {
        #expect(classifier.classify(message).errorCode == expected)
    }

    @Test(arguments: [
        ("unable to retrieve secret from asm: service call has been retried 5 time(s)", "asm"),
        ("unable to retrieve secrets from ssm: service call has been retried 5 time(s)", "ssm"),
        ("unable to retrieve ecr registry auth: service call has been retried 3 time(s)", "ecr"),
        ("failed to validate logger args: failed to create Cloudwatch log stream", "logs"),
        ("failed to download env files: file download command: non empty error stream", "s3"),
        ("unable to retrieve secret from asm: failed to fetch secret x: AccessDeniedException: Access to KMS is not allowed", "asm"),
    ])
    func service(message: String, expected: String) {
        #expect(classifier.classify(message).service == expected)
    }

    @Test func resourceIsTheSecretNotTheCallersSession() {
        let message = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/abc is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf because no identity-based policy allows the secretsmanager:GetSecretValue action"
        #expect(classifier.classify(message).resource == "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf")
    }

    @Test func resourceIsTheImageOfAPull() {
        let message = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/tryretool/backend:2.110.5: failed to do request: Head \"https://registry-1.docker.io/v2/tryretool/backend/manifests/2.110.5\": dial tcp 34.205.13.154:443: i/o timeout"
        #expect(classifier.classify(message).resource == "docker.io/tryretool/backend:2.110.5")
    }

    @Test func resourceOfATruncatedArnDropsTheEllipsis() {
        let message = "unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:eu-west-2:788375279931..."
        #expect(classifier.classify(message).resource == "arn:aws:secretsmanager:eu-west-2:788375279931")
    }

    @Test func resourceIsTheTargetGroupOfAHealthCheck() {
        let message = "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/6d0ecf831eec9f09)"
        #expect(classifier.classify(message).resource == "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/6d0ecf831eec9f09")
    }

    @Test func resourceIsTheFileSystemOfAnEfsMount() {
        let message = "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: Failed to resolve \"fs-0867a83d8ed398433.efs."
        #expect(classifier.classify(message).resource == "fs-0867a83d8ed398433")
    }

    @Test func noFactsInAGenericReason() {
        let classification = classifier.classify("Essential container in task exited")
        #expect(classification.service == nil)
        #expect(classification.errorCode == nil)
        #expect(classification.resource == nil)
    }
}
