#!/usr/bin/env python3
"""json_validate.py SCHEMA FILE [--lines]: FILE (one JSON document, or with
--lines one per line) validates against SCHEMA, itself checked against its
metaschema. Exit 0, or 1 with the first error of each failing document."""
import json
import sys

import jsonschema


def main():
    schema_path, path = sys.argv[1], sys.argv[2]
    lines = "--lines" in sys.argv[3:]
    schema = json.load(open(schema_path))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        # JSON is UTF-8 (RFC 8259): bytes that are not are a broken output
        print(f"{path}: not UTF-8 at byte {e.start}: {raw[max(0, e.start - 60):e.start + 20]!r}")
        return 1
    docs = [l for l in text.splitlines() if l.strip()] if lines else [text]
    if not docs:
        print(f"{path}: no JSON document")
        return 1
    bad = 0
    for n, doc in enumerate(docs, 1):
        try:
            inst = json.loads(doc)
        except ValueError as e:
            print(f"{path}:{n}: not JSON: {e}")
            bad += 1
            continue
        err = jsonschema.exceptions.best_match(validator.iter_errors(inst))
        if err is not None:
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{path}:{n}: /{where}: {err.message[:300]}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
