"""Apps point one way: a lower app never imports a higher one, not even inside a function. The
order is read from top to bottom of LAYERS; apps in the same layer may import each other."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = (
    ("common",),
    ("events",),
    ("accounts",),
    ("conference",),
    ("webhooks",),
    ("cfp",),
    ("review", "office_hours"),
    ("schedule",),
    ("slides",),
    ("demo",),
    ("health",),
    ("summit",),
)
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}


def modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def imported_modules(path: Path):
    """Every absolute module name the file imports, at any depth (functions, `if TYPE_CHECKING`)."""
    package = list(path.relative_to(ROOT).parent.parts)  # what a relative import starts from
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                yield ".".join([*base, node.module] if node.module else base)
            else:
                yield node.module


def upward_imports() -> list[tuple[str, str, str]]:
    """(importing module, its app, the higher app it imports)."""
    found = []
    for app, rank in RANK.items():
        for path in modules(app):
            for name in imported_modules(path):
                target = name.split(".")[0]
                if RANK.get(target, -1) > rank:
                    found.append((str(path.relative_to(ROOT)), app, target))
    return found


def test_app_graph_checks_every_app():
    assert all((ROOT / app / "__init__.py").exists() for app in RANK)
    assert sum(1 for app in RANK for _ in modules(app)) > 100


def test_app_graph_no_app_imports_a_higher_one():
    assert upward_imports() == []
