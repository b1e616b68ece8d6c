import AWSClient
import ResponseFuzzer

/// Fuzzes the response decoder of the XML protocols (ec2, query, rest-xml; ResponseFuzzer: two bytes pick the
/// operation, the rest is the body).
@main
enum FuzzXMLResponse {
    static func main() {
        ResponseFuzzer.run([.ec2, .iam, .sts, .rds, .elbv2, .route53])
    }
}
