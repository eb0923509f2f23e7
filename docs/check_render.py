"""Finds Markdown that rendered into something else than its author meant, in the built HTML.

- A table cell holding a literal backtick: a `|` inside a code span (a `||` closure) split
  the cell, so the code span was cut in two. Write `\\|` inside the table instead.
- A blockquote right after a paragraph that stops mid-sentence: a wrapped line began with
  `>` ("> 4.1 ms") and became a quote. Reword so that no line starts with `>`.

Usage: python3 check_render.py BOOK_DIR   (exit 1 and one line per problem if any)
"""

import pathlib
import re
import sys

CELL = re.compile(r"<t([dh])[^>]*>(.*?)</t\1>", re.S)
CODE = re.compile(r"<code[^>]*>.*?</code>", re.S)
TAG = re.compile(r"<[^>]+>")
# A paragraph closed right before a blockquote opens.
QUOTE_AFTER_PARAGRAPH = re.compile(r"<p>((?:(?!<p>).)*?)</p>\s*<blockquote>", re.S)
SENTENCE_END = tuple(".:!?)\"'”…")


def text(html):
    return TAG.sub("", html).strip()


def problems(path, html):
    for match in CELL.finditer(html):
        cell = text(CODE.sub("", match.group(2)))
        if "`" in cell:
            yield f"{path}: table cell split inside a code span (a `|` in it?): {text(match.group(2))!r}"
    for match in QUOTE_AFTER_PARAGRAPH.finditer(html):
        before = text(match.group(1))
        if before and not before.endswith(SENTENCE_END):
            yield f"{path}: a blockquote interrupts a sentence (a line starting with `>`?) after: {before[-60:]!r}"


def main(book):
    found = []
    for page in sorted(pathlib.Path(book).rglob("*.html")):
        if page.name in ("print.html", "toc.html"):
            continue  # the same pages again
        found.extend(problems(page, page.read_text(encoding="utf-8")))
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "book"))
