#!/usr/bin/python3
"""validate_ninjs.py SCHEMA FILE... — validates ninjs files against IPTC's
official JSON Schema (draft 2020-12) with python3-jsonschema, formats
(date-time, uri) checked too.  Prints one line per invalid file with the
first error's path and message; exit 1 when any file is invalid."""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    bad = 0
    for path in sys.argv[2:]:
        doc = json.load(open(path, encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            bad += 1
            e = errors[0]
            print(f"{path}: {'/'.join(map(str, e.path)) or '(top)'}: {e.message}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
