"""Apps depend downward only (DESIGN.md): areas ← accounts ← models_registry ← patrols ←
awards ← reports — by import, by foreign key, by migration dependency and by callback, with no
exception. A page that needs two layers lives in the higher one (README, "Layers")."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["areas", "accounts", "models_registry", "patrols", "awards", "reports"]
# Calls through which code registers itself with another module (a callback).
REGISTERING = {"append", "extend", "insert", "register", "connect", "add", "update", "setdefault"}


def _rank(app: str) -> int:
    return LAYERS.index(app)


def _above(app: str) -> set[str]:
    return set(LAYERS[_rank(app) + 1 :])


def _code(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, alias.asname or alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield node.lineno, node.module, alias.asname or alias.name


@pytest.mark.parametrize("app", LAYERS)
def test_apps_import_only_the_apps_below(app):
    wrong = []
    for path, tree in _code(app):
        for line, module, _name in _imports(tree):
            if module.split(".")[0] in _above(app):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert wrong == [], "imports from an app above:\n" + "\n".join(wrong)


@pytest.mark.parametrize("app", LAYERS)
def test_foreign_keys_point_only_to_the_apps_below(app):
    wrong = []
    for model in apps.get_app_config(app).get_models():
        for field in model._meta.get_fields(include_hidden=True):
            if not (field.is_relation and field.concrete) or field.related_model is None:
                continue
            target = field.related_model._meta.app_label
            if target in _above(app):
                wrong.append(
                    f"{model._meta.label}.{field.name} → {field.related_model._meta.label}"
                )
        for field in model._meta.many_to_many:
            target = field.related_model._meta.app_label
            if target in _above(app):
                wrong.append(
                    f"{model._meta.label}.{field.name} → {field.related_model._meta.label}"
                )
    assert wrong == [], "foreign keys to an app above:\n" + "\n".join(wrong)


@pytest.mark.parametrize("app", LAYERS)
def test_migrations_depend_only_on_the_apps_below(app):
    from django.conf import settings

    user_app = settings.AUTH_USER_MODEL.split(".")[0]
    loader = MigrationLoader(None, ignore_no_migrations=True)
    wrong = []
    for (label, name), migration in loader.disk_migrations.items():
        if label != app:
            continue
        for dependency_app, dependency in migration.dependencies:
            target = user_app if dependency_app == "__setting__" else dependency_app
            if target in _above(app):
                wrong.append(f"{label}.{name} depends on {target}.{dependency}")
        for before_app, before in getattr(migration, "run_before", []):
            if before_app in LAYERS and _rank(before_app) < _rank(app):
                wrong.append(f"{label}.{name} runs before {before_app}.{before}")
    assert wrong == [], "migration dependencies on an app above:\n" + "\n".join(wrong)


def _is_below(value: ast.expr, lower_names: set[str], below: set[str]) -> bool:
    """Whether ``value`` names something of an app below: a name imported from it (a model, a
    signal), or a model's label written as a string ("patrols.Shift")."""
    if isinstance(value, ast.Name):
        return value.id in lower_names
    if isinstance(value, ast.Attribute):  # lower_module.Model, lower_module.signal
        return _is_below(value.value, lower_names, below)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value.split(".")[0] in below and "." in value.value
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):  # @receiver([signal_a, signal_b])
        return any(_is_below(item, lower_names, below) for item in value.elts)
    return False


def upward_callbacks(tree: ast.AST, below: set[str]) -> list[tuple[int, str]]:
    """The callbacks ``tree`` (a module of an app) registers with the apps ``below`` it:

    - ``registry.append(f)`` / ``.register`` / ``.connect`` … on a module-level name
      imported from an app below (a hook list filled from above);
    - ``signal.connect(handler, sender=X)`` and ``@receiver(signal, sender=X)`` where ``X``
      is a model of an app below (imported, or its label as a string, "patrols.Shift");
    - ``@receiver(signal)`` / ``receiver(signal)(f)`` where the signal itself is imported
      from an app below (a lower app's own signal, answered from above)."""
    lower_names = {name for _line, module, name in _imports(tree) if module.split(".")[0] in below}
    wrong = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        sender = next((k.value for k in node.keywords if k.arg == "sender"), None)
        if isinstance(func, ast.Attribute):
            target = func.value
            if (
                func.attr in REGISTERING
                and isinstance(target, ast.Name)
                and target.id in lower_names
                and target.id[0].islower()  # a module-level registry, not a model class
            ):
                wrong.append((node.lineno, f"{target.id}.{func.attr}()"))
            if (
                func.attr == "connect"
                and sender is not None
                and _is_below(sender, lower_names, below)
            ):
                wrong.append((node.lineno, f"a receiver on {ast.unparse(sender)}"))
        is_receiver = (isinstance(func, ast.Name) and func.id == "receiver") or (
            isinstance(func, ast.Attribute) and func.attr == "receiver"
        )
        if is_receiver:
            if sender is not None and _is_below(sender, lower_names, below):
                wrong.append((node.lineno, f"@receiver on {ast.unparse(sender)}"))
            if node.args and _is_below(node.args[0], lower_names, below):
                wrong.append((node.lineno, f"@receiver({ast.unparse(node.args[0])})"))
    return sorted(wrong)  # in the order of the source


