#!/usr/bin/env python3
"""Compare re-retrieved real texts with the fingerprints of a sources table.

usage: scripts/check-real-texts.py SOURCES.md TEXTS_DIR

SOURCES.md is a Markdown table whose rows start | file | url | date | title | fingerprint | length |
(eval/real/SOURCES-extra.md). Each text file holds header lines, a blank line, then the body. The body
matches when the first 16 hex digits of SHA-256 over its whitespace-collapsed form (UTF-8) equal the
fingerprint. Prints each file that is missing or differs and a total; exits 1 unless all match.
"""
import hashlib
import pathlib
import re
import sys


def expected(sources):
    table = {}
    for line in pathlib.Path(sources).read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 6 and re.fullmatch(r"[a-z]\d{3}\.txt", cells[0]):
            table[cells[0]] = cells[4]
    return table


def fingerprint(path):
    body = path.read_text(encoding="utf-8").split("\n\n", 1)
    flat = " ".join((body[1] if len(body) > 1 else "").split())
    return hashlib.sha256(flat.encode("utf-8")).hexdigest()[:16]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    table = expected(argv[1])
    folder = pathlib.Path(argv[2])
    counts = {"match": 0, "differ": 0, "missing": 0}
    for name, want in sorted(table.items()):
        path = folder / name
        if not path.exists():
            print(f"{name}: missing")
            counts["missing"] += 1
            continue
        got = fingerprint(path)
        if got == want:
            counts["match"] += 1
        else:
            print(f"{name}: differs (fingerprint {got}, expected {want})")
            counts["differ"] += 1
    print(f"{counts['match']} match, {counts['differ']} differ, {counts['missing']} missing, of {len(table)}")
    return 0 if counts["match"] == len(table) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
