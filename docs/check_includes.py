#!/usr/bin/env python3
"""Checks every `{{#include FILE:ANCHOR}}` in the book's sources (std library only).

mdbook reports a missing *file*, but a missing *anchor* silently becomes an empty code
block. So: for every include with an anchor, the file must exist and hold both
`ANCHOR: name` and `ANCHOR_END: name`, in that order, with at least one line between.
Usage: check_includes.py SRC_DIR. Exit 1 and one line per problem on failure.
"""
import os
import re
import sys

INCLUDE = re.compile(r"\{\{#(?:include|rustdoc_include)\s+([^}\s]+)\s*\}\}")


def check(src_dir):
    problems = []
    count = 0
    for root, _dirs, files in os.walk(src_dir):
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            md = os.path.join(root, name)
            with open(md, encoding="utf-8") as f:
                text = f.read()
            for lineno, line in enumerate(text.splitlines(), 1):
                for m in INCLUDE.finditer(line):
                    count += 1
                    spec = m.group(1)
                    path, _, anchor = spec.partition(":")
                    target = os.path.normpath(os.path.join(root, path))
                    where = f"{os.path.relpath(md, src_dir)}:{lineno}"
                    if not os.path.isfile(target):
                        problems.append(f"{where}: include file not found: {path}")
                        continue
                    if not anchor or re.fullmatch(r"[0-9:]*", anchor):
                        continue  # whole file or a line range
                    with open(target, encoding="utf-8") as f:
                        lines = f.read().splitlines()
                    start = [i for i, l in enumerate(lines)
                             if re.search(r"ANCHOR:\s*" + re.escape(anchor) + r"\s*$", l)]
                    end = [i for i, l in enumerate(lines)
                           if re.search(r"ANCHOR_END:\s*" + re.escape(anchor) + r"\s*$", l)]
                    if not start:
                        problems.append(f"{where}: no `ANCHOR: {anchor}` in {path}")
                    elif not end:
                        problems.append(f"{where}: no `ANCHOR_END: {anchor}` in {path}")
                    elif end[0] <= start[0] + 1:
                        problems.append(f"{where}: anchor `{anchor}` in {path} is empty")
    return count, problems


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "src"
    count, problems = check(src)
    for p in problems:
        print(f"check_includes: {p}")
    if problems:
        print(f"check_includes: {len(problems)} broken include(s) of {count}")
        return 1
    print(f"check_includes: {count} includes, all anchors found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
