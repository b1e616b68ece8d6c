import AWSClient
import ECSMedic
import Foundation
import Testing

/// Every fix of every fixture with findings in every form, checked with the real tools: python-hcl2 parses the
/// Terraform, cfn-lint passes the CloudFormation wrapped in a template.
@Suite struct FixFormTests {
    static let iamFixes: Set<String> = ["put-execution-role-policy", "trust-ecs-tasks", "replace-overbroad-policy", "allow-in-endpoint-policy"]

    @Test func everyFixtureWithFindingsHasAFixInEveryForm() throws {
        #expect(FixtureFixes.all.count >= 20, "fixtures with findings were diagnosed")
        for diagnosis in FixtureFixes.all {
            for finding in diagnosis.result.findings {
                for fix in finding.fixes where !fix.changes.isEmpty {
                    let label = "\(diagnosis.fixture)/\(finding.rule)/\(fix.id)"
                    #expect(fix.awsCli != nil, "\(label): aws-cli")
                    #expect(fix.terraform != nil, "\(label): terraform")
                    #expect(fix.cloudformation != nil, "\(label): cloudformation")
                    if Self.iamFixes.contains(fix.id) {
                        #expect(fix.iamPolicy != nil, "\(label): iam-policy")
                    }
                }
            }
        }
    }

    /// Tasks that failed to start are not retried with the new configuration: the CLI ends by starting them again
    /// (a new deployment, which a new task definition revision or platform version is too).
    @Test func theCommandLineFixStartsTheTaskAgain() throws {
        for diagnosis in FixtureFixes.all where diagnosis.result.stoppedReason != nil {
            for finding in diagnosis.result.findings {
                // A target group's health check settings apply to the tasks the service keeps starting, without one.
                for fix in finding.fixes where !fix.changes.isEmpty && fix.id != "allow-db-ingress" && fix.id != "replace-overbroad-policy"
                    && fix.id != "set-target-group-health-check" {
                    let last = fix.awsCli?.split(separator: "\n").last.map(String.init) ?? ""
                    let update = "aws ecs update-service --region ap-northeast-2 --cluster demo-ecs-cluster --service demo-ecs-service"
                    // A new task definition or platform version is itself a new deployment; a service whose tasks
                    // fail their health checks keeps starting new ones, which get the new grace period.
                    let deploys = [" --force-new-deployment", " --platform-version ", " --task-definition ", " --health-check-grace-period-seconds "]
                    #expect(last.hasPrefix(update) && deploys.contains { last.dropFirst(update.count).hasPrefix($0) },
                            "\(diagnosis.fixture)/\(fix.id): \(last)")
                }
            }
        }
    }

    @Test func everyTerraformSnippetParsesWithPythonHCL2() throws {
        let snippets = FixtureFixes.snippets.compactMap { item in item.terraform.map { (label: item.label, text: $0) } }
        #expect(snippets.count >= 20)
        let files = try FixtureFixes.write(snippets, suffix: ".tf")
        let parsed = try Self.parseHCL(files.map(\.path))
        for (index, file) in files.enumerated() {
            #expect(parsed[index]["error"] == nil, "\(file.label): \(parsed[index]["error"]?.stringValue ?? "")\n\(snippets[index].text)")
        }
    }

    /// The endpoint fix as Terraform: what the AWS provider's aws_vpc_endpoint needs for an interface endpoint
    /// with private DNS in both task subnets, its security group admitting 443 from the task's group.
    @Test func theEndpointFixInTerraformDeclaresTheInterfaceEndpoint() throws {
        let diagnosis = try #require(FixtureFixes.all.first { $0.fixture == "seed-no-secretsmanager-endpoint" })
        let text = try #require(diagnosis.plan.render(.terraform))
        let files = try FixtureFixes.write([("plan", text)], suffix: ".tf")
        let parsed = try #require(try Self.parseHCL(files.map(\.path)).first)
        let resources = parsed["resource"]?.arrayValue ?? []
        let endpoints = resources.compactMap { $0["aws_vpc_endpoint"]?["ecs_medic_secretsmanager"] }
        let endpoint = try #require(endpoints.first)
        #expect(endpoint["service_name"] == "com.amazonaws.ap-northeast-2.secretsmanager")
        #expect(endpoint["vpc_endpoint_type"] == "Interface")
        #expect(endpoint["private_dns_enabled"] == true)
        #expect(endpoint["subnet_ids"]?.arrayValue?.count == 2)
        #expect(endpoint["security_group_ids"] == ["${aws_security_group.ecs_medic_vpce_https.id}"])
        let rules = resources.compactMap { $0["aws_vpc_security_group_ingress_rule"]?.objectValue?.values.first }
        #expect(rules.count == 1)
        #expect(rules.first?["from_port"] == 443)
        #expect(rules.first?["security_group_id"] == "${aws_security_group.ecs_medic_vpce_https.id}")
        let variables = parsed["variable"]?.arrayValue ?? []
        #expect(variables.contains { $0.objectValue?.values.first?["default"]?.stringValue?.hasPrefix("vpc-") == true })
    }

    @Test func everyCloudFormationSnippetPassesCfnLint() throws {
        let snippets = FixtureFixes.snippets.compactMap { item in
            item.cloudformation.map { (label: item.label, text: "AWSTemplateFormatVersion: \"2010-09-09\"\n" + $0) }
        }
        #expect(snippets.count >= 20)
        let files = try FixtureFixes.write(snippets, suffix: ".yaml")
        let lint = try FixtureFixes.run(["cfn-lint", "--regions", "ap-northeast-2", "--"] + files.map(\.path))
        #expect(lint.status == 0, "cfn-lint:\n\(lint.output)\nfiles: \(files.map { "\($0.path) = \($0.label)" }.joined(separator: "\n"))")
    }

    /// Parses HCL files with python-hcl2; each answer is the parsed document (quotes around strings removed) or
    /// `{"error": ...}`.
    static func parseHCL(_ paths: [String]) throws -> [JSONValue] {
        let script = """
            import hcl2, json, sys
            def clean(v):
                if isinstance(v, dict):
                    return {clean(k): clean(x) for k, x in v.items() if k not in ("__is_block__", "__comments__")}
                if isinstance(v, list):
                    return [clean(x) for x in v]
                if isinstance(v, str) and len(v) >= 2 and v[0] == '"' and v[-1] == '"':
                    return json.loads(v)
                return v
            out = []
            for path in sys.argv[1:]:
                try:
                    with open(path) as f:
                        out.append(clean(hcl2.load(f)))
                except Exception as e:
                    out.append({"error": str(e)})
            print(json.dumps(out))
            """
        let result = try FixtureFixes.run(["python3", "-c", script] + paths)
        #expect(result.status == 0, "python-hcl2: \(result.output)")
        return try JSONDecoder().decode([JSONValue].self, from: Data(result.output.utf8))
    }
}
