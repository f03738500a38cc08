# The two commands: `make run` and `make test` (shared/INTERFACES.md). Both set everything up.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# Test workers: one per core (pytest-xdist); PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= auto
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint typecheck layers migrations-check pytest bench demo clean

install: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

var:
	@mkdir -p var

run: install var
	$(BIN)/arrears manage migrate --noinput
	$(BIN)/arrears demo
	$(BIN)/arrears manage runserver $(HOST):$(PORT)

lint: $(PY_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(PY_STAMP)
	$(BIN)/mypy arrears

layers: $(PY_STAMP)
	$(BIN)/lint-imports

migrations-check: $(PY_STAMP) var
	$(BIN)/arrears manage makemigrations --check --dry-run

pytest: install var
	@scripts/browser-check
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test: install var lint typecheck layers migrations-check pytest

bench: install var
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
