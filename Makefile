# Everything a developer runs. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Local settings, if any (see .env.example), reach manage.py through the environment.
-include .env
export

.DEFAULT_GOAL := help

.PHONY: help install run test lint check-deploy format bench bench-search bench-load messages compile serve-prod screenshots

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create the virtual environment with the pinned requirements

run: install ## Set up SQLite with the demo content and serve the site on http://127.0.0.1:8000/
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py createinitialrevisions --comment "Initial version." --verbosity 0
	@echo
	@$(BIN)/python manage.py create_demo_account
	@echo "The site:  http://$(HOST):$(PORT)/"
	@echo "The admin: http://$(HOST):$(PORT)/admin/"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# loadgroup: the browser tests share one Chromium, so they run one after another on one worker.
test: install ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL points at one)
	$(BIN)/pytest --numprocesses auto --dist loadgroup

# The catalogues: locale/*/LC_MESSAGES/django.po, with the compiled django.mo that Django reads
# beside each, both kept in git, so that running the site needs no GNU gettext. Changing them
# does (apt-get install gettext): `make messages`, translate, then `make compile`.
# makemessages reads the site's own code only (not the benchmarks, the documentation, the tests
# or what is generated; `.venv`, a dot folder, is left out by default), and notes each
# message's files but not its lines, so that moving code does not change the catalogues.
MESSAGES := makemessages --locale fr --locale ar --add-location=file \
	$(addprefix --ignore=,bench docs tests media staticfiles screenshots node_modules)

messages: install ## After changing interface text: update the French and Arabic catalogues, count what is left
	$(BIN)/python manage.py $(MESSAGES)
	@for po in locale/*/LC_MESSAGES/django.po; do printf '%s: ' $$po; msgfmt --statistics --output-file=/dev/null $$po; done

# Only the site's catalogues, not those of the packages in .venv.
compile: install ## After translating: compile the catalogues (.mo) that Django reads, to commit with them
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0

lint: install ## Check code style, formatting, the layers of ARCHITECTURE.md and that every model change has its migration
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

# The production variables come from the environment (or .env); a host name and a throwaway
# secret key stand in for those not set, so the check runs anywhere.
check-deploy: install ## Django's deployment check on the production settings: no warning allowed
	DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-khartoumprocess.example.org}" \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

format: install ## Format the code and fix what ruff can fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Options of bench/issue_figures.py, e.g. FIGURES="--sizes 300 --rounds 2" for a quick run.
FIGURES ?=

bench: install ## Downloads, list pages as the record grows, and the issue's figures (PostgreSQL, Redis, nginx, wrk, curl)
	$(BIN)/python bench/download_throughput.py
	$(BIN)/python bench/list_pages.py
	cd bench && ../$(BIN)/python issue_figures.py $(FIGURES)

bench-search: install ## Search latency on 10,000 meetings and 100,000 documents, against a list page (PostgreSQL)
	$(BIN)/python bench/search.py

bench-load: install ## 32 visitors for 60 s while the secretariat edits and publishes: errors, lost writes, stale pages (PostgreSQL, Redis, wrk)
	cd bench && ../$(BIN)/python load_and_publish.py

serve-prod: install ## The production stack here: nginx, gunicorn, PostgreSQL, Redis, S3 API (README)
	deploy/serve-prod

screenshots: install ## The main pages at 390 and 1280 px, in each language, into docs/screenshots/ (needs Chromium)
	$(BIN)/python tools/screenshots.py
