/// The AWS CLI commands that write a snapshot folder (design.md §7) for one service: what a user runs where
/// ecs-medic cannot call AWS itself, then `ecs-medic diagnose --snapshot FOLDER`.
public struct SnapshotCommands: Sendable {
    public var cluster: String
    public var service: String
    public var region: String?

    public init(cluster: String, service: String, region: String?) {
        self.cluster = cluster
        self.service = service
        self.region = region
    }

    public var script: String {
        let r = region.map { " --region \($0)" } ?? ""
        let c = "--cluster \(cluster)"
        return """
        #!/usr/bin/env bash
        # Writes a snapshot folder for service \(service) of cluster \(cluster); then: ecs-medic diagnose --snapshot .
        set -euo pipefail
        aws() { command aws "$@"\(r) --output json; }
        aws sts get-caller-identity > sts-get-caller-identity.json
        aws ecs describe-services \(c) --services \(service) > ecs-describe-services.json
        aws ecs list-tasks \(c) --service-name \(service) --desired-status STOPPED > ecs-list-tasks.json
        TASKS=$(aws ecs list-tasks \(c) --service-name \(service) --desired-status STOPPED --query 'taskArns[:100]' --output text)
        if [ -z "$TASKS" ] || [ "$TASKS" = None ]; then
          TASKS=$(aws ecs list-tasks \(c) --service-name \(service) --query 'taskArns[:100]' --output text)
        fi
        if [ -n "$TASKS" ] && [ "$TASKS" != None ]; then aws ecs describe-tasks \(c) --tasks $TASKS > ecs-describe-tasks.json; fi
        TD=$(aws ecs describe-services \(c) --services \(service) --query 'services[0].taskDefinition' --output text)
        aws ecs describe-task-definition --task-definition "$TD" > ecs-describe-task-definition.json
        SUBNETS=$(aws ecs describe-services \(c) --services \(service) --query 'services[0].deployments[].networkConfiguration.awsvpcConfiguration.subnets[]' --output text)
        aws ec2 describe-subnets --subnet-ids $SUBNETS > ec2-describe-subnets.json
        VPC=$(aws ec2 describe-subnets --subnet-ids $SUBNETS --query 'Subnets[0].VpcId' --output text)
        aws ec2 describe-vpcs --vpc-ids "$VPC" > ec2-describe-vpcs.json
        for attribute in enableDnsSupport enableDnsHostnames; do
          aws ec2 describe-vpc-attribute --vpc-id "$VPC" --attribute $attribute > ec2-describe-vpc-attribute--$attribute.json
        done
        for operation in describe-route-tables describe-vpc-endpoints describe-security-groups describe-network-acls describe-network-interfaces; do
          aws ec2 $operation --filters Name=vpc-id,Values="$VPC" > ec2-$operation.json
        done
        aws ec2 describe-nat-gateways --filter Name=vpc-id,Values="$VPC" > ec2-describe-nat-gateways.json
        aws ec2 describe-internet-gateways --filters Name=attachment.vpc-id,Values="$VPC" > ec2-describe-internet-gateways.json
        aws ec2 describe-dhcp-options --dhcp-options-ids "$(aws ec2 describe-vpcs --vpc-ids "$VPC" --query 'Vpcs[0].DhcpOptionsId' --output text)" > ec2-describe-dhcp-options.json
        aws ec2 describe-prefix-lists > ec2-describe-prefix-lists.json
        for ROLE_ARN in $(aws ecs describe-task-definition --task-definition "$TD" --query 'taskDefinition.[executionRoleArn,taskRoleArn]' --output text); do
          [ "$ROLE_ARN" = None ] && continue
          ROLE=${ROLE_ARN##*/}
          aws iam get-role --role-name "$ROLE" > "iam-get-role--$ROLE.json"
          aws iam list-role-policies --role-name "$ROLE" > "iam-list-role-policies--$ROLE.json"
          aws iam list-attached-role-policies --role-name "$ROLE" > "iam-list-attached-role-policies--$ROLE.json"
          for NAME in $(aws iam list-role-policies --role-name "$ROLE" --query 'PolicyNames' --output text); do
            aws iam get-role-policy --role-name "$ROLE" --policy-name "$NAME" > "iam-get-role-policy--$ROLE--$NAME.json"
          done
          BOUNDARY=$(aws iam get-role --role-name "$ROLE" --query 'Role.PermissionsBoundary.PermissionsBoundaryArn' --output text)
          for POLICY_ARN in $(aws iam list-attached-role-policies --role-name "$ROLE" --query 'AttachedPolicies[].PolicyArn' --output text) $BOUNDARY; do
            [ "$POLICY_ARN" = None ] && continue
            NAME=${POLICY_ARN##*/}
            aws iam get-policy --policy-arn "$POLICY_ARN" > "iam-get-policy--$NAME.json"
            VERSION=$(aws iam get-policy --policy-arn "$POLICY_ARN" --query 'Policy.DefaultVersionId' --output text)
            aws iam get-policy-version --policy-arn "$POLICY_ARN" --version-id "$VERSION" > "iam-get-policy-version--$NAME.json"
          done
        done
        for REF in $(aws ecs describe-task-definition --task-definition "$TD" --query 'taskDefinition.containerDefinitions[].secrets[].valueFrom' --output text); do
          case "$REF" in
            arn:*:secretsmanager:*)
              SECRET=$(echo "$REF" | cut -d: -f1-7)
              NAME=$(aws secretsmanager describe-secret --secret-id "$SECRET" --query Name --output text)
              aws secretsmanager describe-secret --secret-id "$SECRET" > "secretsmanager-describe-secret--$NAME.json"
              aws secretsmanager get-resource-policy --secret-id "$SECRET" > "secretsmanager-get-resource-policy--$NAME.json"
              KEY=$(aws secretsmanager describe-secret --secret-id "$SECRET" --query KmsKeyId --output text)
              if [ "$KEY" != None ]; then
                KEY_ID=$(aws kms describe-key --key-id "$KEY" --query KeyMetadata.KeyId --output text)
                aws kms describe-key --key-id "$KEY" > "kms-describe-key--$KEY_ID.json"
                aws kms get-key-policy --key-id "$KEY_ID" --policy-name default > "kms-get-key-policy--$KEY_ID.json"
              fi ;;
          esac
        done
        aws ssm describe-parameters > ssm-describe-parameters.json
        aws rds describe-db-clusters > rds-describe-db-clusters.json
        aws rds describe-db-instances > rds-describe-db-instances.json
        """
    }
}
