# Two commands for a fresh clone: `make demo` runs the service with demo data,
# `make test` runs the whole suite against SQLite and PostgreSQL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo serve migrate test lint glossary roles bench bench-files bench-timeline bench-webhooks bench-retention

# Installs exactly what uv.lock pins (the project itself editable). --locked refuses a lock
# that no longer matches pyproject.toml: run `.venv/bin/uv lock` after changing dependencies.
# --inexact keeps uv itself, which is not in the lock.
$(BIN)/.installed: pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --upgrade uv
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --quiet --locked --inexact --compile-bytecode \
		--extra dev --extra otel --python $(BIN)/python
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/ordinavo demo

serve: install
	$(BIN)/ordinavo migrate
	$(BIN)/ordinavo serve

migrate: install
	$(BIN)/ordinavo migrate

test: install
	scripts/test

bench: install
	$(BIN)/python bench/portal_appointments.py

bench-files: install
	$(BIN)/python bench/attachment_downloads.py

bench-timeline: install
	$(BIN)/python bench/portal_timeline.py

bench-webhooks: install
	$(BIN)/python bench/webhooks.py

bench-retention: install
	$(BIN)/python bench/retention.py

lint: install
	$(BIN)/ruff check src tests features scripts bench
	$(BIN)/lint-imports

glossary: install
	$(BIN)/python scripts/step_glossary.py > docs/steps.md

roles: install
	$(BIN)/python scripts/role_matrix.py > docs/roles.md
