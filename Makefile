# interviewlab: two commands set everything up on a fresh machine (`make demo`, `make test`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install demo test lint format lab release check bench lock clean browser-deps

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "interviewlab needs Python >= 3.11 (PYTHON=$(PYTHON))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/interviewlab demo

test: $(STAMP) lint browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium: install it where we can (root with apt), unless
# they are skipped (PYTEST_ARGS=--skip-browser) or another binary is named.
browser-deps:
	@case "$(PYTEST_ARGS)" in *--skip-browser*) exit 0;; esac; \
	command -v chromium >/dev/null 2>&1 || [ -n "$$INTERVIEWLAB_CHROMIUM" ] || \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium: apt-get install chromium," \
			"or skip them with make test PYTEST_ARGS=--skip-browser"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

release: $(STAMP)
	$(BIN)/interviewlab course release

check: $(STAMP)
	$(BIN)/interviewlab course check

# Full-size benchmarks (tens of minutes); BENCH_ARGS=--small for a quick pass.
BENCH_ARGS ?=
bench: $(STAMP)
	@for script in bench/bench_*.py; do \
		echo "== $$script"; $(BIN)/python $$script $(BENCH_ARGS) || exit 1; \
	done

# Re-resolve the lock file from the ranges in pyproject.toml, in a throwaway environment.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ echo "# Exact versions every learner, instructor and CI run installs (make installs from this file)."; \
	  echo "# Regenerate with 'make lock' after changing the ranges in pyproject.toml."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^interviewlab'; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf .grading .demo build .pytest_cache
