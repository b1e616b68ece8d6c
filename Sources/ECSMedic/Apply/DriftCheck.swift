import AWSClient

/// Finds which of the resources an apply would change are managed by infrastructure as code, from their tags:
/// CloudFormation's `aws:cloudformation:stack-name`, and the Terraform conventions a tag can show (a `terraform`
/// or `terraform:*` / `tf:*` key, or `managed-by` / `ManagedBy` / `managed_by` / `provisioner` naming terraform).
struct DriftCheck {
    let aws: ApplyCaller

    /// One resource managed elsewhere, and by what.
    struct Drift: Sendable, Equatable {
        var resource: String
        var manager: String
    }

    func check(_ resources: [ExistingResource]) async throws -> [Drift] {
        var drifts: [Drift] = []
        let ec2 = resources.compactMap { resource -> String? in
            if case .ec2(let id) = resource { return id }
            return nil
        }
        if !ec2.isEmpty {
            let found = try await aws.read(.ec2, "DescribeTags", ["Filters": [["Name": "resource-id", "Values": .array(ec2.map(JSONValue.string))]]])
            for id in ec2 {
                let tags = (found["Tags"]?.arrayValue ?? []).filter { $0["ResourceId"]?.stringValue == id }
                if let manager = Self.manager(tags) { drifts.append(Drift(resource: id, manager: manager)) }
            }
        }
        for case .role(let name) in resources {
            let role = try await aws.read(.iam, "GetRole", ["RoleName": .string(name)])
            if let manager = Self.manager(role["Role"]?["Tags"]?.arrayValue ?? []) {
                drifts.append(Drift(resource: "role \(name)", manager: manager))
            }
        }
        return drifts
    }

    /// What manages a resource with these `{Key, Value}` tags, if its tags say.
    static func manager(_ tags: [JSONValue]) -> String? {
        let pairs = tags.compactMap { tag in tag["Key"]?.stringValue.map { ($0, tag["Value"]?.stringValue ?? "") } }
        if let stack = pairs.first(where: { $0.0 == "aws:cloudformation:stack-name" }) {
            return "CloudFormation stack \(stack.1)"
        }
        for (key, value) in pairs {
            let lower = key.lowercased()
            if lower == "terraform" || lower.hasPrefix("terraform:") || lower.hasPrefix("tf:")
                || (["managed-by", "managedby", "managed_by", "provisioner", "provisioned-by"].contains(lower)
                    && value.lowercased().contains("terraform")) {
                return "Terraform (tag \(key)=\(value))"
            }
        }
        return nil
    }
}
