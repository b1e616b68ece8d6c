@testable import ECSMedic
import Testing

/// A canary secret in every shape a runtime prints one never survives log redaction, and the text around it (hosts,
/// ports, user names, error messages) survives byte for byte.
@Suite struct LogRedactorTests {
    static let canary = "C4nary-5ecret-7f3e9c1d"
    static let marker = SecretShapes.marker
    static let redactor = LogRedactor(secretNames: ["DATABASE_URL", "STRIPE_KEY", "ORDERS_DB_PASS"])

    /// (a log line with the canary, the line as it must come out).
    static let cases: [(String, String)] = [
        // JVM: a JDBC URL's parameters, Spring properties, HikariCP's data source properties.
        ("HikariPool-1 - jdbcUrl........................jdbc:postgresql://orders-db.cluster-cx1abc2defgh.eu-west-1.rds.amazonaws.com:5432/orders?user=orders&password=\(canary)&ssl=true",
         "HikariPool-1 - jdbcUrl........................jdbc:postgresql://orders-db.cluster-cx1abc2defgh.eu-west-1.rds.amazonaws.com:5432/orders?user=orders&password=\(marker)&ssl=true"),
        ("jdbc:sqlserver://orders-sql.internal:1433;databaseName=orders;user=orders;password=\(canary);encrypt=true",
         "jdbc:sqlserver://orders-sql.internal:1433;databaseName=orders;user=orders;password=\(marker);encrypt=true"),
        ("2024-05-14T09:11:49.205Z DEBUG 1 --- [main] o.s.b.c.c.ConfigDataEnvironment : spring.datasource.password: \(canary)",
         "2024-05-14T09:11:49.205Z DEBUG 1 --- [main] o.s.b.c.c.ConfigDataEnvironment : spring.datasource.password: \(marker)"),
        ("Caused by: org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"orders\" (url=postgresql://orders:\(canary)@orders-db.internal:5432/orders)",
         "Caused by: org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"orders\" (url=postgresql://orders:\(marker)@orders-db.internal:5432/orders)"),
        // Node: a config object logged as JSON, an Authorization header, a Redis URL without a user.
        ("{\"level\":50,\"msg\":\"connect ECONNREFUSED 10.0.3.12:5432\",\"config\":{\"host\":\"orders-db\",\"port\":5432,\"user\":\"orders\",\"password\":\"\(canary)\"}}",
         "{\"level\":50,\"msg\":\"connect ECONNREFUSED 10.0.3.12:5432\",\"config\":{\"host\":\"orders-db\",\"port\":5432,\"user\":\"orders\",\"password\":\"\(marker)\"}}"),
        ("AxiosError: Request failed with status code 401 headers: { Accept: 'application/json', Authorization: 'Bearer \(canary)' }",
         "AxiosError: Request failed with status code 401 headers: { Accept: 'application/json', Authorization: 'Bearer \(marker)' }"),
        ("[ioredis] Unhandled error event: Error: connect ETIMEDOUT redis://:\(canary)@orders-cache.x1yz2a.0001.euw1.cache.amazonaws.com:6379",
         "[ioredis] Unhandled error event: Error: connect ETIMEDOUT redis://:\(marker)@orders-cache.x1yz2a.0001.euw1.cache.amazonaws.com:6379"),
        ("{\"msg\":\"{\\\"apiToken\\\":\\\"\(canary)\\\",\\\"region\\\":\\\"eu-west-1\\\"}\"}",
         "{\"msg\":\"{\\\"apiToken\\\":\\\"\(marker)\\\",\\\"region\\\":\\\"eu-west-1\\\"}\"}"),
        // Python: a settings dict, a libpq DSN, a URL whose password holds an @.
        ("DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'orders-db.internal', 'USER': 'orders', 'PASSWORD': '\(canary)'}}",
         "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'orders-db.internal', 'USER': 'orders', 'PASSWORD': '\(marker)'}}"),
        ("psycopg2.connect('host=orders-db.internal port=5432 dbname=orders user=orders password=\(canary) sslmode=require')",
         "psycopg2.connect('host=orders-db.internal port=5432 dbname=orders user=orders password=\(marker) sslmode=require')"),
        ("sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to postgresql://orders:p@ss\(canary)@orders-db.internal:5432/orders",
         "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to postgresql://orders:\(marker)@orders-db.internal:5432/orders"),
        // Go: the task's own secret as an environment dump; a secret-named variable.
        ("DATABASE_URL=postgres://orders:\(canary)@10.0.3.12:5432/orders?sslmode=require",
         "DATABASE_URL=\(marker)"),
        ("level=debug msg=\"loaded config\" db_host=orders-db.internal db_port=5432 db_password=\(canary) log_level=debug",
         "level=debug msg=\"loaded config\" db_host=orders-db.internal db_port=5432 db_password=\(marker) log_level=debug"),
        // Ruby: a shell trace of the entrypoint; a secret named only by the task definition.
        ("+ PGPASSWORD=\(canary) psql -h orders-db.internal -p 5432 -U orders -c 'select 1'",
         "+ PGPASSWORD=\(marker) psql -h orders-db.internal -p 5432 -U orders -c 'select 1'"),
        ("STRIPE_KEY: \(canary)", "STRIPE_KEY: \(marker)"),
        ("{\"STRIPE_KEY\": \"\(canary)\", \"RAILS_ENV\": \"production\"}", "{\"STRIPE_KEY\": \"\(marker)\", \"RAILS_ENV\": \"production\"}"),
        // .NET: a connection string.
        ("Npgsql.NpgsqlException (0x80004005): Failed to connect to 10.0.3.12:5432 (Host=orders-db.internal;Port=5432;Username=orders;Password=\(canary);Database=orders)",
         "Npgsql.NpgsqlException (0x80004005): Failed to connect to 10.0.3.12:5432 (Host=orders-db.internal;Port=5432;Username=orders;Password=\(marker);Database=orders)"),
        // PHP: a configuration array.
        ("array ( 'driver' => 'mysql', 'host' => 'orders-mysql.internal', 'password' => '\(canary)', )",
         "array ( 'driver' => 'mysql', 'host' => 'orders-mysql.internal', 'password' => '\(marker)', )"),
        // Shell: set -x traces.
        ("+ export ORDERS_DB_PASS=\(canary)", "+ export ORDERS_DB_PASS=\(marker)"),
        ("+ curl -fsS -H 'Authorization: Bearer \(canary)' https://api.payments.example.com/v1/health",
         "+ curl -fsS -H 'Authorization: Bearer \(marker)' https://api.payments.example.com/v1/health"),
        ("X-Api-Token: \(canary)", "X-Api-Token: \(marker)"),
    ]

