# Two commands: `make run` starts the map, `make test` runs every test.
# Each creates .venv with Python 3.11 and installs what it needs on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
# The page's port: `make run PORT=8600`.
PORT ?= 8501

VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint data bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The app and the command line.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Plus the data build (GeoNames, Natural Earth), the linters and the test tools.
$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[build,test]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/streamlit run serve.py --server.port $(PORT)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

data: $(DEV_STAMP)
	$(BIN)/python -m geo.build

# The whole measurement in one run (engine, page in headless Chromium, references,
# sessions at once, memory): prints a table, writes benchmarks/results.json. ~10 minutes.
bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV)
