# Guichet — the two set-up commands are `make demo` and `make test`; both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Tests, benchmarks and screenshots draw offscreen; the demo opens real windows.
test quick pytest bench screenshots: export QT_QPA_PLATFORM ?= offscreen

.PHONY: install catalogue scenarios test quick lint typecheck pytest bench demo screenshots package package-check repo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# System packages the tests use: a virtual X display (Xvfb), to run `make demo` with real
# windows as on a desktop (and xwininfo, to see where they opened), PostgreSQL's server
# binaries (initdb, pg_ctl), from which the tests make their own throwaway clusters, and
# Chromium, the real browser in which the tests and `make screenshots` drive the operator's
# console (through Playwright: none of Playwright's own browsers is downloaded); debootstrap
# and lintian, with which `make package-check` installs the package into a Debian root
# filesystem and reviews it. Installed with apt where the machine allows it (as root);
# elsewhere the tests that need them are skipped and say why (under CI they fail).
SYSTEM := $(VENV)/.system-packages
$(SYSTEM): | $(BIN)/python
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		wanted=""; \
		command -v Xvfb >/dev/null || wanted="$$wanted xvfb xauth"; \
		command -v xwininfo >/dev/null || wanted="$$wanted x11-utils"; \
		ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null \
			|| wanted="$$wanted postgresql"; \
		command -v chromium >/dev/null || wanted="$$wanted chromium"; \
		command -v debootstrap >/dev/null || wanted="$$wanted debootstrap"; \
		command -v lintian >/dev/null || wanted="$$wanted lintian"; \
		command -v apt-ftparchive >/dev/null || wanted="$$wanted apt-utils"; \
		command -v gpg >/dev/null || wanted="$$wanted gnupg"; \
		if [ -n "$$wanted" ]; then \
			echo "installing$$wanted (apt) for the tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends $$wanted >/dev/null; \
		fi; \
	fi
	touch $@

# The terminal's message catalogues, compiled (.po → .mo) whenever a .po changed.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard catalogue/locale/*/LC_MESSAGES/*.po))
%.mo: %.po $(STAMP)
	$(BIN)/python -m scripts.catalogue compile

catalogue: $(CATALOGUES)

install: $(STAMP) catalogue

test: $(STAMP) catalogue $(SYSTEM) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) catalogue $(SYSTEM)
	$(BIN)/pytest

# The fast tests only (no server, database, browser or window: tests/conftest.py marks the rest
# slow), for a developer between two edits: under a minute
quick: $(STAMP) catalogue
	$(BIN)/ruff check .
	$(BIN)/pytest -q -m "not slow"

bench: $(STAMP) catalogue
	$(BIN)/python -m bench.pari_bench
	$(BIN)/python -m bench.server_bench
	$(BIN)/python -m bench.metrics_bench
	$(BIN)/python -m bench.print_bench
	$(BIN)/python -m bench.terminal_bench
	$(BIN)/python -m bench.ui_bench

SHOTS ?= screenshots
screenshots: $(STAMP) catalogue $(SYSTEM)
	$(BIN)/python -m scripts.screenshots $(SHOTS)
	$(BIN)/python -m scripts.console_screenshots $(SHOTS)/console

DEMO_DIR := .demo
DEMO_PORT ?= 8640

# The project's own scenarios, and ../shared's when it is beside the project (a clone alone runs
# the copies shipped in tests/scenarios/shared instead)
scenarios: $(STAMP)
	@echo "== every race scenario, through the betting engine"
	$(BIN)/guichet-scenario tests/scenarios/*.json \
	  $(or $(wildcard ../shared/scenarios/*.json),$(wildcard tests/scenarios/shared/*.json))

demo: scenarios catalogue
	@echo "== the whole system: server, racecourse, simulated devices, counter and kiosk"
	$(BIN)/python -m scripts.demo --folder $(DEMO_DIR) --port $(DEMO_PORT) \
		$(if $(HEADLESS),--headless) $(if $(DEMO_SECONDS),--seconds $(DEMO_SECONDS)) \
		$(if $(CLEAN),--clean) $(if $(PMU),--pmu $(PMU))

package: $(STAMP) catalogue
	$(BIN)/python -m scripts.package

package-check: $(STAMP) catalogue $(SYSTEM)
	$(BIN)/python -m scripts.check_package

# A signed apt repository of dist/'s packages, for the operator to serve to the fleet:
# GUICHET_REPO_KEY=<key id> (in $$GNUPGHOME) signs it; without one, a demonstration key is made.
DIST ?= dist
repo: package $(SYSTEM)
	$(BIN)/python -m scripts.repo $(DIST)

clean:
	rm -rf $(VENV) $(DEMO_DIR) screenshots dist .mypy_cache .pytest_cache .ruff_cache build *.egg-info
