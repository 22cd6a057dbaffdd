# The trainer's menu. `make help` lists the targets; every step sets itself up on first use.
PY          := .venv/bin/python
BUILD       := build
SETUP_BUILD := .venv/.setup-build
SETUP_TEST  := .venv/.setup-test
export NO_MKDOCS_2_WARNING := 1
# Python keeps the toolchain's compiled modules (build_tools/**/__pycache__, ignored by git): each build
# starts about 0.2 s sooner than when they are compiled again every time.
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help all check site pdf slides serve test test-fast coverage lint linkcheck translations translations-current \
        bench clean
# Test processes: one per core. A test file runs whole in one process (its fixtures made once); a file that sets
# SPREAD_OVER_WORKERS hands its tests out one by one at the end, so both processes finish together (tests/conftest.py).
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

help:            ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(SETUP_BUILD): pyproject.toml build_tools/bootstrap.sh
	bash build_tools/bootstrap.sh build
	@touch $@

$(SETUP_TEST): $(SETUP_BUILD)
	bash build_tools/bootstrap.sh test
	@touch $@

# One command builds everything: it checks first, rebuilds only the outputs whose sources changed
# (edited, added, deleted or renamed files alike), side by side, and publishes them together.
all: $(SETUP_BUILD)      ## check the course, then build site, PDFs and decks (only what changed)
	$(PY) -m build_tools build --out $(BUILD)

pdf: all                 ## the same as `make all`: one build publishes every output together
slides: all              ## the same as `make all`
site: all                ## the same as `make all`

check: $(SETUP_BUILD)    ## check the course and list every problem with file:line
	$(PY) -m build_tools check

serve: $(SETUP_BUILD)    ## preview the site, the PDF pages and the slides while you edit (HOST=, PORT=)
	$(PY) -m build_tools serve $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

test: $(SETUP_TEST)      ## check the course, lint and type-check the toolchain, run the whole test suite
	$(PY) -m build_tools check
	$(PY) -m ruff check build_tools tests benchmarks slides
	$(PY) -m mypy
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

test-fast: $(SETUP_TEST) ## the unit tests only (no built outputs): the quick loop while changing code
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not integration"

# The data file by absolute path: the build command under test runs in other folders (the course copies).
COVERAGE := COVERAGE_FILE=$(CURDIR)/test-artifacts/coverage/.coverage $(PY) -m coverage

coverage: $(SETUP_TEST)  ## the whole test suite under coverage.py (line and branch), then the report
	rm -rf test-artifacts/coverage && mkdir -p test-artifacts/coverage
	$(COVERAGE) run -m pytest -n $(TEST_WORKERS) --dist loadfile -q
	$(COVERAGE) combine -q
	$(COVERAGE) report

lint: $(SETUP_TEST)      ## ruff and mypy
	$(PY) -m ruff check build_tools tests benchmarks slides
	$(PY) -m mypy

translations: $(SETUP_BUILD) ## list translated sections: up to date, stale, missing
	$(PY) -m build_tools translations

translations-current: $(SETUP_BUILD) ## record checked translations as current: PAGE=docs/….en.md (a page or a folder)
	@test -n "$(PAGE)" || { echo "name the page or folder: make translations-current PAGE=docs/modules/01-x.en.md"; exit 2; }
	$(PY) -m build_tools translations --mark-current $(PAGE)

linkcheck: $(SETUP_BUILD) ## check external links online (needs internet)
	$(PY) -m build_tools linkcheck

bench: $(SETUP_TEST)     ## time check, clean/no-op/edited builds (medians, as ratios to the yardstick)
	$(PY) benchmarks/bench.py --runs 5

clean:                   ## remove everything that was built
	rm -rf $(BUILD) site
