#!/usr/bin/env bash
# Builds the course book in English (docs/book), Thai (docs/book/th) and Traditional Chinese
# (docs/book/zh-TW), and fails on anything that would let it drift from the labs:
#   1. mdbook errors or warnings (e.g. an {{#include}} whose file is missing), any language;
#   2. an {{#include FILE:ANCHOR}} whose anchor is missing (mdbook stays silent on those);
#   3. include text left over in the generated HTML;
#   4. broken internal links (a file or a #fragment that does not exist), every language;
#   5. a PO file (po/LANG.po) that does not parse, or whose translated share of the
#      students' text falls below the minimum committed in check_po.py;
#   6. Markdown that rendered wrong: a table cell split by a `|` in code, a stray blockquote.
# Usage: docs/check.sh   (from anywhere; needs mdbook 0.4, mdbook-i18n-helpers 0.3,
# msgfmt from GNU gettext and python3)
set -uo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"

fail=0
log=$(mktemp)

pot=$(mktemp -d)
trap 'rm -rf "$log" "$pot"' EXIT

# build LABEL [mdbook build arguments]: one mdbook run, failing on errors and warnings.
build() {
    local label=$1
    shift
    echo "== mdbook build ($label)"
    if ! "$@" >"$log" 2>&1; then
        cat "$log"
        echo "check.sh: mdbook build ($label) failed"
        exit 1
    fi
    if grep -E '\[(ERROR|WARN)\]|^(ERROR|WARN|error|warning)' "$log"; then
        echo "check.sh: mdbook ($label) printed errors or warnings (above)"
        fail=1
    fi
}

started=$(date +%s%N)
build en mdbook build .
for lang in th zh-TW; do
    build "$lang" env MDBOOK_BOOK__LANGUAGE="$lang" mdbook build -d "book/$lang" .
done
echo "three languages built in $((($(date +%s%N) - started) / 1000000)) ms"

echo "== translations (po/*.po against the English text of now)"
build xgettext env MDBOOK_OUTPUT='{"xgettext": {"pot-file": "messages.pot"}}' \
    mdbook build -d "$pot" .
python3 check_po.py "$pot/messages.pot" po || fail=1

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
