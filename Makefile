# Two commands for a new user: `make run` and `make test`. See README.md.
HOST ?= 127.0.0.1
PORT ?= 8000
PYTHON ?= python3.12

export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
export UV_PROJECT_ENVIRONMENT := .venv

# uv from the PATH, or installed with pip into .uv/ when it is missing.
UV := $(shell command -v uv 2>/dev/null || echo .uv/bin/uv)
MANAGE := .venv/bin/python manage.py

.PHONY: run test install install-dev browser lint format migrate demo serve bench bench-pages reset-demo-passwords clean mutation

.uv/bin/uv:
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet "uv>=0.9,<1"

# --inexact keeps the test tools if `make test` installed them: no reinstall churn.
install: | $(UV)
	$(UV) sync --frozen --no-dev --inexact

install-dev: | $(UV)
	$(UV) sync --frozen

browser:
	scripts/ensure-chromium

migrate:
	DEBUG=true $(MANAGE) migrate --no-input

demo:
	DEBUG=true $(MANAGE) load_demo --back-office-url http://$(HOST):$(PORT)/admin/

run: install migrate demo
	@echo "Serving at http://$(HOST):$(PORT)/ (back office at /admin/, API docs at /api/docs/)"
	DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

reset-demo-passwords: install
	DEBUG=true $(MANAGE) load_demo --reset-passwords --back-office-url http://$(HOST):$(PORT)/admin/

test: install-dev browser
	.venv/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install-dev
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Mutation testing of the rule modules (docs/testing.md). Results stay in mutants/, so a
# second run only retries what changed; MUTANTS narrows it, e.g. MUTANTS='core.text.*'.
MUTATION_JOBS ?= 1
MUTANTS ?=
mutation: install-dev
	.venv/bin/mutmut run --max-children $(MUTATION_JOBS) $(MUTANTS)
	.venv/bin/python scripts/mutation-scores
	.venv/bin/python scripts/mutation-properties

# SQLite; PostgreSQL too when DATABASE_URL names a bench_* database. See docs/performance.md.
bench: install
	.venv/bin/python bench/run.py $(BENCH_ARGS)

# Server time and weight of each public page type (SQLite). See docs/performance.md.
bench-pages: install
	.venv/bin/python bench/pages.py $(BENCH_ARGS)

clean:
	rm -rf .venv .uv staticfiles db.sqlite3 db.sqlite3-* mutants
