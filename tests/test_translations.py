"""Every text Summit shows has its French translation.

The French catalogue is edited by hand (see CONTRIBUTING.md), so a new text can land without one. This
test extracts the texts from a copy of the source the way `make messages` would and fails on any entry
that is untranslated or fuzzy, naming it.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_SOURCE = {".git", ".venv", ".venv-clients", "node_modules", "var", "htmlcov", "bench", "tests", "static"}


def _copy_of_the_source(destination: Path) -> None:
    for entry in ROOT.iterdir():
        if entry.name in NOT_SOURCE or entry.name.startswith("."):
            continue
        if entry.is_dir():
            shutil.copytree(entry, destination / entry.name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(entry, destination / entry.name)


def _entries(po_file: Path, *flags: str) -> list[str]:
    output = subprocess.run(
        ["msgattrib", *flags, "--no-wrap", str(po_file)], check=True, capture_output=True, text=True
    ).stdout
    msgids = [line.removeprefix("msgid ") for line in output.splitlines() if line.startswith('msgid "')]
    return [msgid for msgid in msgids if msgid != '""']


def test_every_text_has_a_french_translation(tmp_path):
    _copy_of_the_source(tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    catalogue = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    assert _entries(catalogue, "--untranslated", "--no-fuzzy") == []
    assert _entries(catalogue, "--only-fuzzy") == []
