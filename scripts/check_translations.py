#!/usr/bin/env python
"""Fail when the Dutch catalogue is behind the code.

1. Every translatable string in the code is in locale/nl (re-extracted with makemessages).
2. Every entry has a Dutch translation, and none is fuzzy.
3. The compiled .mo holds exactly what the .po says, so a fresh clone shows Dutch.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
PO = BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
MAKEMESSAGES = [
    sys.executable, "manage.py", "makemessages", "--locale", "nl", "--no-location",
    "--ignore", "tests/*", "--ignore", "bench/*", "--ignore", "staticfiles/*",
]


def keys(catalogue):
    return {(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete}


def main() -> int:
    problems = []
    committed = polib.pofile(str(PO))
    with tempfile.TemporaryDirectory() as backup:
        saved = Path(backup) / "django.po"
        shutil.copy2(PO, saved)
        try:
            subprocess.run(MAKEMESSAGES, cwd=BASE_DIR, check=True, capture_output=True)
            extracted = polib.pofile(str(PO))
        finally:
            shutil.copy2(saved, PO)
    for _ctxt, msgid in sorted(keys(extracted) - keys(committed), key=str):
        problems.append(f"not in the catalogue (run `make messages`): {msgid!r}")
    for _ctxt, msgid in sorted(keys(committed) - keys(extracted), key=str):
        problems.append(f"no longer in the code (run `make messages`): {msgid!r}")
    for entry in committed:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            problems.append(f"no Dutch translation: {entry.msgid!r}")
    compiled = polib.mofile(str(MO)) if MO.exists() else []
    as_compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
                   for e in compiled if e.msgid}
    as_written = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
                  for e in committed.translated_entries()}
    if as_compiled != as_written:
        problems.append("django.mo differs from django.po (run `make messages`)")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    print(f"Dutch catalogue complete: {len(as_written)} entries.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
