import AWSClient
import ECSMedic
import Foundation
import Testing

/// Malformed policies are rejected with the policy, statement and field named (issue 5); well-formed shapes that AWS
/// accepts (single statement object, single strings, Version 2008-10-17, JSON-string documents) are read.
@Suite struct PolicyParserTests {
    private func error(_ json: String) -> String? {
        do {
            _ = try PolicyDocument(json: Data(json.utf8), name: "p.json")
            return nil
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        (#"{"Statement": [{"Effect": "Allow", "Actin": "*", "Resource": "*"}]}"#,
         "policy p.json: statement 0: field Actin: unknown statement element"),
        (#"{"Statement": [{"Sid": "A", "Effect": "allow", "Action": "*", "Resource": "*"}]}"#,
         #"policy p.json: statement 0 (sid "A"): field Effect: expected "Allow" or "Deny", got "allow""#),
        (#"{"Statement": [{"Effect": "Allow", "Resource": "*"}]}"#,
         "policy p.json: statement 0: field Action: missing (a statement needs Action or NotAction)"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}]}"#,
         "policy p.json: statement 0: field Action: a statement cannot have both Action and NotAction"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "*"}, {"Effect": "Deny", "Action": 3, "Resource": "*"}]}"#,
         "policy p.json: statement 1: field Action: expected a string or a list of strings"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "GetObject", "Resource": "*"}]}"#,
         #"policy p.json: statement 0: field Action: "GetObject" is not an action (expected SERVICE:ACTION)"#),
        (#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqual": {"a:b": "c"}}}]}"#,
         "policy p.json: statement 0: field Condition.StringEqual: unknown condition operator"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Null": {"a:b": "maybe"}}}]}"#,
         "policy p.json: statement 0: field Condition.Null.a:b: Null takes true or false"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "*", "Principal": {"User": "x"}}]}"#,
         "policy p.json: statement 0: field Principal.User: unknown principal type (expected AWS, Service, Federated or CanonicalUser)"),
        (#"{"Version": "2012-10-18", "Statement": []}"#,
         #"policy p.json: field Version: expected "2012-10-17" or "2008-10-17""#),
        (#"{"Version": "2012-10-17"}"#, "policy p.json: field Statement: missing"),
        (#"[1, 2]"#, "policy p.json: expected a JSON object"),
        (#"{"Statement": "#, "policy p.json: not valid JSON"),
    ])
    func malformedPolicyNamesPolicyStatementAndField(_ json: String, _ expected: String) {
        #expect(error(json) == expected)
    }

    @Test func acceptsSingleStatementObjectAndSingleStrings() throws {
        let policy = try PolicyDocument(json: Data(#"""
            {"Version": "2008-10-17", "Statement": {"Sid": "One", "Effect": "Deny", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::b/*"}}
            """#.utf8), name: "p")
        #expect(policy.version == "2008-10-17")
        #expect(policy.statements.count == 1)
        #expect(policy.statements[0].sid == "One")
        #expect(policy.statements[0].effect == .deny)
        #expect(policy.statements[0].actionPatterns == ["s3:getobject"])
    }

    @Test func acceptsADocumentGivenAsAURLEncodedString() throws {
        let text = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
        let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        let policy = try PolicyDocument(value: .string(encoded), name: "inline")
        #expect(policy.statements.first?.actionPatterns == ["s3:*"])
    }
}
