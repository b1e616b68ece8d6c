#!/usr/bin/env python3
"""Validates rule files against rules/schema.json: validate-rules.py SCHEMA FILE... ; prints one line per problem."""
import json
import sys

import jsonschema
import yaml


def main() -> int:
    schema = json.load(open(sys.argv[1]))
    validator = jsonschema.Draft202012Validator(schema)
    problems = 0
    for path in sys.argv[2:]:
        document = yaml.safe_load(open(path))
        for error in validator.iter_errors(document):
            location = "/".join(str(part) for part in error.path) or "(root)"
            print(f"{path}: {location}: {error.message}")
            problems += 1
    print(f"{len(sys.argv) - 2 - problems if problems == 0 else 0} valid, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
