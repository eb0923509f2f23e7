#!/usr/bin/env python3
"""Checks the internal links of the built book (std library only).

For every `href="..."` in `BOOK_DIR/**/*.html` that is relative (not http:, https:,
mailto:, or a bare `#fragment`... which is checked too, against the same page), resolve it
against the page's folder and check that the file exists and, when there is a
`#fragment`, that the target page has an element with that id (or a named anchor).
Usage: check_links.py BOOK_DIR. Exit 1 and one line per broken link on failure.
"""
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

SKIP_DIRS = {"FontAwesome", "fonts", "css", "highlight.js"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []  # (line, href)
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value is None:
                continue
            if key == "id" or (tag == "a" and key == "name"):
                self.ids.add(value)
            if key == "href" and tag in ("a", "link", "area"):
                self.links.append((self.getpos()[0], value))


_cache = {}


def parse(path):
    if path not in _cache:
        page = Page()
        with open(path, encoding="utf-8", errors="replace") as f:
            page.feed(f.read())
        _cache[path] = page
    return _cache[path]


def is_external(href):
    scheme = urlsplit(href).scheme.lower()
    return scheme in ("http", "https", "mailto", "ftp", "data", "javascript", "tel")


def check(book):
    problems = []
    checked = 0
    for root, dirs, files in os.walk(book):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            page_path = os.path.join(root, name)
            page = parse(page_path)
            for line, href in page.links:
                if not href or is_external(href):
                    continue
                checked += 1
                parts = urlsplit(href)
                if parts.path:
                    target = os.path.normpath(os.path.join(root, unquote(parts.path)))
                    if os.path.isdir(target):
                        target = os.path.join(target, "index.html")
                else:
                    target = page_path  # "#fragment" on this page
                rel = os.path.relpath(page_path, book)
                if not os.path.exists(target):
                    problems.append(f"{rel}:{line}: broken link {href!r}: no such file")
                    continue
                frag = unquote(parts.fragment)
                if frag and target.endswith(".html") and frag not in parse(target).ids:
                    problems.append(f"{rel}:{line}: broken link {href!r}: no id {frag!r}")
    return checked, problems


def main():
    book = sys.argv[1] if len(sys.argv) > 1 else "book"
    if not os.path.isdir(book):
        print(f"check_links: {book} is not a directory (build the book first)")
        return 1
    checked, problems = check(book)
    for p in problems:
        print(f"check_links: {p}")
    if problems:
        print(f"check_links: {len(problems)} broken link(s) of {checked}")
        return 1
    print(f"check_links: {checked} internal links, all fine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
