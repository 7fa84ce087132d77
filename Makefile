# Gonghui — every public target works on a fresh Debian 12 machine: it installs the system packages it
# needs (scripts/system-packages.sh), creates .venv and installs the project into it.
#
#   make demo    build the demo data and serve it        (DEMO_ARGS="--no-serve --seed 7 --port 8001 ...")
#   make serve   serve the existing data directory       (SERVE_ARGS="--host 0.0.0.0 --port 8000 ...")
#   make test    lint, type-check, migrations check, whole pytest suite incl. browser tests (SQLite)
#   make lint    ruff check, ruff format --check, mypy
#   make bench   benchmarks/run.py on SQLite, then on a throwaway PostgreSQL  (BENCH_ARGS="...")
#   make samples regenerate docs/samples (one work summary per union kind, from a fresh demo)
#
# Internal: venv, system-packages, migrations-check, format, clean, distclean.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENV_PY := $(BIN)/python
# Re-install only when pyproject.toml is newer than this stamp (deleting .venv starts over).
STAMP := $(VENV)/.gonghui-installed

DEMO_ARGS ?=
SERVE_ARGS ?=
PYTEST_ARGS ?=
BENCH_ARGS ?=

# Tests, mypy (django-stubs imports the settings) and the migrations check write into their own data
# directory, never ./gonghui-data; and `make test` is the SQLite leg, whatever DATABASE_URL the shell has.
TEST_DATA_DIR := $(CURDIR)/.pytest-data
TEST_ENV := env -u DATABASE_URL DJANGO_SETTINGS_MODULE=gonghui.settings GONGHUI_DATA_DIR=$(TEST_DATA_DIR)

.PHONY: help demo serve test lint bench samples venv system-packages migrations-check format clean distclean

help:
	@sed -n '1,/^$$/p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

# ---- public targets --------------------------------------------------------------------------------

demo: system-packages venv
	$(BIN)/gonghui demo $(DEMO_ARGS)

serve: system-packages venv
	$(BIN)/gonghui serve $(SERVE_ARGS)

test: system-packages venv
	$(TEST_ENV) $(BIN)/ruff check .
	$(TEST_ENV) $(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy gonghui benchmarks
	$(TEST_ENV) $(VENV_PY) -m django makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(TEST_ENV) $(BIN)/ruff check .
	$(TEST_ENV) $(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy gonghui benchmarks

bench: system-packages venv
	@test -f benchmarks/run.py || { echo "make bench: benchmarks/run.py does not exist (yet)" >&2; exit 1; }
	env -u DATABASE_URL $(VENV_PY) benchmarks/run.py --db sqlite $(BENCH_ARGS)
	PG_DURABLE=1 scripts/with-postgres.sh $(VENV_PY) benchmarks/run.py --db postgres $(BENCH_ARGS)

samples: system-packages venv
	@scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	env -u DATABASE_URL GONGHUI_DATA_DIR=$$scratch $(BIN)/gonghui manage migrate -v0 && \
	env -u DATABASE_URL GONGHUI_DATA_DIR=$$scratch $(BIN)/gonghui manage summary_samples docs/samples

# ---- internal targets ------------------------------------------------------------------------------

system-packages:
	@bash scripts/system-packages.sh

venv: $(STAMP)

$(VENV_PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV_PY)
	$(VENV_PY) -m pip install --disable-pip-version-check --progress-bar off -q -e '.[dev]'
	@touch $@

migrations-check: venv
	$(TEST_ENV) $(VENV_PY) -m django makemigrations --check --dry-run

# Rewrite files in place: ruff's import sorting/autofixes, then the formatter.
format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf .pytest-data test-artifacts .mypy_cache .ruff_cache build dist
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info
