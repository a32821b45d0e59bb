# Two commands on a fresh machine: `make run` (the app with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint

ASSETS := static/build/app.css

$(STAMP): pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	npm ci --silent --no-audit --no-fund
	touch $(STAMP)

# The NHS.UK design system and htmx come from npm and are built here, never committed.
$(ASSETS): $(STAMP) $(wildcard assets/scss/*.scss)
	npm run --silent build

install: $(STAMP) $(ASSETS)

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@echo "Sign in at http://127.0.0.1:8000/ (admin at http://127.0.0.1:8000/admin/)"
	@echo "as programme.office, office.<system>, partner.lead, chair, regulator or regulator.east."
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
