/// The AWS CLI script that writes a snapshot folder (design.md §7) for one service: what a user runs where
/// ecs-medic cannot call AWS itself, then `ecs-medic diagnose --snapshot FOLDER`. It follows the live collection's
/// rounds (task → task definitions, subnets, roles and the ECS service-linked role, secrets, parameters, images,
/// log groups, file systems → VPC, policies, keys, hosted zones → records), and every call it makes is an `OperationCatalog` entry written to the
/// file name the decoder reads, its label encoded as `FolderLabel` says. A call AWS refuses is written as
/// `{"Error": {"Code": ..., "Message": ...}}`, so that the folder says "denied" (unverified) like a live run.
public struct SnapshotCommands: Sendable {
    public var cluster: String
    public var service: String
    public var region: String?
    /// How many log lines per container the script reads (`--log-lines`); nil reads none (`--no-logs`).
    public var logLines: Int?

    public init(cluster: String, service: String, region: String?, logLines: Int? = LogReadingLimits.standard.lines) {
        self.cluster = cluster
        self.service = service
        self.region = region
        self.logLines = logLines.map { LogReadingLimits(lines: $0).lines }
    }

    private typealias O = OperationCatalog

    /// `call FILE SERVICE OPERATION ARGS...` for `operation`, its file labelled by the shell expression `label`.
    private func save(_ operation: AWSOperation, label: String? = nil, _ arguments: String = "") -> String {
        let file = operation.fileBase + (label.map { "--$(label \($0))" } ?? "") + ".json"
        return "call \"\(file)\" \(operation.cliCommand)" + (arguments.isEmpty ? "" : " " + arguments)
    }

    /// `q SERVICE OPERATION ARGS...`: the values a query selects, one a line (a second call: used where a file's
    /// values cannot be read line by line).
    private func ask(_ operation: AWSOperation, _ arguments: String) -> String {
        "q \(operation.cliCommand) \(arguments)"
    }