@pytest.mark.parametrize("app", LAYERS)
def test_no_app_registers_code_with_an_app_below(app):
    """A callback registered from above (a hook list filled in ``ready()``, a signal receiver
    on a lower app's model or a lower app's signal) is a dependency the imports do not show:
    none is allowed."""
    below = set(LAYERS[: _rank(app)])
    wrong = [
        f"{path.relative_to(ROOT)}:{line} {what}"
        for path, tree in _code(app)
        for line, what in upward_callbacks(tree, below)
    ]
    assert wrong == [], "callbacks registered with an app below:\n" + "\n".join(wrong)


UPWARD = """
from django.db.models.signals import post_save
from django.dispatch import receiver
from models_registry.models import Person
from models_registry import hooks
from models_registry.signals import month_confirmed
from reports.models import ReviewReport

@receiver(post_save, sender=Person)
def a(sender, **kwargs): ...

@receiver(post_save, sender="patrols.Shift")
def b(sender, **kwargs): ...

@receiver(month_confirmed)
def c(sender, **kwargs): ...

post_save.connect(a, sender="models_registry.Camera")
post_save.connect(a, sender=Person)
hooks.append(a)

@receiver(post_save, sender=ReviewReport)  # its own app's model: allowed
def d(sender, **kwargs): ...

post_save.connect(d, sender="reports.ReviewReport")  # its own app: allowed
"""


def test_the_callback_check_catches_receivers_into_an_app_below():
    """The check itself, on a module of ``reports`` written to break the rule in each way it
    knows: every upward callback is caught, the app's own receivers are not."""
    found = upward_callbacks(ast.parse(UPWARD), set(LAYERS[: _rank("reports")]))
    assert [what for _line, what in found] == [
        "@receiver on Person",
        "@receiver on 'patrols.Shift'",
        "@receiver(month_confirmed)",
        "a receiver on 'models_registry.Camera'",
        "a receiver on Person",
        "hooks.append()",
    ]


@pytest.mark.parametrize("app", LAYERS)
def test_ready_touches_only_its_own_app(app):
    """``AppConfig.ready`` connects the app's own handlers, nothing of another of our apps."""
    path = ROOT / app / "apps.py"
    tree = ast.parse(path.read_text())
    others = set(LAYERS) - {app}
    wrong = [
        f"{path.relative_to(ROOT)}:{line} {module}"
        for line, module, _name in _imports(tree)
        if module.split(".")[0] in others
    ]
    assert wrong == []


# --- templates --------------------------------------------------------------------------

TEMPLATES = ROOT / "templates"
# The shared layout, and the error pages at the names Django looks for (areas/base/errors.py).
SHARED_TEMPLATES = (
    "base.html",
    "includes/",
    "registration/",
    "400.html",
    "403.html",
    "403_csrf.html",
    "404.html",
    "500.html",
)
URL_NAMESPACE = {
    "accounts": "accounts",
    "notifications": "accounts",
    "areas": "areas",
    "registry": "models_registry",
    "patrols": "patrols",
    "awards": "awards",
    "reports": "reports",
}
URL_TAG = re.compile(r"{%\s*url\s+['\"](\w+):")
LOAD_TAG = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
TEMPLATE_TAG = re.compile(r"{%\s*(?:include|extends)\s+['\"]([^'\"]+)['\"]")


def _tag_libraries() -> dict[str, str]:
    """Template tag library → the app that defines it."""
    return {
        path.stem: app
        for app in LAYERS
        for path in (ROOT / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def _template_app(name: str) -> str | None:
    top = name.split("/", 1)[0]
    return top if top in LAYERS else None


@pytest.mark.parametrize("app", LAYERS)
def test_templates_reach_only_the_apps_below(app):
    """An app's templates (``templates/<app>/``) link, load tags from and include only their
    own app and the apps below: a page that needs a higher app is that app's page."""
    libraries = _tag_libraries()
    wrong = []
    for path in sorted((TEMPLATES / app).rglob("*.html")):
        text = path.read_text()
        where = path.relative_to(ROOT)
        for namespace in URL_TAG.findall(text):
            if URL_NAMESPACE.get(namespace) in _above(app):
                wrong.append(f"{where} links to {namespace}:")
        for names in LOAD_TAG.findall(text):
            for name in names.split():
                if libraries.get(name) in _above(app):
                    wrong.append(f"{where} loads {name} ({libraries[name]})")
        for name in TEMPLATE_TAG.findall(text):
            if _template_app(name) in _above(app):
                wrong.append(f"{where} includes {name}")
    assert wrong == [], "templates reaching an app above:\n" + "\n".join(wrong)


@pytest.mark.parametrize("app", LAYERS)
def test_each_app_renders_its_own_templates(app):
    """The templates an app's code names are its own (or the shared layout): a view does not
    borrow a template from another app's folder, where that app's authors would not look."""
    wrong = []
    for path, tree in _code(app):
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            name = node.value
            if not name.endswith(".html") or " " in name or name.startswith(SHARED_TEMPLATES):
                continue
            if not name.startswith(f"{app}/"):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} renders {name}")
    assert wrong == [], "templates of another app:\n" + "\n".join(wrong)
