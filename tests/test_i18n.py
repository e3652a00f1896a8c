"""The Vietnamese translation is complete, compiled, and covers every source string."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = [
    settings.BASE_DIR / "locale/vi/LC_MESSAGES/django.po",
    settings.BASE_DIR / "locale_thirdparty/vi/LC_MESSAGES/django.po",
]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parent.parent.parent.name)
def test_catalogue_is_complete_and_compiled(po_path: Path):
    po = polib.pofile(str(po_path))
    entries = [e for e in po if not e.obsolete]
    assert entries
    assert [e.msgid for e in entries if not e.translated()] == []
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    for entry in entries:
        if not entry.msgid_plural:
            key = (entry.msgctxt, entry.msgid)
            assert compiled.get(key) == entry.msgstr, f"stale .mo for {key!r}; run make messages"


def test_every_source_string_is_in_the_catalogue(tmp_path):
    """`make messages` would add nothing: every gettext string in the code is translated."""
    if shutil.which("xgettext") is None:
        pytest.fail("gettext is not installed (make test installs it)")
    base = settings.BASE_DIR
    copy = tmp_path / "src"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "tests", "__pycache__", "node_modules"
        ),
    )
    env = {**os.environ, "VAR_DIR": str(settings.VAR_DIR)}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-obsolete",
            "--no-location",
            "--ignore=var",
            "--ignore=tests",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(copy / "locale/vi/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in fresh if not e.obsolete and not e.translated()]
    assert missing == [], f"untranslated strings; run `make messages` and translate: {missing}"


def test_translation_functions_keep_names_makemessages_knows():
    """``makemessages`` extracts ``_``, ``gettext``, ``gettext_lazy``, ``pgettext_lazy`` …
    by name: an import under another alias (``gettext_lazy as _l``) hides its strings."""
    import re

    allowed = {"_"}
    pattern = re.compile(r"from django\.utils\.translation import .*\b(\w+) as (\w+)")
    offenders = []
    for path in settings.BASE_DIR.rglob("*.py"):
        if any(part in {".venv", "var", "node_modules"} for part in path.parts):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            match = pattern.search(line)
            if match and match.group(2) not in allowed:
                offenders.append(f"{path}: {line.strip()}")
    assert not offenders, offenders
