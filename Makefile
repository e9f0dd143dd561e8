# Guichet — the two set-up commands are `make demo` and `make test`; both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: install test lint typecheck pytest bench demo screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench.pari_bench
	$(BIN)/python -m bench.server_bench
	$(BIN)/python -m bench.print_bench
	$(BIN)/python -m bench.terminal_bench
	$(BIN)/python -m bench.ui_bench

screenshots: $(STAMP)
	$(BIN)/python -m scripts.screenshots screenshots

DEMO_DIR := .demo
DEMO_PORT ?= 8640

demo: $(STAMP)
	@echo "== every shared race scenario, through the betting engine"
	$(BIN)/guichet-scenario ../shared/scenarios/*.json
	@echo "== the central server with today's demo programme (Ctrl-C stops it)"
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	$(BIN)/guichet-server --db $(DEMO_DIR)/server.db demo-programme
	$(BIN)/guichet-server --db $(DEMO_DIR)/server.db create-terminal "Demo counter" > $(DEMO_DIR)/terminal.txt
	@echo "terminal credentials in $(DEMO_DIR)/terminal.txt; the API and its docs at http://127.0.0.1:$(DEMO_PORT)/docs"
	$(BIN)/guichet-server --db $(DEMO_DIR)/server.db serve --port $(DEMO_PORT) --admin-token-file $(DEMO_DIR)/admin-token

clean:
	rm -rf $(VENV) $(DEMO_DIR) screenshots .mypy_cache .pytest_cache .ruff_cache build *.egg-info
