#!/usr/bin/env python3
"""Validates Sluice documents against the JSON Schemas their `$schema` names, with the
independent `jsonschema` package (Draft 2020-12), as an editor's JSON language service would.

usage: check-schemas.py FILE...      prints one line per file: "valid PATH" or "invalid PATH: POINTER: MESSAGE"
Exit status 0 when every schema itself is a valid Draft 2020-12 schema, 2 on usage or load errors.
"""
import json
import os
import sys

from jsonschema import Draft202012Validator


def pointer(path):
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path) if path else "/"


def main(files):
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    validators = {}
    for file in files:
        with open(file, encoding="utf-8") as handle:
            document = json.load(handle)
        schema_path = os.path.normpath(os.path.join(os.path.dirname(file), document["$schema"]))
        if schema_path not in validators:
            with open(schema_path, encoding="utf-8") as handle:
                schema = json.load(handle)
            Draft202012Validator.check_schema(schema)
            validators[schema_path] = Draft202012Validator(schema)
        errors = sorted(validators[schema_path].iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            print(f"invalid {file}: {pointer(list(errors[0].absolute_path))}: {errors[0].message}")
        else:
            print(f"valid {file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
