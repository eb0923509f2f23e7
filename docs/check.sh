#!/usr/bin/env bash
# Builds the course book and fails on anything that would let it drift from the labs:
#   1. mdbook errors or warnings (e.g. an {{#include}} whose file is missing);
#   2. an {{#include FILE:ANCHOR}} whose anchor is missing (mdbook stays silent on those);
#   3. include text left over in the generated HTML;
#   4. broken internal links (a file or a #fragment that does not exist);
#   5. Markdown that rendered wrong: a table cell split by a `|` in code, a stray blockquote.
# Usage: docs/check.sh   (from anywhere; needs mdbook 0.4 and python3)
set -uo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"

fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== mdbook build"
if ! mdbook build . >"$log" 2>&1; then
    cat "$log"
    echo "check.sh: mdbook build failed"
    exit 1
fi
if grep -E '\[(ERROR|WARN)\]|^(ERROR|WARN|error|warning)' "$log"; then
    echo "check.sh: mdbook printed errors or warnings (above)"
    fail=1
fi

echo "== includes and anchors"
python3 check_includes.py src || fail=1

echo "== leftover include text in the HTML"
if grep -rlE --include='*.html' '\{\{#(rustdoc_)?include [^}]+\}\}' book; then
    echo "check.sh: the pages above still hold {{#include ...}} text"
    fail=1
fi

echo "== internal links"
python3 check_links.py book || fail=1

echo "== tables and blockquotes as meant"
python3 check_render.py book || fail=1

if [ "$fail" -ne 0 ]; then
    echo "check.sh: FAILED"
    exit 1
fi
echo "check.sh: ok"
