# Divulga: `make demo` to try it, `make test` to check it. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO_STORE := sqlite:///data/demo.db
DEMO_ROWS ?= 3000

.PHONY: demo run test lint bench browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.app $@

## demo: the app on the demo store data/demo.db, filled with demo data the first time
demo: $(VENV)/.app
	DIVULGA_STORE=$(DEMO_STORE) $(BIN)/python -m core demo --filas $(DEMO_ROWS) --si-vacio
	DIVULGA_STORE=$(DEMO_STORE) $(BIN)/streamlit run app.py

## run: the app on the real store (DIVULGA_STORE, by default sqlite:///data/divulga.db)
run: $(VENV)/.app
	$(BIN)/streamlit run app.py

## browser: Debian's Chromium and a Unicode font for the browser journeys and the PDFs
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi dejavu || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

## test: the whole suite (unit, property, AppTest, browser journeys) and the linter
test: $(VENV)/.dev browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check .

## bench: the benchmarks of the README's performance table (writes benchmarks/results.json)
bench: $(VENV)/.dev browser
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache benchmarks/work
