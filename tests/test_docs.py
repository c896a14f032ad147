"""The documentation in the clone stays exact: every setting read from the environment is in the
README's settings table, and the architecture map names every local app."""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ENV_READERS = {"env_str", "env_bool", "env_int", "env_float", "env_list", "os.environ.get", "os.getenv"}


def _section(markdown: str, heading: str) -> str:
    start = markdown.index(f"\n{heading}\n")
    end = markdown.find("\n## ", start + len(heading) + 2)
    return markdown[start : end if end != -1 else None]


def environment_variables_read_by_settings() -> set[str]:
    names = set()
    for path in (ROOT / "summit" / "settings").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and ast.unparse(node.func) in ENV_READERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names.add(node.args[0].value)
    return names


def test_settings_reads_some_environment_variables():
    # Guards the parser above: if it found nothing, the next test would pass for the wrong reason.
    assert {"DATABASE_URL", "REDIS_URL", "SLIDES_S3_BUCKET"} <= environment_variables_read_by_settings()


def test_every_environment_variable_is_in_the_readme_settings_table():
    table = _section((ROOT / "README.md").read_text(), "## Settings")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))

    assert sorted(environment_variables_read_by_settings() - documented) == []


def test_docs_point_inside_the_repository():
    for name in ("README.md", "CONTRIBUTING.md", "docs/architecture.md"):
        assert "../shared" not in (ROOT / name).read_text(), name


def test_architecture_names_every_local_app():
    architecture = (ROOT / "docs" / "architecture.md").read_text()
    local_apps = [config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT]

    assert [name for name in local_apps if f"`{name}`" not in architecture] == []
