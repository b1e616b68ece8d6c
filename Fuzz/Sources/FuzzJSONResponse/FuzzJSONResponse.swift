import AWSClient
import ResponseFuzzer

/// Fuzzes the response decoder of the json protocol (ResponseFuzzer: two bytes pick the operation, the rest is the body).
@main
enum FuzzJSONResponse {
    static func main() {
        ResponseFuzzer.run([.ecs, .secretsmanager, .ssm, .kms, .ecr, .logs, .organizations])
    }
}
