# Two commands on a fresh machine: `make run` (demo on SQLite) and `make test` (the whole suite).
# PYTHON=/path/to/python3.12+ overrides the interpreter search.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= $(shell for p in python3.13 python3.12 \
	$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[23]*/bin/python3 2>/dev/null | sort -r) python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
PYTEST_ARGS ?=

.PHONY: install run test lint chromium gettext demo clean

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 of nieuwer niet gevonden (python3.13, python3.12 of pyenv). Installeer er een of geef PYTHON=/pad/naar/python3.12 mee." >&2; exit 1; fi
	@echo "Python: $(PYTHON)"
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py demo_data --als-leeg
	@# The worker sends the mail (and other tasks) beside the web server; Ctrl+C stops both. It also
	@# runs the deadline work every hour (planned once; a waiting run is kept, never a second one).
	DEBUG=1 $(BIN)/python manage.py verwerk_termijnen --inplannen
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload --verbosity 0 & werker=$$!; \
	trap 'kill $$werker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Debian's chromium for the browser tests (never `playwright install`: no browser downloads here).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Chromium ontbreekt: installeer het Debian-pakket 'chromium' (apt-get install chromium)." >&2; exit 1; fi; \
	fi

# GNU gettext: the translation tests collect the messages as makemessages does.
gettext:
	@if ! command -v xgettext >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
		else echo "gettext ontbreekt: installeer het Debian-pakket 'gettext' (apt-get install gettext)." >&2; exit 1; fi; \
	fi

test: install chromium gettext
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
