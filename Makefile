# xiaoan — see README.md. `make demo` runs the demo; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://xiaoan:xiaoan@127.0.0.1:5432/xiaoan
# The suite runs with production settings (no debug), a throwaway key and its own data
# folder (one per suite, so the SQLite and PostgreSQL suites can run side by side).
TEST_DATA = test
TEST_ENV = SECRET_KEY=test-only-not-a-secret XIAOAN_DEBUG=0 XIAOAN_SECURE_COOKIES=0 \
	XIAOAN_DATA_DIR=$(CURDIR)/var/$(TEST_DATA) XIAOAN_TODAY= XIAOAN_WEBHOOK_URL= PYTHONHASHSEED=0

.PHONY: install demo serve test test-sqlite test-postgres test-e2e test-api-fuzz lint bench assets clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

# Production settings (no debug); the demo keeps its own key under var/ and pins the seed's day.
demo: install
	$(BIN)/xiaoan demo

test: install
	scripts/ensure-services
	@# the two database suites share the machine's cores; the browser tests run alone (they are timed)
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres
	$(MAKE) test-e2e test-api-fuzz

test-sqlite: install
	$(TEST_ENV) $(BIN)/pytest -q --ignore=tests/e2e

test-postgres: TEST_DATA = test-postgres
test-postgres: install
	$(TEST_ENV) DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -q --ignore=tests/e2e

test-e2e: install
	$(TEST_ENV) DJANGO_ALLOW_ASYNC_UNSAFE=1 $(BIN)/pytest -q tests/e2e

# schemathesis over the whole OpenAPI schema against a served demo city (scripts/api-fuzz)
test-api-fuzz: install
	BIN=$(BIN) scripts/api-fuzz

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy src/xiaoan
	$(TEST_ENV) $(BIN)/xiaoan check
	$(TEST_ENV) $(BIN)/xiaoan makemigrations --check --dry-run

# The benchmark suite (bench/README.md); SIZE=small|city|province (data kept per size).
SIZE ?= small
bench: install
	scripts/ensure-services
	scripts/bench $(SIZE)

# Re-fetch the vendored front-end packages from the npm registry (versions in static/vendor/README.md).
assets:
	scripts/vendor-assets

clean:
	rm -rf $(VENV) var
