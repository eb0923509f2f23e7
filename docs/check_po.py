#!/usr/bin/env python3
"""Checks the book's translations (std library only; msgfmt from GNU gettext).

For each language in MINIMUM: `po/LANG.po` must parse (`msgfmt --check`), and its share of
translated text must not fall below the minimum committed here. The share is counted
against POT, the English text extracted from the book just now, so English that changed
since the last `msgmerge` counts as untranslated. Only what students read counts: text
found only in the instructor chapters (src/instructor/) may stay in English.
Usage: check_po.py POT PO_DIR. Prints one line per language; exit 1 on any failure.
"""
import ast
import os
import shutil
import subprocess
import sys

# The committed translated share, in percent of the students' text, per language. Both
# translations covered 99.9% when this was set; the margin leaves room for English that
# changes before the translators catch up (run `msgmerge`, see instructor/translations.md).
MINIMUM = {"th": 95.0, "zh-TW": 95.0}

INSTRUCTOR = "src/instructor/"


def entries(path):
    """(msgctxt, msgid) -> (msgstr list, flags, references) of every live entry."""
    found = {}
    entry = {}
    field = None

    def finish():
        if "msgid" in entry and entry["msgid"] != "":
            key = (entry.get("msgctxt"), entry["msgid"])
            strs = [v for k, v in entry.items() if k.startswith("msgstr")]
            found[key] = (strs, entry.get("flags", set()), entry.get("refs", []))

    with open(path, encoding="utf-8") as po:
        for line in po:
            line = line.strip()
            if not line or line.startswith("#~"):
                if not line:
                    finish()
                    entry, field = {}, None
                continue
            if line.startswith("#,"):
                entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#:"):
                entry.setdefault("refs", []).extend(line[2:].split())
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[field] += ast.literal_eval(line)
            else:
                keyword, _, value = line.partition(" ")
                if keyword == "msgid" and "msgid" in entry:
                    finish()
                    entry = {}
                field = keyword
                entry[field] = ast.literal_eval(value)
    finish()
    return found


def for_students(refs):
    return any(not ref.startswith(INSTRUCTOR) for ref in refs)


def main(pot, po_dir):
    if shutil.which("msgfmt") is None:
        print("check_po: msgfmt not found: install GNU gettext (Debian: apt install gettext)")
        return 1
    english = {k: refs for k, (_, _, refs) in entries(pot).items() if for_students(refs)}
    failed = False
    for lang, minimum in MINIMUM.items():
        path = os.path.join(po_dir, lang + ".po")
        if not os.path.exists(path):
            print(f"{lang}: {path} is missing")
            failed = True
            continue
        check = subprocess.run(
            ["msgfmt", "--check", "-o", os.devnull, path], capture_output=True, text=True
        )
        if check.returncode != 0:
            print(f"{lang}: {path} does not parse:\n{check.stderr.strip()}")
            failed = True
            continue
        translated = entries(path)
        done = sum(
            1
            for key in english
            if key in translated
            and "fuzzy" not in translated[key][1]
            and all(s != "" for s in translated[key][0])
        )
        share = 100.0 * done / max(len(english), 1)
        verdict = "ok" if share >= minimum else f"BELOW the committed {minimum:.0f}%"
        print(f"{lang}: {done}/{len(english)} messages translated ({share:.1f}%): {verdict}")
        failed |= share < minimum
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: check_po.py POT PO_DIR")
    sys.exit(main(sys.argv[1], sys.argv[2]))
