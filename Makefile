# Coworking Norge portal. `make run` sets everything up and serves the portal; `make test` checks it all.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# The settings read .env themselves (the tests never do), so make does not include it.
export

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py
# Production-like settings for `check --deploy` (values made up; nothing is served with them).
DEPLOY_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=deploy-check-$(shell head -c 48 /dev/urandom | base64 | tr -d '/+=\n') \
	DJANGO_ALLOWED_HOSTS=coworkingnorge.no EMAIL_URL=smtp+tls://user:password@smtp.example.org:587 \
	INVOICE_SELLER_ORGANISATION_NUMBER=999000002 INVOICE_SELLER_ACCOUNT=12345678903 \
	INVOICE_SELLER_ADDRESS="Postboks 1, 0101 Oslo"

.PHONY: help run test lint checks suites pytest pytest-postgres browser bench clean

help:
	@echo "make run    set up (venv, database, translations, founding hubs, demo content) and serve on 127.0.0.1:$(PORT)"
	@echo "make test   lint, Django checks, translations, the test suite (SQLite, PostgreSQL when DATABASE_URL says so), browser tests"
	@echo "make bench  the benchmark (see bench/README.md)"
	@echo "make lint   ruff and import-linter only"
	@echo "make pytest the suite on SQLite only; make pytest-postgres on DATABASE_URL's PostgreSQL only"
	@echo "make browser the browser tests only (Debian's chromium)"
	@echo "make clean  remove .venv and var/ (the local database, media and cache)"

$(VENV)/.run: pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --group run
	@touch $@

$(VENV)/.dev: $(VENV)/.run
	$(PY) -m pip install --quiet --group dev
	@touch $@

MO := locale/nb/LC_MESSAGES/django.mo
$(MO): locale/nb/LC_MESSAGES/django.po $(VENV)/.run
	DJANGO_DEBUG=1 $(MANAGE) translations

run: export DJANGO_DEBUG ?= 1
run: $(VENV)/.run $(MO)
	@test -f .env || { printf '%s\n' "# Written by make run: development settings, read by settings.py (so manage.py" \
		"# works by hand here). Variables set in the environment win. See .env.example." \
		"DJANGO_DEBUG=1" > .env; echo "Wrote .env (DJANGO_DEBUG=1) for manage.py by hand"; }
	$(MANAGE) migrate --noinput
	$(MANAGE) seed
	$(MANAGE) demo
	@echo "Serving Coworking Norge on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: export DJANGO_SETTINGS_MODULE = coworking_norge.settings_test
test: $(VENV)/.dev lint checks suites

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo

checks: export DJANGO_SETTINGS_MODULE = coworking_norge.settings_test
checks: $(VENV)/.dev
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	@echo "manage.py check --deploy --fail-level WARNING (production-like settings)"
	@env -u DJANGO_SETTINGS_MODULE -u DATABASE_URL $(DEPLOY_ENV) $(MANAGE) check --deploy --fail-level WARNING
	$(MANAGE) translations --check

# The suite on SQLite, then the browser tests, and, when DATABASE_URL points at PostgreSQL, the
# suite on PostgreSQL beside them (two processes for two cores; each test has its own media folder
# and in-memory caches). The PostgreSQL run's output is kept in var/ and printed once all are done;
# any failing fails.
suites: export DJANGO_SETTINGS_MODULE = coworking_norge.settings_test
suites: $(VENV)/.dev $(MO)
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		mkdir -p var; \
		( $(PY) -m pytest -m "not browser" -q > var/pytest-postgres.log 2>&1; \
		  echo $$? > var/pytest-postgres.rc ) & \
		echo "PostgreSQL run started in the background (var/pytest-postgres.log)"; \
		env -u DATABASE_URL $(PY) -m pytest -m "not browser" -q; sqlite=$$?; \
		$(MAKE) --no-print-directory browser; browser=$$?; \
		wait; echo "--- the same suite on PostgreSQL:"; cat var/pytest-postgres.log; \
		[ "$$sqlite" -eq 0 ] && [ "$$browser" -eq 0 ] && [ "$$(cat var/pytest-postgres.rc)" -eq 0 ]; \
	else $(MAKE) --no-print-directory pytest pytest-postgres browser; fi

# The suite on SQLite; browser tests run in their own step.
pytest: export DJANGO_SETTINGS_MODULE = coworking_norge.settings_test
pytest: $(VENV)/.dev $(MO)
	env -u DATABASE_URL $(PY) -m pytest -m "not browser" -q

# The same suite on PostgreSQL, when DATABASE_URL points at one.
pytest-postgres: export DJANGO_SETTINGS_MODULE = coworking_norge.settings_test
pytest-postgres: $(VENV)/.dev $(MO)
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		$(PY) -m pytest -m "not browser" -q; \
	else echo "DATABASE_URL does not point at PostgreSQL: PostgreSQL run skipped"; fi

browser: export DJANGO_SETTINGS_MODULE = coworking_norge.settings_test
browser: $(VENV)/.dev $(MO)
	@if [ -x /usr/bin/chromium ]; then \
		env -u DATABASE_URL $(PY) -m pytest -m browser -q; \
	else echo "No /usr/bin/chromium: browser tests skipped (apt-get install chromium)"; fi

bench: $(VENV)/.dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var
