import AWSClient
@testable import ECSMedic
import Foundation
import Testing

/// Huge and hostile inputs (issue 13): each gives the right answer, or fails with a one-line error that names the
/// file and the limit. No test asserts on how long it took (docs/fuzzing.md has the measured times); the time limit
/// only stops a run that quadratic or exponential work would never finish. It is an hour, longer than the whole suite:
/// on a 2-core machine the tests that block on live launchers hold the cooperative threads, a test here can wait for
/// most of the run before it is scheduled, and a one-minute limit failed such a waiting test (CI, seventh session).
@Suite struct HugeInputTests {

    private static let nesting = 100_000

    private func request(identityPolicy: String, resource: String = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf",
                         context: String = "{}") -> Data {
        Data(#"""
            {"principal": "arn:aws:iam::111122223333:role/app", "action": "secretsmanager:GetSecretValue",
             "resource": "\#(resource)", "context": \#(context), "identityPolicies": [\#(identityPolicy)]}
            """#.utf8)
    }

    // MARK: - Size

    /// A 10 MB identity policy (about 95,000 statements, far above AWS's 10,240-character limit for a role's inline
    /// policies) is read and evaluated, not rejected: evaluation is linear in the number of statements.
    @Test(.timeLimit(.minutes(60))) func aTenMegabytePolicyIsEvaluatedInBoundedTime() throws {
        var statements: [String] = []
        var size = 0
        while size < 10_000_000 {
            let statement = #"{"Sid": "S\#(statements.count)", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-\#(statements.count)/*"}"#
            statements.append(statement)
            size += statement.utf8.count + 1
        }
        statements.append(#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:*:111122223333:secret:db-*"}"#)
        let policy = #"{"Version": "2012-10-17", "Statement": [\#(statements.joined(separator: ","))]}"#
        #expect(policy.utf8.count > 10_000_000)
        var allowed: AuthorizationDecision?
        var denied: AuthorizationDecision?
        let runner = SimulationRunner()
        allowed = try runner.answer(json: request(identityPolicy: policy), source: "huge.json")
        denied = try runner.answer(json: request(identityPolicy: policy, resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:other-AbCdEf"),
                                   source: "huge.json")
        #expect(allowed?.decision == .allowed)
        #expect(allowed?.matched.first?.index == statements.count - 1)
        #expect(denied?.decision == .implicitDeny)
    }

    /// 100,000 routes in the task subnet's route table (AWS allows at most 1,000): the longest-prefix lookup and the
    /// verdict stay linear, and the NAT gateway's default route still decides.
    @Test(.timeLimit(.minutes(60))) func oneHundredThousandRoutesKeepTheVerdictBounded() throws {
        var facts = try FixtureLibrary.facts("seed-nat")
        let table = try #require(facts.routeTables?.first { table in
            table.routes?.contains { $0.natGatewayId != nil } == true
        })
        let template = try #require(table.routes?.first { $0.natGatewayId != nil })
        let extra = (0..<100_000).map { index -> RouteTable.Route in
            var route = template
            route.natGatewayId = nil
            route.vpcPeeringConnectionId = "pcx-\(String(index, radix: 16))"
            route.destinationCidrBlock = "100.\(64 + index >> 14).\((index >> 6) & 255).\((index & 63) << 2)/30"
            return route
        }
        facts.routeTables = facts.routeTables?.map { candidate in
            guard candidate.routeTableId == table.routeTableId else { return candidate }
            var copy = candidate
            copy.routes = (copy.routes ?? []) + extra
            return copy
        }
        var result: DiagnosisResult?
        result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        let verdict = try #require(result?.verdicts.first { $0.need.name == "secretsmanager" })
        #expect(verdict.outcome == .reachable)
        #expect(verdict.hops.contains { $0.kind == .natGateway })
    }

    // MARK: - Nesting

    private let deepArray = String(repeating: "[", count: nesting) + String(repeating: "]", count: nesting)
    private let deepObject = String(repeating: #"{"a":"#, count: nesting) + "1" + String(repeating: "}", count: nesting)

    @Test func aDeeplyNestedSimulateRequestIsAnErrorNamingTheLimit() throws {
        for deep in [deepArray, deepObject] {
            let error = #expect(throws: InputError.self) {
                _ = try SimulationRunner().answer(json: request(identityPolicy: "{}", context: #"{"aws:SourceVpce": "# + deep + "}"),
                                                  source: "request.json")
            }
            #expect(error?.message.hasPrefix("request.json: nested deeper than 512 levels (at byte ") == true,
                    "\(String(describing: error))")
        }
    }

    @Test func aDeeplyNestedPolicyIsAnErrorNamingThePolicyAndTheLimit() throws {
        for deep in [deepArray, deepObject] {
            let policy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "# + deep + "}}}]}"
            let error = #expect(throws: InputError.self) {
                _ = try SimulationRunner().answer(json: request(identityPolicy: policy), source: "request.json")
            }
            #expect(error?.message.hasPrefix("request.json: policy identityPolicies[0]: nested deeper than 512 levels (at byte ") == true,
                    "\(String(describing: error))")
            #expect(throws: PolicyError(policy: "deep.json", statement: nil, sid: nil, field: nil,
                                        problem: "nested deeper than 512 levels")) {
                _ = try PolicyDocument(json: Data(policy.utf8), name: "deep.json")
            }
        }
    }

    @Test func aDeeplyNestedSnapshotIsAMalformedJSONError() throws {
        for deep in [deepArray, deepObject] {
            let text = #"{"format": 1, "calls": [{"service": "ec2", "operation": "describe-vpcs", "response": "# + deep + "}]}"
            let error = #expect(throws: InputError.self) {
                _ = try Snapshot.parseFile(Data(text.utf8), path: "deep.json")
            }
            #expect(error?.message.hasPrefix("deep.json: malformed JSON") == true, "\(String(describing: error))")
        }
    }

    @Test func aDeeplyNestedTaskDefinitionFileIsAMalformedJSONError() throws {
        for deep in [deepArray, deepObject] {
            let text = #"{"family": "app", "containerDefinitions": "# + deep + "}"
            #expect(throws: InputError("td.json: malformed JSON")) {
                _ = try TaskDefinitionFile(data: Data(text.utf8), path: "td.json")
            }
        }
    }

    @Test func deeplyNestedYAMLIsAnErrorNamingTheFileAndTheLimit() throws {
        let flow = String(repeating: "[", count: Self.nesting) + String(repeating: "]", count: Self.nesting)
        let mappings = String(repeating: "{a: ", count: Self.nesting) + "1" + String(repeating: "}", count: Self.nesting)
        for deep in [flow, mappings] {
            let ruleError = #expect(throws: InputError.self) {
                _ = try RuleLoader().rule(fromYAML: "id: deep\nwhen: " + deep + "\n", file: "rules/deep.yaml")
            }
            #expect(ruleError?.message.hasPrefix("rules/deep.yaml: malformed YAML: 2:") == true, "\(String(describing: ruleError))")
            #expect(ruleError?.message.hasSuffix(": nested deeper than 1000 levels") == true, "\(String(describing: ruleError))")
            let configurationError = #expect(throws: InputError.self) {
                _ = try Configuration.parse(yaml: "suppressions: " + deep + "\n", file: ".ecs-medic.yaml")
            }
            #expect(configurationError?.message.hasPrefix(".ecs-medic.yaml: malformed YAML: 1:") == true,
                    "\(String(describing: configurationError))")
            #expect(configurationError?.message.hasSuffix(": nested deeper than 1000 levels") == true,
                    "\(String(describing: configurationError))")
        }
    }

    /// "Billion laughs": nine lines of aliases stand for 10^9 nodes, which Yams would hash one by one when the node is
    /// a mapping key. The document is refused before Yams composes it; a few aliases are still fine.
    @Test(.timeLimit(.minutes(60))) func yamlAliasesThatExpandExponentiallyAreAnErrorNamingTheLimit() throws {
        var laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        laughs += "? *i\n: 1\n"
        var configurationError: InputError?
        var ruleError: InputError?
        configurationError = #expect(throws: InputError.self) { _ = try Configuration.parse(yaml: laughs, file: ".ecs-medic.yaml") }
        ruleError = #expect(throws: InputError.self) { _ = try RuleLoader().rule(fromYAML: laughs, file: "rules/laughs.yaml") }
        #expect(configurationError?.message == ".ecs-medic.yaml:5: aliases expand to more than 100000 YAML nodes")
        #expect(ruleError?.message == "rules/laughs.yaml:5: aliases expand to more than 100000 YAML nodes")

        let withAliases = """
            suppressions:
              - {rule: overbroad-policy, resource: "arn:aws:iam::111122223333:role/app", reason: &why "reviewed", expires: 2026-12-31}
              - {rule: logs-unreachable, resource: rtb-0abc, reason: *why, expires: 2027-06-30}
            """
        let configuration = try Configuration.parse(yaml: withAliases, file: ".ecs-medic.yaml")
        #expect(configuration.suppressions.map(\.reason) == ["reviewed", "reviewed"])
    }

    /// The line index of `check`'s task definition file walks any text: deep nesting ends the walk instead of
    /// overflowing the stack, and paths are kept only 32 levels deep, so long keys nested deep cannot make the
    /// index quadratic (here 500 levels of 2,000-byte keys would otherwise hold 250 MB of paths).
    @Test(.timeLimit(.minutes(60))) func theLineIndexOfHostileJSONIsBounded() throws {
        let key = String(repeating: "k", count: 2_000)
        let deepKeys = String(repeating: #"{"\#(key)":\#n"#, count: 500) + "1" + String(repeating: "}", count: 500)
        var index: JSONLineIndex?
        _ = JSONLineIndex(deepArray)
        index = JSONLineIndex(deepKeys)
        #expect(index?.lines.count == JSONLineIndex.maxIndexedDepth + 1)
        #expect(index?.line(of: String(repeating: key + ".", count: 40) + key) == JSONLineIndex.maxIndexedDepth)
    }

    // MARK: - Wildcards

    /// `*a*a*...*b` against `aaa...a`: a backtracking matcher takes time exponential in the number of stars; the
    /// policy engine's matcher is O(pattern × value) at worst.
    @Test(.timeLimit(.minutes(60))) func aPathologicalWildcardFinishesInBoundedTime() throws {
        let pattern = String(repeating: "*a", count: 40) + "*b"
        let value = String(repeating: "a", count: 20_000)
        let policy = #"""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:\#(pattern)"},
              {"Effect": "Allow", "Action": "secretsmanager:\#(pattern)", "Resource": "*"},
              {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalTag/team": "\#(pattern)"}}},
              {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::\#(pattern)"}}}]}
            """#
        var decision: AuthorizationDecision?
        decision = try SimulationRunner().answer(
            json: request(identityPolicy: policy, resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:\(value)",
                          context: #"{"aws:PrincipalTag/team": "\#(value)", "aws:SourceArn": "arn:aws:s3:::\#(value)"}"#),
            source: "wildcard.json")
        #expect(decision?.decision == .implicitDeny)
    }
}