    @Test(arguments: cases.indices)
    func theCanaryNeverSurvives(_ index: Int) {
        let (line, expected) = Self.cases[index]
        let redacted = Self.redactor.redact([line])
        #expect(redacted == [expected])
        #expect(!redacted[0].contains(Self.canary))
    }

    @Test func awsCredentialsInEveryShape() {
        let secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYC4NARYKEY1"
        let sessionToken = "IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMSJHMEUCIQDC4nary5ecret7f3e9c1d"
        let lines = [
            "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7C4NARY0 AWS_REGION=eu-west-1",
            "aws_secret_access_key = \(secretKey)",
            "SecretAccessKey: \(secretKey)",
            "{\"AccessKeyId\": \"ASIAQC4NARY5ECRET7F3\", \"SecretAccessKey\": \"\(secretKey)\", \"SessionToken\": \"\(sessionToken)\"}",
            "botocore.auth DEBUG: Signature: Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7C4NARY0/20240514/eu-west-1/s3/aws4_request",
            "x-amz-security-token: \(sessionToken)",
            "token \(sessionToken) expired at 2024-05-14T10:12:01Z",
        ]
        let redacted = LogRedactor(secretNames: []).redact(lines)
        for line in redacted {
            #expect(!line.contains("C4NARY") && !line.contains("C4nary") && !line.contains(secretKey), "\(line)")
        }
        #expect(redacted[0] == "AWS_ACCESS_KEY_ID=\(Self.marker) AWS_REGION=eu-west-1")
        #expect(redacted[6] == "token \(Self.marker) expired at 2024-05-14T10:12:01Z")
    }

    @Test func privateKeysAcrossLinesAndWithinOne() {
        let lines = [
            "loading signing key from SIGNING_KEY:",
            "-----BEGIN RSA PRIVATE KEY-----",
            "MIIEpAIBAAKCAQEA0C4nary5ecret7f3e9c1dXvJ2Qm3lK",
            "Zm9vYmFyYmF6C4nary5ecret7f3e9c1d==",
            "-----END RSA PRIVATE KEY----- (2048 bits)",
            "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvC4nary5ecret\\n-----END PRIVATE KEY-----\\n\", \"client_email\": \"orders@example.iam.gserviceaccount.com\"}",
            "Started OrdersApplication in 23.412 seconds (process running for 24.9)",
        ]
        let redacted = LogRedactor(secretNames: []).redact(lines)
        #expect(redacted == [
            "loading signing key from SIGNING_KEY:",
            Self.marker, Self.marker, Self.marker,
            "\(Self.marker) (2048 bits)",
            "{\"private_key\": \"\(Self.marker)\", \"client_email\": \"orders@example.iam.gserviceaccount.com\"}",
            "Started OrdersApplication in 23.412 seconds (process running for 24.9)",
        ])
        let unterminated = LogRedactor(secretNames: []).redact(["-----BEGIN OPENSSH PRIVATE KEY-----", "b3BlbnNzaC1rZXktdjEAC4nary"])
        #expect(unterminated == [Self.marker, Self.marker])
    }

    /// Lines about secrets that show none stay as they are: the names, the hosts and the messages are evidence.
    @Test func linesWithoutSecretsSurviveByteForByte() {
        let lines = [
            "/docker-entrypoint.sh: line 7: ORDERS_DB_PASS: unbound variable",
            "/docker-entrypoint.sh: line 9: STRIPE_KEY: parameter null or not set",
            "KeyError: 'DATABASE_URL'",
            "Caused by: org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"orders\"",
            "Error: token expired",
            "DB_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/db-AbCdEf",
            "Connecting to http://orders-api.internal:8080 as orders@example.com",
            "psycopg2.OperationalError: connection to server at \"orders-db.internal\" (10.0.3.12), port 5432 failed: Connection timed out",
            "password=",
            "if token == null: retry",
            "Bearer token missing from request to /v1/orders",
            "10.0.1.47 - - [14/May/2024:09:12:31 +0000] \"GET /health?token= HTTP/1.1\" 404 153 \"-\" \"ELB-HealthChecker/2.0\"",
        ]
        #expect(Self.redactor.redact(lines) == lines)
    }

    /// The log redactor and the snapshot redactor mask with one marker and one definition of a secret's name.
    @Test func oneMarkerForSnapshotsAndLogs() {
        #expect(SnapshotRedactor.marker == SecretShapes.marker)
        #expect(SnapshotRedactor.withoutSecretPatterns("postgresql://app:hunter2@db:5432/app")
                == Self.redactor.redact(line: "postgresql://app:hunter2@db:5432/app"))
        #expect(SnapshotRedactor.namesSecret("DB_PASSWORD") && !SnapshotRedactor.namesSecret("DB_SECRET_ARN"))
    }
}
