#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (Fuzz/corpus/<target>/) from the repository's real inputs:
the stopped-reason corpus, the IAM decision cases, the fixtures' AWS CLI outputs (as snapshot files, as JSON
response bodies, and re-encoded as XML bodies the way ec2/query/rest-xml services send them), rules/*.yaml,
configuration examples and task definition files. Run from the repository root; the output is deterministic."""
import glob
import hashlib
import json
import os
import re
import shutil
import sys
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fuzz", "corpus")
XML_SERVICES = ["ec2", "iam", "sts", "rds", "elbv2", "route53"]
JSON_SERVICES = ["ecs", "secretsmanager", "ssm", "kms", "ecr", "logs", "organizations"]


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()[:16]), "wb") as handle:
        handle.write(data)


def model(service):
    with open(os.path.join(ROOT, "aws-models", f"{service}.json")) as handle:
        return json.load(handle)


def operation_name(stem):
    """ec2-describe-route-tables -> DescribeRouteTables."""
    return "".join(part.capitalize() for part in stem.split("-"))


def to_xml(value, shape_name, shapes, protocol, name):
    shape = shapes.get(shape_name, {"type": "string"})
    kind = shape.get("type")
    if kind == "structure" and isinstance(value, dict):
        inner = ""
        for member_name, member in shape.get("members", {}).items():
            if member_name in value:
                tag = member.get("locationName") or (member_name[0].lower() + member_name[1:] if protocol == "ec2" else member_name)
                inner += to_xml(value[member_name], member["shape"], shapes, protocol, tag)
        return f"<{name}>{inner}</{name}>"
    if kind == "list" and isinstance(value, list):
        member = shape.get("member", {})
        item = member.get("locationName") or ("item" if protocol == "ec2" else "member")
        items = "".join(to_xml(entry, member.get("shape"), shapes, protocol, item) for entry in value)
        return items if shape.get("flattened") else f"<{name}>{items}</{name}>"
    if kind == "map" and isinstance(value, dict):
        entries = "".join("<entry>" + to_xml(key, shape["key"]["shape"], shapes, protocol, "key")
                          + to_xml(entry, shape["value"]["shape"], shapes, protocol, "value") + "</entry>"
                          for key, entry in value.items())
        return f"<{name}>{entries}</{name}>"
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        text = json.dumps(value)
    else:
        text = str(value)
    return f"<{name}>{escape(text)}</{name}>"


def responses():
    """(service, operation, CLI JSON output) of every fixture file, one per distinct file content."""
    seen = set()
    for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "*", "*.json"))):
        stem = os.path.basename(path)[:-5].split("--")[0]
        service, _, operation = stem.partition("-")
        with open(path, "rb") as handle:
            data = handle.read()
        key = hashlib.sha1(data).hexdigest()
        if key in seen:
            continue
        seen.add(key)
        yield service, operation_name(operation), json.loads(data)


def response_seeds():
    models = {service: model(service) for service in XML_SERVICES + JSON_SERVICES}
    for service, operation, output in responses():
        if service not in models:
            continue
        spec = models[service]
        names = sorted(spec["operations"])
        if operation not in names:
            continue
        prefix = bytes([[*XML_SERVICES, *JSON_SERVICES].index(service) % 256, names.index(operation)])
        if service in JSON_SERVICES:
            prefix = bytes([JSON_SERVICES.index(service), names.index(operation)])
            write("FuzzJSONResponse", prefix + json.dumps(output).encode())
            continue
        prefix = bytes([XML_SERVICES.index(service), names.index(operation)])
        shape = spec["operations"][operation].get("output", {})
        protocol = spec["metadata"]["protocol"]
        body = to_xml(output, shape.get("shape"), spec["shapes"], protocol, "Result")
        namespace = spec["metadata"].get("xmlNamespace", "")
        if shape.get("resultWrapper"):
            body = body.replace("<Result>", f"<{shape['resultWrapper']}>", 1)[:-len("</Result>")] + f"</{shape['resultWrapper']}>"
        else:
            body = body[len("<Result>"):-len("</Result>")]
        xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<{operation}Response xmlns="{namespace}">{body}' \
              f"<requestId>4ef4c6a0-1b2c-4d5e-8f90-0123456789ab</requestId></{operation}Response>"
        write("FuzzXMLResponse", prefix + xml.encode())
    error = ('<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>'
             "<Message>User is not authorized</Message></Error><RequestId>1a2b</RequestId></ErrorResponse>")
    write("FuzzXMLResponse", bytes([1, 0]) + error.encode())
    write("FuzzJSONResponse", bytes([0, 0]) + b'{"__type":"com.amazon.coral#AccessDeniedException","message":"no"}')


def snapshot_seeds():
    for folder in sorted(glob.glob(os.path.join(ROOT, "fixtures", "*")))[:12]:
        calls = []
        for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
            stem = os.path.basename(path)[:-5]
            base, _, label = stem.partition("--")
            service, _, operation = base.partition("-")
            with open(path) as handle:
                call = {"service": service, "operation": operation, "response": json.load(handle)}
            if label:
                call["request"] = {"label": label}
            calls.append(call)
        if calls:
            write("FuzzSnapshot", json.dumps({"format": 1, "region": "us-east-1", "account": "111122223333",
                                              "capturedAt": "2026-11-20T10:00:00Z", "calls": calls}, indent=1))
    write("FuzzSnapshot", json.dumps({"format": 1, "calls": [
        {"service": "iam", "operation": "get-role", "request": {"label": "r"},
         "error": {"code": "NoSuchEntity", "message": "The role cannot be found."}, "response": None}]}))


def iam_seeds():
    for path in sorted(glob.glob(os.path.join(ROOT, "Tests", "ECSMedicTests", "IAM", "DecisionCases", "*.json"))):
        with open(path) as handle:
            spec = json.load(handle)
        policies = spec.get("policies", {})

        def substitute(value):
            if isinstance(value, str) and value.startswith("@"):
                return substitute(policies.get(value[1:], value))
            if isinstance(value, list):
                return [substitute(item) for item in value]
            if isinstance(value, dict):
                return {key: substitute(item) for key, item in value.items()}
            return value

        for case in spec["cases"]:
            request = dict(spec["base"])
            request.update(case.get("request", {}))
            if "identity" in case:
                request["identityPolicies"] = [{"Version": "2012-10-17", "Statement": case["identity"]}]
            if "condition" in case:
                request["identityPolicies"] = [{"Version": "2012-10-17", "Statement": {
                    "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": case["condition"]}}]
            if "context" in case:
                request["context"] = case["context"]
            request = substitute(request)
            write("FuzzSimulate", json.dumps(request))
            for field in ("identityPolicies", "resourcePolicy", "permissionsBoundary", "sessionPolicy", "endpointPolicy"):
                for policy in request.get(field, []) if isinstance(request.get(field), list) else [request.get(field)]:
                    if isinstance(policy, dict):
                        write("FuzzPolicy", json.dumps(policy))
    for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "*", "iam-get-*policy*.json"))):
        with open(path) as handle:
            text = handle.read()
        for document in re.findall(r'"PolicyDocument": (\{.*?\n {0,12}\})', text, re.S):
            write("FuzzPolicy", document)


def text_seeds():
    with open(os.path.join(ROOT, "Tests", "ECSMedicTests", "StoppedReason", "corpus.tsv")) as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(parts) >= 3:
                write("FuzzStoppedReason", parts[2])
    for path in sorted(glob.glob(os.path.join(ROOT, "rules", "*.yaml"))):
        with open(path) as handle:
            write("FuzzRuleYAML", handle.read())
    write("FuzzConfiguration", """defaults: {format: sarif, fail-on: warning, rules: [team-rules], skip-rule: [overbroad-policy], concurrency: 8}
severity: {overbroad-policy: error}
suppressions:
  - {rule: ssm-unreachable, resource: rtb-0abc, reason: "legacy VPC, moving in Q1", expires: 2027-01-31}
""")
    write("FuzzConfiguration", """defaults:
  format: json
  fail-on: error
  rule: [secrets-unreachable, ecr-unreachable]
severity:
  secret-not-found: warning
suppressions:
  - rule: overbroad-policy
    resource: arn:aws:iam::111122223333:role/app
    reason: &why "reviewed by security"
    expires: 2026-12-31
  - {rule: logs-unreachable, resource: "*", reason: *why, expires: 2027-06-30}
""")
    for path in sorted(glob.glob(os.path.join(ROOT, "fixtures", "*", "ecs-describe-task-definition.json")))[:10] \
            + sorted(glob.glob(os.path.join(ROOT, "fixtures", "td-check-files", "check", "*.json"))):
        with open(path, "rb") as handle:
            write("FuzzTaskDefinition", handle.read())
    # The documented expression forms, as the cluster query language's tests write them.
    with open(os.path.join(ROOT, "Tests", "ECSMedicTests", "Capacity", "ClusterQueryTests.swift")) as handle:
        for expression in re.findall(r'(?:holds|parse)\("((?:[^"\\]|\\.)*)"\)', handle.read()):
            write("FuzzClusterQuery", expression.replace('\\"', '"'))


if __name__ == "__main__":
    shutil.rmtree(OUT, ignore_errors=True)
    response_seeds()
    snapshot_seeds()
    iam_seeds()
    text_seeds()
    for target in sorted(os.listdir(OUT)):
        print(f"{target}: {len(os.listdir(os.path.join(OUT, target)))} seeds", file=sys.stderr)
