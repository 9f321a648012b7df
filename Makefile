# Zorgwegwijzer: `make run` to try it, `make test` to check everything. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONWARNINGS := ignore::DeprecationWarning

# spaCy's official Dutch model (a GitHub release, not on PyPI). Tried once per virtualenv;
# where it cannot be downloaded the project builds its own Dutch pipeline (see README).
NL_MODEL_URL := https://github.com/explosion/spacy-models/releases/download/nl_core_news_sm-3.4.0/nl_core_news_sm-3.4.0-py3-none-any.whl

# The demo municipality shows its local information (content/voorbeeldstad.yml) by default.
# A deployment that sets its own ZWW_MUNICIPALITY_NAME or ZWW_LOCAL_CONTENT never gets the
# demo texts; ZWW_LOCAL_CONTENT= (empty) switches local information off.
DEMO_LOCAL_CONTENT := $(CURDIR)/content/voorbeeldstad.yml
ifeq ($(origin ZWW_MUNICIPALITY_NAME)$(origin ZWW_LOCAL_CONTENT),undefinedundefined)
run shell check-content: export ZWW_LOCAL_CONTENT := $(DEMO_LOCAL_CONTENT)
endif

.PHONY: help install spacy train run shell check-content test lint services test-unit validate test-stories eval test-e2e test-scale test-browser bench purge clean

help:
	@echo "make run     installeren, trainen (als nodig) en starten op http://localhost:8000"
	@echo "make test    installeren en alle tests draaien"
	@echo "make shell   rasa shell met de actieserver, voor testers"
	@echo "make check-content   antwoordteksten en lokale informatie controleren"
	@echo "make train | eval | bench | clean"

$(INSTALLED): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.10 is nodig ($(PYTHON) niet gevonden). Zie README."; exit 1; }
	@echo ">> Virtualenv in $(VENV) en pakketten installeren (eerste keer: een paar minuten) ..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip==24.3.1"
	$(BIN)/pip install --progress-bar on -c constraints.txt -e ".[dev]"
	@echo ">> Officieel spaCy-model $(NL_MODEL_URL) proberen ..."
	@$(BIN)/pip install --quiet --no-deps --timeout 15 --retries 0 "$(NL_MODEL_URL)" 2>/dev/null \
	  && echo ">> nl_core_news_sm geïnstalleerd" \
	  || echo ">> nl_core_news_sm niet te downloaden: het project bouwt een eigen Nederlandse pipeline"
	touch $@

install: $(INSTALLED) spacy

spacy: $(INSTALLED)
	@$(BIN)/python -m bot.runtime.launcher spacy

train: install
	$(BIN)/python -m bot.runtime.launcher train

run: install
	$(BIN)/python -m bot.runtime.launcher run

shell: install
	$(BIN)/python -m bot.runtime.launcher shell

# Check answer texts and local information (docs/content-editing.md); FILE=... for another file.
check-content: install
	@$(BIN)/python -m scripts.check_content $(FILE)

test: install train
	$(MAKE) --no-print-directory lint test-unit validate test-stories eval test-e2e test-scale test-browser
	@echo ">> Alle tests geslaagd"

# ruff: lint rules + formatting (pyproject.toml [tool.ruff]); mypy: types (pyproject.toml [tool.mypy]).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Debian's PostgreSQL and redis-server; the tests start private instances of them.
services:
	./scripts/install_services.sh

test-unit: services
	$(BIN)/python -m pytest tests/support tests/unit tests/safety tests/actions tests/rasa_ext -q

validate:
	./scripts/validate_data.sh

test-stories:
	$(BIN)/python scripts/evaluate.py stories

eval: install train
	$(BIN)/python scripts/evaluate.py nlu

test-e2e:
	$(BIN)/python -m pytest tests/e2e tests/channels -q

# Rasa's own scaling on real servers (private PostgreSQL + Redis): 2 Sanic workers, 100
# concurrent conversations, PostgreSQL restart and Redis outage mid-load, 2 Rasa servers.
test-scale: services
	$(BIN)/python -m pytest tests/scale -q -s

# Real headless Chromium (Debian's package) for the widget: accessibility, keyboard, XSS.
test-browser: install
	./scripts/install_browser.sh
	$(BIN)/python -m pytest tests/browser -q

# Privacy: delete conversations and feedback older than DAYS days (default ZWW_RETENTION_DAYS, 30).
purge: install
	$(BIN)/python -m bot.storage.retention $(if $(DAYS),--days $(DAYS))

bench: install train
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_insights.py

clean:
	rm -rf $(VENV) build models results var .pytest_cache .mypy_cache
