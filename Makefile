# Twinning — `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SCALE ?= greece
STAMP := $(VENV)/.installed
# Browser packages (the H5P player) come from npm, installed from the lock file, never copied in.
NODE_STAMP := node_modules/.installed
# Development and the demo run with DEBUG on; production never uses make (docs/operations.md).
DEBUG ?= 1
export DEBUG

.PHONY: run test lint bench venv worker demo messages clean fmt

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

venv: $(STAMP) $(NODE_STAMP)

run: $(STAMP) $(NODE_STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (web + background worker + scheduler). Ctrl-C stops all."
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py worker & \
	  $(PY) manage.py run_scheduler & \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

TEST_WORKERS ?= 2
test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff, djlint, import-linter contracts, mypy on services, selectors and policies
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

fmt: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) bench/run.py --scale $(SCALE)

worker: $(STAMP)
	$(PY) manage.py worker

demo: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

messages: $(STAMP)
	$(PY) manage.py makemessages -l el --ignore=.venv --ignore=var
	$(PY) manage.py makemessages -d djangojs -l el --ignore=.venv --ignore=var --ignore=static/django_htmx
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var node_modules

.PHONY: load
load: $(STAMP)  ## a course's opening hour under locust, gunicorn, PostgreSQL and Redis (docs/performance.md)
	bash bench/load/run.sh
