#!/usr/bin/env python3
"""PMapper's local evaluator on ecs-medic's decision cases (Tests/ECSMedicTests/IAM/DecisionCases/*.json): each case
expanded as DecisionCase.swift expands it, handed to principalmapper.querying.query_interface
.local_check_authorization_full, its allow/deny compared with the case's documented decision. Every disagreement is
printed with the request features PMapper cannot express, which is how docs/iam.md explains them.

Usage (from the repository root, PMapper installed as for compare-pmapper.py):
    .venv/bin/python Benchmarks/scripts/pmapper-decision-cases.py [--all]
"""
import argparse
import collections
import collections.abc
import copy
import glob
import json
import os
import signal
import sys

# principalmapper 1.1.5 still imports collections.Mapping, gone since Python 3.10.
for name in ("Mapping", "MutableMapping", "Sequence", "Iterable"):
    if not hasattr(collections, name):
        setattr(collections, name, getattr(collections.abc, name))

from principalmapper.common import Node, Policy  # noqa: E402
from principalmapper.querying.query_interface import local_check_authorization_full  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
CASES = os.path.join(ROOT, "Tests", "ECSMedicTests", "IAM", "DecisionCases")


def substitute(value, policies):
    if isinstance(value, str) and value.startswith("@") and value[1:] in policies:
        return substitute(policies[value[1:]], policies)
    if isinstance(value, list):
        return [substitute(v, policies) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, policies) for k, v in value.items()}
    return value


def cases():
    """(topic file, case name, request, expected decision) in file order, expanded as DecisionCase.swift does."""
    for path in sorted(glob.glob(os.path.join(CASES, "*.json"))):
        with open(path) as handle:
            topic = json.load(handle)
        policies = topic.get("policies", {})
        for index, raw in enumerate(topic["cases"]):
            request = copy.deepcopy(topic["base"])
            request.update(raw.get("request", {}))
            if "identity" in raw:
                request["identityPolicies"] = [{"Version": "2012-10-17", "Statement": raw["identity"]}]
            if "condition" in raw:
                request["identityPolicies"] = [{"Version": "2012-10-17", "Statement": {
                    "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": raw["condition"]}}]
            if "context" in raw:
                request["context"] = raw["context"]
            yield (os.path.basename(path), raw.get("name", f"case {index}"), substitute(request, policies),
                   raw.get("expect"))


def principal_kind(principal):
    if not principal:
        return "anonymous"
    if not principal.startswith("arn:"):
        return "service"
    resource = principal.split(":", 5)[5] if principal.count(":") >= 5 else ""
    if ":sts:" in principal and resource.startswith("assumed-role/"):
        return "session"
    for prefix in ("role/", "user/", "root", "federated-user/", "oidc-provider/", "saml-provider/"):
        if resource.startswith(prefix):
            return prefix.rstrip("/")
    return "other"


def features(request):
    """What the request uses that PMapper 1.1.5's local evaluator does not take or does not model."""
    found = []
    kind = principal_kind(request.get("principal"))
    if kind not in ("role", "user"):
        found.append(f"principal: {kind}")
    for field in ("resourceControlPolicies", "endpointPolicy"):
        if request.get(field):
            found.append(field)
    for flag in ("serviceLinkedRole", "managementAccount", "awsManagedResource"):
        if request.get(flag):
            found.append(flag)
    if request.get("serviceControlPolicies"):
        found.append("serviceControlPolicies")
    if request.get("sessionPolicy"):
        found.append("sessionPolicy")
    resource_policy = json.dumps(request.get("resourcePolicy") or {})
    if "NotPrincipal" in resource_policy:
        found.append("NotPrincipal")
    if "assumed-role/" in resource_policy:
        found.append("resource policy names a session")
    resource = request.get("resource", "")
    if resource != "*" and ("*" in resource or "?" in resource):
        found.append("request resource is a pattern")
    if request.get("action", "").lower() == "sts:getcalleridentity":
        found.append("sts:GetCallerIdentity")
    return found


def pmapper_node(request):
    """The user or role node PMapper needs; a session stands for its role (PMapper has no session principals)."""
    principal = request.get("principal") or ""
    kind = principal_kind(principal)
    if kind == "session":
        account = principal.split(":")[4]
        principal = f"arn:aws:iam::{account}:role/{principal.split(':', 5)[5].split('/')[1]}"
    elif kind not in ("role", "user"):
        return None
    account = principal.split(":")[4]
    policies = [Policy(f"arn:aws:iam::{account}:policy/identity-{i}", f"identity-{i}", doc)
                for i, doc in enumerate(request.get("identityPolicies") or [])]
    boundary = request.get("permissionsBoundary")
    boundary = Policy(f"arn:aws:iam::{account}:policy/boundary", "boundary", boundary) if boundary else None
    trust = {"Version": "2012-10-17", "Statement": []} if ":role/" in principal else None
    return Node(principal, "AIDAEXAMPLEEXAMPLE", policies, [], trust, None, 0, False, False, boundary, False, {})


class Timeout(Exception):
    pass


def on_timer(signum, frame):
    raise Timeout()


def pmapper_answer(request, cpu_limit):
    """True/False, or a reason PMapper could not be asked or did not answer within `cpu_limit` CPU-seconds."""
    node = pmapper_node(request)
    if node is None:
        return "not expressible (PMapper evaluates IAM users and roles only)"
    resource = request.get("resource", "*")
    resource_policy = request.get("resourcePolicy")
    owner = request.get("resourceAccount")
    if resource_policy is not None and owner is None:
        parts = resource.split(":")
        owner = parts[4] if len(parts) > 4 and parts[4] else node.arn.split(":")[4]
    scps = [[Policy(f"scp-{i}-{j}", f"scp-{i}-{j}", doc) for j, doc in enumerate(level.get("policies", []))]
            for i, level in enumerate(request.get("serviceControlPolicies") or [])]
    signal.setitimer(signal.ITIMER_VIRTUAL, cpu_limit)
    try:
        return local_check_authorization_full(node, request["action"], resource, request.get("context") or {},
                                              resource_policy=resource_policy, resource_owner=owner,
                                              service_control_policy_groups=scps or None,
                                              session_policy=request.get("sessionPolicy"))
    except Timeout:
        return f"no answer within {cpu_limit:g} CPU-seconds"
    except Exception as error:  # PMapper raises on inputs it does not handle
        return f"error: {type(error).__name__}: {error}"
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="print every case, not only disagreements")
    parser.add_argument("--cpu-limit", type=float, default=2.0, help="CPU-seconds PMapper gets per case")
    arguments = parser.parse_args()
    signal.signal(signal.SIGVTALRM, on_timer)
    total = agree = 0
    by_feature = collections.Counter()
    for topic, name, request, expect in cases():
        total += 1
        answer = pmapper_answer(request, arguments.cpu_limit)
        expected = expect == "allowed"
        same = answer is expected
        agree += same
        if same and not arguments.all:
            continue
        why = features(request)
        for feature in why or ["(none of the listed features)"]:
            by_feature[feature] += 0 if same else 1
        shown = answer if isinstance(answer, str) else ("allowed" if answer else "denied")
        print(f"{'same' if same else 'DIFF'}\t{topic}\t{name}\texpected {expect}\tPMapper {shown}\t{', '.join(why)}", flush=True)
    print(f"PMapper 1.1.5 agrees with the documented decision on {agree}/{total} cases", file=sys.stderr)
    for feature, count in by_feature.most_common():
        print(f"  {count:4d} disagreements with {feature}", file=sys.stderr)


if __name__ == "__main__":
    main()
