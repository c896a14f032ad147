"""Reading settings from the environment: the one place that knows the variable formats."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from error


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from error


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def load_env_file(path: os.PathLike | str) -> None:
    """Sets each `NAME=value` line of `path` (if it exists) that the environment does not set
    already: `make run` writes the demo's settings to one (`var/demo.env`) so that a command run in
    another terminal reaches the same broker and database. Blank lines and `#` comments are skipped."""
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                name, equals, value = line.strip().partition("=")
                if equals and name and not name.startswith("#"):
                    os.environ.setdefault(name.strip(), value.strip())
    except FileNotFoundError:
        return
