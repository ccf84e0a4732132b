# The two commands of the README, and a few for development.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_TODAY ?= 2026-11-20
MERMAID_VERSION := 11.12.0
MERMAID := build/vendor/mermaid-$(MERMAID_VERSION).min.js
# What make test, make demo and CI install: exact versions with their hashes. `make lock`
# moves it forward; `make deps-check` runs the suite on both ends of pyproject's ranges.
LOCK := requirements/dev.lock
LOCK_ARGS := pyproject.toml requirements/build.in --extra test --universal --python-version 3.11

.PHONY: demo test vendor bench screenshot clean lock deps-check test-newest test-lowest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The locked dependencies, then netnotes itself (editable, built by the locked hatchling).
$(VENV)/.locked: $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

# Sets up the virtualenv, checks the sample vault and prints its weekly review. The review
# pages in sample-vault/Reviews/ are re-rendered in place: same input, same bytes, so the
# checkout stays clean.
demo: $(VENV)/.locked
	$(BIN)/netnotes validate sample-vault
	$(BIN)/netnotes --vault sample-vault report --today $(DEMO_TODAY) --out -
	$(BIN)/netnotes --vault sample-vault report --today $(DEMO_TODAY)
	$(BIN)/netnotes --vault sample-vault report --today $(DEMO_TODAY) --format html

# Sets up the virtualenv with the test dependencies and runs the whole suite. The pinned
# Mermaid (from the npm registry) lets a test check the graphs netnotes draws; without npm
# that one test is skipped and says why.
test: $(VENV)/.locked
	-@$(MAKE) --no-print-directory vendor
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
bench: $(VENV)/.locked
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# The README's picture of `netnotes serve`: the dashboard on a copy of sample-vault as of
# $(DEMO_TODAY), in Debian's Chromium (apt-get install chromium) at 1280x900.
screenshot: $(VENV)/.locked
	$(BIN)/python docs/screenshot.py --today $(DEMO_TODAY)

# uv, pinned with its hash, resolves the lock and the two ends of the ranges.
$(BIN)/uv: requirements/tools.lock | $(BIN)/python
	$(BIN)/python -m pip install -q --require-hashes -r requirements/tools.lock

# Moves the lock to the newest releases that pyproject.toml allows. Then run `make test`
# (and `make deps-check`) before committing the new lock.
lock: $(BIN)/uv
	$(BIN)/uv pip compile -q $(LOCK_ARGS) --generate-hashes --upgrade -o $(LOCK)
	$(BIN)/uv pip compile -q requirements/tools.in --universal --python-version 3.11 --generate-hashes -o requirements/tools.lock

# The whole suite on the newest releases and on the lowest versions pyproject.toml allows
# for each direct dependency, each in its own virtualenv under build/.
deps-check: test-newest test-lowest

test-newest: RESOLUTION := highest
test-lowest: RESOLUTION := lowest-direct
test-newest test-lowest: $(BIN)/uv
	rm -rf build/$@
	$(BIN)/uv pip compile -q $(LOCK_ARGS) --resolution $(RESOLUTION) -o build/$@.txt
	$(PYTHON) -m venv build/$@
	build/$@/bin/python -m pip install -q -r build/$@.txt
	build/$@/bin/python -m pip install -q --no-deps --no-build-isolation -e .
	build/$@/bin/python -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) dist build .pytest_cache .hypothesis