    public var script: String {
        let services = "--cluster \"$CLUSTER\" --services \"$SERVICE\""
        let byVPC = "--filters Name=vpc-id,Values=\"$VPC_LIST\""
        let definitions = O.describeTaskDefinition.fileBase + "--*.json"
        let download = O.getDownloadUrlForLayer.download ?? AWSOperation.Download(urlMember: "downloadUrl", maxBytes: 65536, members: [])
        let mediaTypes = O.manifestMediaTypes.joined(separator: " ")
        return #"""
        #!/usr/bin/env bash
        # Writes a snapshot folder for service \#(service) of cluster \#(cluster) into the current directory;
        # then: ecs-medic diagnose --snapshot . --service \#(service) --cluster \#(cluster)
        # Read-only: it never reads a secret's value. File names: <service>-<operation>[--<label>].json, the label
        # with % / : # \ and space written as %XX. A call AWS refuses is written as {"Error": {"Code": ...}}.
        # Each call is made once; the ids the next calls need are read back from the files written.
        set -euo pipefail
        export AWS_PAGER=""
        CLUSTER=\#(Self.quoted(cluster))
        SERVICE=\#(Self.quoted(service))
        # aws ARGS...: the AWS CLI in the region given (a --region among ARGS, later, wins: a log group elsewhere).
        aws() { command aws\#(region.map { " --region " + Self.quoted($0) } ?? "") "$@"; }
        label() { local s=${1//\%/%25}; s=${s//\//%2F}; s=${s//:/%3A}; s=${s//#/%23}; s=${s//\\/%5C}; printf '%s' "${s// /%20}"; }
        # call FILE SERVICE OPERATION ARGS...: the answer, or AWS's error code and message, into FILE.
        call() {
          local file=$1 err code message; shift
          if err=$(aws "$@" --output json 2>&1 >"$file"); then return 0; fi
          code=$(printf '%s\n' "$err" | sed -n 's/.*An error occurred (\([A-Za-z0-9.]*\)).*/\1/p' | awk 'NR == 1')
          if [ -z "$code" ]; then printf '%s\n' "$err" >&2; rm -f "$file"; return 0; fi
          message=$(printf '%s\n' "$err" | sed -n 's/.*An error occurred ([^)]*) when calling the [A-Za-z]* operation[^:]*: //p' | awk 'NR == 1' | tr -d '"\\')
          printf '{"Error": {"Code": "%s", "Message": "%s"}}\n' "$code" "$message" >"$file"
        }
        # Readers of the files written (the AWS CLI's JSON output: one member a line, four-space indents).
        # field KEY FILE...: the string values of member KEY.
        field() { local key=$1; shift; sed -n "s/^ *\"$key\": \"\([^\"]*\)\",\{0,1\}\$/\1/p" "$@" 2>/dev/null || true; }
        # items KEY FILE...: the strings of list member KEY.
        items() {
          local key=$1; shift
          awk -v key="\"$key\": [" 'index($0, key) { inside = ($0 !~ /\[\],?$/); next } inside && /^ *\]/ { inside = 0 } inside' "$@" 2>/dev/null \
            | sed -n 's/^ *"\([^"]*\)",\{0,1\}$/\1/p' || true
        }
        # named NAME FILE...: the value of each {"name": NAME, "value": ...} object (task attachment details).
        named() {
          local name=$1; shift
          awk -v want="$name" '/^ *"name": "/ { n = $0; sub(/^ *"name": "/, "", n); sub(/",?$/, "", n) }
            /^ *"value": "/ { v = $0; sub(/^ *"value": "/, "", v); sub(/",?$/, "", v) }
            /^ *\}/ { if (n == want && v != "") print v; n = ""; v = "" }' "$@" 2>/dev/null || true
        }
        # q SERVICE OPERATION ARGS... --query Q: the values Q selects, one a line (none when the call fails).
        q() { aws "$@" --output text 2>/dev/null | tr '\t' '\n' | grep -v -x -e None -e '' || true; }
        # platform: the top-level "architecture", "os", "os.version" and "variant" of the JSON object on stdin, as JSON.
        platform() {
          LC_ALL=C awk 'BEGIN { want["architecture"]; want["os"]; want["os.version"]; want["variant"] }
            { text = text $0 "\n" }
            END {
              n = length(text); depth = 0; instr = 0; esc = 0; expect = ""; key = ""; tok = ""; out = ""
              for (i = 1; i <= n; i++) {
                c = substr(text, i, 1)
                if (instr) {
                  if (esc) { esc = 0; tok = tok c }
                  else if (c == "\\") { esc = 1; tok = tok c }
                  else if (c == "\"") {
                    instr = 0
                    if (depth == 1 && expect == "key") key = tok
                    else if (depth == 1 && expect == "value" && (key in want)) out = out (out == "" ? "" : ", ") "\"" key "\": \"" tok "\""
                  } else tok = tok c
                  continue
                }
                if (c == "\"") { instr = 1; tok = ""; continue }
                if (c == "{" || c == "[") { depth++; if (depth == 1) expect = "key"; continue }
                if (c == "}" || c == "]") { depth--; continue }
                if (depth == 1 && c == ":") expect = "value"
                else if (depth == 1 && c == ",") expect = "key"
              }
              print "{" out "}"
            }'
        }
        # served FILE: FILE, a get-download-url-for-layer answer, replaced with the platform members of the document
        # its presigned URL serves (curl, at most \#(download.maxBytes) bytes: an image configuration, never a layer);
        # the URL is not kept. A failed fetch is written as an error.
        served() {
          local file=$1 url body
          grep -q '"Error"' "$file" 2>/dev/null && return 0
          url=$(field downloadUrl "$file")
          if [ -n "$url" ] && body=$(curl -sSf --max-filesize \#(download.maxBytes) --max-time 30 "$url" 2>/dev/null); then
            printf '%s' "$body" | platform >"$file"
          else
            printf '{"Error": {"Code": "DownloadFailed", "Message": "the image configuration could not be fetched"}}\n' >"$file"
          fi
        }
        pick() { grep "$@" || true; }
        sorted() { LC_ALL=C sort -u; }
        words() { tr '\n' ' '; }
        commas() { paste -s -d , -; }

        \#(save(O.getCallerIdentity))
        \#(save(O.describeServices, services))
        \#(save(O.describeClusters, "--clusters \"$CLUSTER\" --include SETTINGS"))
        REGION=$(field serviceArn \#(O.describeServices.fileName()) | awk 'NR == 1' | cut -d: -f4)
        TASKS=""
        for STATUS in STOPPED RUNNING; do
          \#(save(O.listTasks, label: "$STATUS", "--cluster \"$CLUSTER\" --service-name \"$SERVICE\" --desired-status $STATUS"))
          grep -q '"Error"' "\#(O.listTasks.fileBase)--$STATUS.json" 2>/dev/null && break
          TASKS=$(items taskArns "\#(O.listTasks.fileBase)--$STATUS.json" | awk 'NR <= 100' | words)
          [ -n "$TASKS" ] && break
        done
        if [ -n "$TASKS" ]; then
          \#(save(O.describeTasks, "--cluster \"$CLUSTER\" --tasks $TASKS"))
        fi
        TASKS_FILE=\#(O.describeTasks.fileName())

        # Task definitions (of the tasks and the service's deployments), and what they name.
        for TD in $( { field taskDefinitionArn "$TASKS_FILE"; field taskDefinition \#(O.describeServices.fileName()); } | sorted | awk 'NR <= 3'); do
          \#(save(O.describeTaskDefinition, label: "\"${TD##*/}\"", "--task-definition \"$TD\""))
        done
        ROLES=$( { field executionRoleArn \#(definitions); field taskRoleArn \#(definitions); } | sorted)
        REFS=$( { field valueFrom \#(definitions); field credentialsParameter \#(definitions); } | sorted)

        TARGET_GROUPS=$(field targetGroupArn \#(O.describeServices.fileName()) | sorted | words)
        if [ -n "$TARGET_GROUPS" ]; then
          \#(save(O.describeTargetGroups, "--target-group-arns $TARGET_GROUPS"))
          BALANCERS=$(items LoadBalancerArns \#(O.describeTargetGroups.fileName()) | sorted | words)
          if [ -n "$BALANCERS" ]; then \#(save(O.describeLoadBalancers, "--load-balancer-arns $BALANCERS")); fi
          for TG in $TARGET_GROUPS; do
            TG_NAME=${TG#*:targetgroup/}
            \#(save(O.describeTargetHealth, label: "\"${TG_NAME%%/*}\"", "--target-group-arn \"$TG\""))
          done
        fi

        \#(afterStart)
        # Container instances: the tasks' and the cluster's (placement on EC2), capacity providers, their groups.
        \#(save(O.listContainerInstances, "--cluster \"$CLUSTER\""))
        INSTANCES=$( { field containerInstanceArn "$TASKS_FILE"; items containerInstanceArns \#(O.listContainerInstances.fileName()); } | sorted | awk 'NR <= 100' | words)
        PROVIDERS=$( { field capacityProvider \#(O.describeServices.fileName()) \#(O.describeClusters.fileName()); items capacityProviders \#(O.describeClusters.fileName()); } | pick -v -x -e FARGATE -e FARGATE_SPOT | sorted | words)
        if [ -n "$PROVIDERS" ]; then
          \#(save(O.describeCapacityProviders, "--capacity-providers $PROVIDERS"))
          ASGS=$(field autoScalingGroupArn \#(O.describeCapacityProviders.fileName()) | sed 's#.*autoScalingGroupName/##' | sorted | words)
          if [ -n "$ASGS" ]; then \#(save(O.describeAutoScalingGroups, "--auto-scaling-group-names $ASGS")); fi
        fi
        if [ -n "$INSTANCES" ]; then
          \#(save(O.describeContainerInstances, "--cluster \"$CLUSTER\" --container-instances $INSTANCES"))
          EC2_INSTANCES=$(field ec2InstanceId \#(O.describeContainerInstances.fileName()) | sorted | words)
          if [ -n "$EC2_INSTANCES" ]; then \#(save(O.describeInstances, "--instance-ids $EC2_INSTANCES")); fi
        fi

        # The network: the subnets of the tasks, of the service and of its load balancers, their VPCs and everything a
        # path crosses.
        SUBNETS=$( { named subnetId "$TASKS_FILE"; items subnets \#(O.describeServices.fileName()); field SubnetId \#(O.describeLoadBalancers.fileName()); } | sorted | words)
        VPCS=""
        if [ -n "$SUBNETS" ]; then
          \#(save(O.describeSubnets, "--subnet-ids $SUBNETS"))
          VPCS=$(field VpcId \#(O.describeSubnets.fileName()) | sorted | words)
        fi
        if [ -n "$VPCS" ]; then
          VPC_LIST=$(printf '%s\n' $VPCS | commas)
          \#(save(O.describeVpcs, "--vpc-ids $VPCS"))
          for VPC in $VPCS; do
            for ATTRIBUTE in enableDnsSupport enableDnsHostnames; do
              \#(save(O.describeVpcAttribute, label: "\"$VPC--$ATTRIBUTE\"", "--vpc-id \"$VPC\" --attribute $ATTRIBUTE"))
            done
            \#(save(O.listHostedZonesByVPC, label: "\"$VPC\"", "--vpc-id \"$VPC\" --vpc-region \"$REGION\""))
            # Zones named for an AWS service decide where its names resolve: their records.
            for ZONE in $(\#(ask(O.listHostedZonesByVPC, "--vpc-id \"$VPC\" --vpc-region \"$REGION\" --query \"HostedZoneSummaries[?ends_with(Name, 'amazonaws.com.') || ends_with(Name, 'amazonaws.com') || ends_with(Name, 'amazonaws.com.cn.') || ends_with(Name, 'amazonaws.com.cn')].HostedZoneId\"")) | sorted); do
              \#(save(O.listResourceRecordSets, label: "\"${ZONE##*/}\"", "--hosted-zone-id \"$ZONE\""))
            done
          done
          \#(save(O.describeRouteTables, byVPC))
          \#(save(O.describeVpcEndpoints, byVPC))
          \#(save(O.describeSecurityGroups, byVPC))
          \#(save(O.describeNetworkAcls, byVPC))
          \#(save(O.describeNatGateways, "--filter Name=vpc-id,Values=\"$VPC_LIST\""))
          \#(save(O.describeInternetGateways, "--filters Name=attachment.vpc-id,Values=\"$VPC_LIST\""))
          \#(save(O.describePrefixLists))
          # The interfaces of the endpoints and of the tasks (a stopped Fargate task's is gone: then it is absent).
          INTERFACES=$( { items NetworkInterfaceIds \#(O.describeVpcEndpoints.fileName()); named networkInterfaceId "$TASKS_FILE"; } | sorted | commas)
          if [ -n "$INTERFACES" ]; then \#(save(O.describeNetworkInterfaces, "--filters Name=network-interface-id,Values=\"$INTERFACES\"")); fi
          DHCP=$(field DhcpOptionsId \#(O.describeVpcs.fileName()) | sorted | words)
          if [ -n "$DHCP" ]; then \#(save(O.describeDhcpOptions, "--dhcp-options-ids $DHCP")); fi
          # Customer managed prefix lists the security groups' rules name (AWS's own are in describe-prefix-lists).
          AWS_LISTS=" $(field PrefixListId \#(O.describePrefixLists.fileName()) | words) "
          for LIST in $(field PrefixListId \#(O.describeSecurityGroups.fileName()) | sorted); do
            case "$AWS_LISTS" in *" $LIST "*) continue ;; esac
            \#(save(O.getManagedPrefixListEntries, label: "\"$LIST\"", "--prefix-list-id \"$LIST\""))
          done
        fi

        # EFS file systems the task mounts: their mount targets and the targets' security groups.
        for FS in $(field fileSystemId \#(definitions) | sorted); do
          \#(save(O.describeMountTargets, label: "\"$FS\"", "--file-system-id \"$FS\""))
          for TARGET in $(field MountTargetId "\#(O.describeMountTargets.fileBase)--$(label "$FS").json" | sorted); do
            \#(save(O.describeMountTargetSecurityGroups, label: "\"$TARGET\"", "--mount-target-id \"$TARGET\""))
          done
        done

        # The execution and task roles: inline policies, attached managed policies and the boundary.
        declare -A POLICY_SEEN=()
        for ROLE_ARN in $ROLES; do
          ROLE=${ROLE_ARN##*/}
          \#(save(O.getRole, label: "\"$ROLE\"", "--role-name \"$ROLE\""))
          \#(save(O.listRolePolicies, label: "\"$ROLE\"", "--role-name \"$ROLE\""))
          \#(save(O.listAttachedRolePolicies, label: "\"$ROLE\"", "--role-name \"$ROLE\""))
          for NAME in $(items PolicyNames "\#(O.listRolePolicies.fileBase)--$(label "$ROLE").json"); do
            \#(save(O.getRolePolicy, label: "\"$ROLE--$NAME\"", "--role-name \"$ROLE\" --policy-name \"$NAME\""))
          done
          for POLICY_ARN in $(field PolicyArn "\#(O.listAttachedRolePolicies.fileBase)--$(label "$ROLE").json") $(field PermissionsBoundaryArn "\#(O.getRole.fileBase)--$(label "$ROLE").json"); do
            [ -n "${POLICY_SEEN[$POLICY_ARN]:-}" ] && continue
            POLICY_SEEN[$POLICY_ARN]=1
            \#(save(O.getPolicy, label: "\"${POLICY_ARN##*/}\"", "--policy-arn \"$POLICY_ARN\""))
            for VERSION in $(field DefaultVersionId "\#(O.getPolicy.fileBase)--$(label "${POLICY_ARN##*/}").json"); do
              \#(save(O.getPolicyVersion, label: "\"${POLICY_ARN##*/}\"", "--policy-arn \"$POLICY_ARN\" --version-id \"$VERSION\""))
            done
          done
        done

        # The ECS service-linked role, unless the service's roleArn names it (IAM keeps it while an ECS cluster exists).
        if ! field roleArn \#(O.describeServices.fileName()) | grep -q '/\#(LaunchInspector.serviceLinkedRoleName)$'; then
          \#(save(O.getRole, label: LaunchInspector.serviceLinkedRoleName, "--role-name " + LaunchInspector.serviceLinkedRoleName))
        fi

        # Secrets (metadata and resource policy, never the value) and parameters (metadata), then their keys.
        KEYS=""
        PARAMETERS=""
        for REF in $REFS; do
          case "$REF" in
            arn:*:secretsmanager:*)
              SECRET=$(printf '%s' "$REF" | cut -d: -f1-7)
              NAME=$(printf '%s' "$REF" | cut -d: -f7)
              [ -e "\#(O.describeSecret.fileBase)--$(label "$NAME").json" ] && continue
              \#(save(O.describeSecret, label: "\"$NAME\"", "--secret-id \"$SECRET\""))
              \#(save(O.getResourcePolicy, label: "\"$NAME\"", "--secret-id \"$SECRET\""))
              KEYS+=" $(field KmsKeyId "\#(O.describeSecret.fileBase)--$(label "$NAME").json")" ;;
            arn:*:ssm:*)
              NAME=${REF#*:parameter}
              case "$NAME" in //*) NAME=${NAME#/} ;; esac
              PARAMETERS+=" $NAME" ;;
            *) PARAMETERS+=" $REF" ;;
          esac
        done
        set -- $(printf '%s\n' $PARAMETERS | sorted)
        CHUNK=0
        while [ $# -gt 0 ]; do
          CHUNK=$((CHUNK + 1))
          NAMES=$(printf '%s\n' "${@:1:10}" | commas)
          shift $(( $# < 10 ? $# : 10 ))
          \#(save(O.describeParameters, label: "\"$CHUNK\"", "--parameter-filters \"Key=Name,Option=Equals,Values=$NAMES\""))
          KEYS+=" $(field KeyId "\#(O.describeParameters.fileBase)--$CHUNK.json")"
        done
        KEYS=$(printf '%s\n' $KEYS | pick -v '^alias/aws/' | sorted)
        for KEY in $KEYS; do
          \#(save(O.describeKey, label: "\"$KEY\"", "--key-id \"$KEY\""))
          KEY_FILE="\#(O.describeKey.fileBase)--$(label "$KEY").json"
          if [ "$(field KeyManager "$KEY_FILE")" = CUSTOMER ]; then
            KEY_ID=$(field KeyId "$KEY_FILE")
            \#(save(O.getKeyPolicy, label: "\"$KEY_ID\"", "--key-id \"$KEY_ID\" --policy-name default"))
          fi
        done
        if [ -n "$KEYS" ]; then \#(save(O.listAliases)); fi

        # Images, log groups and databases the task definitions name.
        for IMAGE in $(field image \#(definitions) | sorted); do
          case "$IMAGE" in *.dkr.ecr.*.amazonaws.com*/* | *.dkr.ecr-fips.*.amazonaws.com*/*) ;; *) continue ;; esac
          REPOSITORY=${IMAGE#*/}
          case "$REPOSITORY" in *@*) REPOSITORY=${REPOSITORY%%@*} ;; *:*) REPOSITORY=${REPOSITORY%:*} ;; esac
          [ -e "\#(O.describeImages.fileBase)--$(label "$REPOSITORY").json" ] && continue
          \#(save(O.describeImages, label: "\"$REPOSITORY\"", "--registry-id \"${IMAGE%%.*}\" --repository-name \"$REPOSITORY\""))
        done
        # Their manifests (image-platform-mismatch): an index names its platforms; a single manifest's configuration
        # blob names its platform.
        declare -A IMAGE_IDS=() REGISTRIES=()
        for IMAGE in $(field image \#(definitions) | sorted); do
          case "$IMAGE" in *.dkr.ecr.*.amazonaws.com*/* | *.dkr.ecr-fips.*.amazonaws.com*/*) ;; *) continue ;; esac
          REPOSITORY=${IMAGE#*/}
          case "$REPOSITORY" in
            *@*) ID="imageDigest=${REPOSITORY#*@}"; REPOSITORY=${REPOSITORY%%@*} ;;
            *:*) ID="imageTag=${REPOSITORY##*:}"; REPOSITORY=${REPOSITORY%:*} ;;
            *) ID="imageTag=latest" ;;
          esac
          IMAGE_IDS[$REPOSITORY]+=" $ID"
          REGISTRIES[$REPOSITORY]=${IMAGE%%.*}
        done
        for REPOSITORY in $(printf '%s\n' "${!IMAGE_IDS[@]}" | sorted); do
          REGISTRY=${REGISTRIES[$REPOSITORY]}
          \#(save(O.batchGetImage, label: "\"$REPOSITORY\"", "--registry-id \"$REGISTRY\" --repository-name \"$REPOSITORY\" --image-ids ${IMAGE_IDS[$REPOSITORY]} --accepted-media-types \(mediaTypes)"))
          for DIGEST in $(\#(ask(O.batchGetImage, "--registry-id \"$REGISTRY\" --repository-name \"$REPOSITORY\" --image-ids ${IMAGE_IDS[$REPOSITORY]} --accepted-media-types \(mediaTypes) --query 'images[].imageManifest'")) | sed -n 's/.*"config": *{[^}]*"digest": *"\(sha256:[0-9a-f]*\)".*/\1/p' | sorted); do
            \#(save(O.getDownloadUrlForLayer, label: "\"$DIGEST\"", "--registry-id \"$REGISTRY\" --repository-name \"$REPOSITORY\" --layer-digest \"$DIGEST\""))
            served "\#(O.getDownloadUrlForLayer.fileBase)--$(label "$DIGEST").json"
          done
        done
        for GROUP in $(field awslogs-group \#(definitions) | sorted); do
          \#(save(O.describeLogGroups, label: "\"$GROUP\"", "--log-group-name-prefix \"$GROUP\""))
        done
        \#(save(O.describeDBClusters))
        \#(save(O.describeDBInstances))
        """#
    }

    /// The newest task's container logs up to its stop and the service's metrics around it, as `LiveSource` reads
    /// them (`AfterStartPlanner`): the task and its containers' `awslogs` options are read with `--query` (second
    /// calls), the stop time turned into epoch seconds with GNU or BSD `date`.
    private var afterStart: String {
        func metrics(_ list: [ServiceMetric], task: Bool) -> String {
            list.map { metric in
                let id = metric.rawValue + (task ? "_t$TASK_ID" : "")
                return "$(metric \(id) \(metric.namespace) \(metric.metricName) \"$\(task ? "TASK" : "SERVICE")_DIMENSIONS\")"
            }.joined(separator: ",")
        }
        let awslogs = #"logConfiguration.options.\"awslogs-"#
        let containers = #"--task-definition "$TASK_DEFINITION" --query "taskDefinition.containerDefinitions[?logConfiguration.logDriver=='awslogs' && "#
            + #"\#(awslogs)stream-prefix\" && \#(awslogs)group\"] | [:\#(AfterStartPlanner.maximumContainers)].join('|', "#
            + #"[name, \#(awslogs)group\", \#(awslogs)stream-prefix\", \#(awslogs)region\" || '-'])""#
        let logs = logLines.map { lines in #"""
              while IFS='|' read -r CONTAINER GROUP PREFIX LOG_REGION; do
                # The group is read in its awslogs-region (the same credentials), by default the service's.
                [ "$LOG_REGION" = - ] && LOG_REGION=$REGION
                STREAM="$PREFIX/$CONTAINER/$TASK_ID"
                \#(save(O.getLogEvents, label: "\"$STREAM\"", "${LOG_REGION:+--region \"$LOG_REGION\"} --log-group-name \"$GROUP\" --log-stream-name \"$STREAM\" --limit \(lines) --no-start-from-head ${END_MS:+--end-time $END_MS}"))
              done < <(\#(ask(O.describeTaskDefinition, containers)))
        """# } ?? "      : # --no-logs: the containers' logs are not read"
        let newest = #"--cluster "$CLUSTER" --tasks $TASKS --query "sort_by(tasks, &(stoppedAt || createdAt))[-1].[taskArn, taskDefinitionArn, stoppedAt]""#
        return #"""
        # After the task started: the newest task's container logs up to its stop, the service's metrics around it.
        epoch() { case "$1" in *-*) date -u -d "$1" +%s 2>/dev/null || date -u -j -f '%Y-%m-%dT%H:%M:%S' "${1:0:19}" +%s ;; *) printf '%s\n' "${1%%.*}" ;; esac; }
        iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$1" +%Y-%m-%dT%H:%M:%SZ; }
        metric() { printf '{"Id":"%s","MetricStat":{"Metric":{"Namespace":"%s","MetricName":"%s","Dimensions":[%s]},"Period":\#(AfterStartPlanner.period),"Stat":"Maximum"},"ReturnData":true}' "$1" "$2" "$3" "$4"; }
        CLUSTER_NAME=${CLUSTER##*/}
        SERVICE_NAME=${SERVICE##*/}
        INSIGHTS=$(field value \#(O.describeClusters.fileName()) | awk 'NR == 1')
        TASK_ID=""
        TASK_DEFINITION=""
        STOPPED_AT=""
        END_MS=""
        STOP=$(date -u +%s)
        if [ -n "$TASKS" ]; then
          { read -r TASK_ARN; read -r TASK_DEFINITION; read -r STOPPED_AT; } <<<"$(\#(ask(O.describeTasks, newest)))" || true
          TASK_ID=${TASK_ARN##*/}
          if [ -n "$STOPPED_AT" ]; then
            STOP=$(epoch "$STOPPED_AT")
            END_MS=$(( (STOP + 1) * 1000 ))
          fi
          if [ -n "$TASK_ID" ] && [ -n "$TASK_DEFINITION" ]; then
        \#(logs)
          fi
        fi
        SERVICE_DIMENSIONS=$(printf '{"Name":"ClusterName","Value":"%s"},{"Name":"ServiceName","Value":"%s"}' "$CLUSTER_NAME" "$SERVICE_NAME")
        QUERIES="\#(metrics([.memoryUtilization, .cpuUtilization], task: false))"
        case "$INSIGHTS" in enabled | enhanced) QUERIES+=",\#(metrics([.memoryUtilized, .memoryReserved], task: false))" ;; esac
        if [ "$INSIGHTS" = enhanced ] && [ -n "$TASK_ID" ]; then
          FAMILY=${TASK_DEFINITION##*/}
          TASK_DIMENSIONS=$(printf '{"Name":"ClusterName","Value":"%s"},{"Name":"TaskDefinitionFamily","Value":"%s"},{"Name":"TaskId","Value":"%s"}' "$CLUSTER_NAME" "${FAMILY%%:*}" "$TASK_ID")
          QUERIES+=",\#(metrics([.memoryUtilized, .memoryReserved], task: true))"
        fi
        \#(save(O.getMetricData, label: "\"$SERVICE_NAME\"", "--metric-data-queries \"[$QUERIES]\" --start-time \"$(iso $((STOP - \(Int(AfterStartPlanner.secondsBefore)))))\" --end-time \"$(iso $((STOP + \(Int(AfterStartPlanner.secondsAfter)))))\""))
        """#
    }

    /// `text` as one shell word.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
