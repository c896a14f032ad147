#!/usr/bin/env python
"""Django's command-line utility for Summit."""

import os
import sys
from pathlib import Path

EMBEDDED_SETTINGS = "summit.settings.base"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", EMBEDDED_SETTINGS)
    if os.environ["DJANGO_SETTINGS_MODULE"] == EMBEDDED_SETTINGS:
        # The running demo's settings (`make run` writes them; the environment still wins), so that
        # `manage.py events tail` in a second terminal talks to the demo's broker. Production
        # settings never read the file.
        from summit.settings.env import load_env_file

        var_dir = Path(os.environ.get("SUMMIT_VAR_DIR", Path(__file__).resolve().parent / "var"))
        load_env_file(var_dir / "demo.env")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
