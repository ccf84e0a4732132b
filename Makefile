# The two commands of the README, and a few for development.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_TODAY ?= 2026-11-20
MERMAID_VERSION := 11.12.0
MERMAID := build/vendor/mermaid-$(MERMAID_VERSION).min.js

.PHONY: demo test vendor bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Sets up the virtualenv, checks the sample vault and prints its weekly review. The review
# pages in sample-vault/Reviews/ are re-rendered in place: same input, same bytes, so the
# checkout stays clean.
demo: $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	$(BIN)/netnotes validate sample-vault
	$(BIN)/netnotes --vault sample-vault report --today $(DEMO_TODAY) --out -
	$(BIN)/netnotes --vault sample-vault report --today $(DEMO_TODAY)
	$(BIN)/netnotes --vault sample-vault report --today $(DEMO_TODAY) --format html

# Sets up the virtualenv with the test dependencies and runs the whole suite. The pinned
# Mermaid (from the npm registry) lets a test check the graphs netnotes draws; without npm
# that one test is skipped and says why.
test: $(BIN)/python
	-@$(MAKE) --no-print-directory vendor
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m pytest -q

vendor: $(MERMAID)

$(MERMAID):
	mkdir -p build/vendor/tmp
	cd build/vendor/tmp && npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null && \
	  tar xzf mermaid-$(MERMAID_VERSION).tgz package/dist/mermaid.min.js
	mv build/vendor/tmp/package/dist/mermaid.min.js $(MERMAID)
	rm -rf build/vendor/tmp

# Generates seeded vaults under benchmarks/vaults/ and times netnotes against a script that
# loads every note with python-frontmatter; prints the table and rewrites the results section
# of docs/performance.md. The full run (several minutes):
#   make bench BENCH_ARGS="--sizes 1000,10000,100000"
BENCH_ARGS ?= --sizes 1000,10000
bench: $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) dist build .pytest_cache .hypothesis
