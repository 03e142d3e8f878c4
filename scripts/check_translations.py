#!/usr/bin/env python
"""Fail when a Dutch catalogue is behind the code.

The project catalogue (locale/) holds the shared templates and settings; each app
may keep its own (<app>/locale/). For every one of them:
1. every translatable string in the code is in it (re-extracted with makemessages);
2. every entry has a Dutch translation, and none is fuzzy;
3. the compiled .mo holds exactly what the .po says, so a fresh clone shows Dutch.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
MAKEMESSAGES = [
    sys.executable, "manage.py", "makemessages", "--locale", "nl", "--no-location",
    "--ignore", "tests/*", "--ignore", "bench/*", "--ignore", "staticfiles/*",
]


def catalogues() -> list[Path]:
    found = [BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po"]
    found += sorted(BASE_DIR.glob("*/locale/nl/LC_MESSAGES/django.po"))
    return [path for path in found if ".venv" not in path.parts]


def keys(catalogue):
    return {(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete}


def entries(catalogue):
    return {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in catalogue
        if e.msgid and not e.obsolete and (e.msgstr or any(e.msgstr_plural.values()))
        and "fuzzy" not in e.flags
    }


def check(po: Path, extracted) -> list[str]:
    name = po.relative_to(BASE_DIR)
    problems = []
    committed = polib.pofile(str(po))
    for _ctxt, msgid in sorted(keys(extracted) - keys(committed), key=str):
        problems.append(f"{name}: not in the catalogue (run `make messages`): {msgid!r}")
    for _ctxt, msgid in sorted(keys(committed) - keys(extracted), key=str):
        problems.append(f"{name}: no longer in the code (run `make messages`): {msgid!r}")
    for entry in committed:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{name}: fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            problems.append(f"{name}: no Dutch translation: {entry.msgid!r}")
    mo = po.with_suffix(".mo")
    if not mo.exists() or entries(polib.mofile(str(mo))) != entries(committed):
        problems.append(f"{name}: the .mo differs from the .po (run `make messages`)")
    return problems


def main() -> int:
    paths = catalogues()
    with tempfile.TemporaryDirectory() as backup:
        saved = {path: Path(backup) / f"{index}.po" for index, path in enumerate(paths)}
        for path, copy in saved.items():
            shutil.copy2(path, copy)
        try:
            subprocess.run(MAKEMESSAGES, cwd=BASE_DIR, check=True, capture_output=True)
            extracted = {path: polib.pofile(str(path)) for path in paths}
        finally:
            for path, copy in saved.items():
                shutil.copy2(copy, path)
    problems = [problem for path in paths for problem in check(path, extracted[path])]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    total = sum(len(entries(polib.pofile(str(path)))) for path in paths)
    print(f"Dutch catalogues complete: {total} entries in {len(paths)} catalogue(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
