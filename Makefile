# Kalasin KM. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev migrate seed messages lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py seed_demo

## Create .venv, install, migrate, load the Kalasin demo data and serve on http://$(HOST), with one
## background worker beside the web server (the whole round's PDF); Ctrl-C stops both
run: seed
	$(BIN)/python manage.py db_worker --queue-name=default,pdf --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

## The whole suite (browser tests are skipped, and say so, where Chromium is missing)
test: install-dev
	$(BIN)/python -m pytest

## Refresh the Thai catalogue after changing strings, then translate and compile it
messages: install-dev
	$(BIN)/python manage.py makemessages -l th --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python manage.py compilemessages -l th --ignore=.venv

## Speed and memory targets (bench/): pages and files that grow with a province's data
bench: install-dev
	$(BIN)/python -m pytest bench -q -s -p no:randomly

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache
