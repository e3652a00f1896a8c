"""Apps depend downward only (DESIGN.md): areas ← accounts ← models_registry ← patrols ←
awards ← reports. Every import in an app's code, at module level or inside a function, is
checked against that order; an app above is reached through the registries its apps fill in
(``models_registry.panels``, ``awards.achievements``), never imported."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["areas", "accounts", "models_registry", "patrols", "awards", "reports"]
# (app, imported module prefix) → why it may be imported from below.
_SCOPED_BASES = (
    "the scoped view, form and API bases that every app's pages use (the one scoping "
    "mechanism); the units' own models and scoping (areas.scoping) import nothing above"
)
ALLOWED: dict[tuple[str, str], str] = {
    ("areas", "accounts.mixins"): _SCOPED_BASES,
    ("areas", "accounts.forms"): _SCOPED_BASES,
    ("areas", "accounts.api"): _SCOPED_BASES,
}


def _allowed(app: str, module: str) -> bool:
    return any(
        app == allowed_app and (module == prefix or module.startswith(prefix + "."))
        for allowed_app, prefix in ALLOWED
    )


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


@pytest.mark.parametrize("app", LAYERS)
def test_apps_import_only_the_apps_below(app):
    rank = LAYERS.index(app)
    above = set(LAYERS[rank + 1 :])
    wrong = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for line, module in _imports(path):
            top = module.split(".")[0]
            if top in above and not _allowed(app, module):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert wrong == [], "imports from an app above:\n" + "\n".join(wrong)
