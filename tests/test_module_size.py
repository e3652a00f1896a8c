"""No module of the project's own code passes ~500 lines (migrations and vendored libraries
aside): past that, a file is asking to be split by meaning (README, "What is here")."""

from pathlib import Path

from django.conf import settings

LIMIT = 500
OWN = ("*.py", "static/js/*.js", "static/css/*.css", "templates/**/*.html")
SKIPPED = {".venv", "var", "node_modules", "migrations", "vendor", ".git"}


def own_files():
    root = Path(settings.BASE_DIR)
    for pattern in OWN:
        for path in root.glob(pattern if "/" in pattern else f"**/{pattern}"):
            if not SKIPPED.intersection(path.relative_to(root).parts):
                yield path


def test_no_module_passes_500_lines():
    files = list(own_files())
    assert len(files) > 200 and any(f.suffix == ".js" for f in files)  # the walk found them
    long = {
        str(path.relative_to(settings.BASE_DIR)): n
        for path in files
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert long == {}, "split these by meaning"
