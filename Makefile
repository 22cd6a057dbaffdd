# The trainer's menu. `make help` lists the targets; every step sets itself up on first use.
PY          := .venv/bin/python
BUILD       := build
SETUP_BUILD := .venv/.setup-build
SETUP_TEST  := .venv/.setup-test
SOURCES     := $(shell find docs slides build_tools -type f -not -path '*/__pycache__/*' 2>/dev/null) mkdocs.yml pyproject.toml
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help all check site pdf slides serve test lint linkcheck bench clean

help:            ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(SETUP_BUILD): pyproject.toml build_tools/bootstrap.sh
	bash build_tools/bootstrap.sh build
	@touch $@

$(SETUP_TEST): $(SETUP_BUILD)
	bash build_tools/bootstrap.sh test
	@touch $@

all: $(BUILD)/site.zip  ## set up, check the course, build site, PDFs and decks (skips what is up to date)

check: $(SETUP_BUILD)    ## check the course and list every problem with file:line
	$(PY) -m build_tools check

$(BUILD)/.checked: $(SETUP_BUILD) $(SOURCES)
	$(PY) -m build_tools check
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/.pdf: $(BUILD)/.checked
	$(PY) -m build_tools pdf --out $(BUILD)/pdf
	@touch $@

$(BUILD)/.slides: $(BUILD)/.checked
	$(PY) -m build_tools slides --out $(BUILD)/slides
	@touch $@

$(BUILD)/.site: $(BUILD)/.checked $(BUILD)/.pdf $(BUILD)/.slides
	$(PY) -m build_tools site --out $(BUILD)/site
	@touch $@

$(BUILD)/site.zip: $(BUILD)/.site
	$(PY) -m build_tools zip-site --site $(BUILD)/site --out $@

pdf: $(BUILD)/.pdf       ## build the PDF workbooks and facilitator guides
slides: $(BUILD)/.slides ## build the slide decks
site: $(BUILD)/.site     ## build the website (with the PDFs and decks on its downloads page)

serve: $(SETUP_BUILD)    ## preview the website while you edit
	$(PY) -m mkdocs serve

test: $(SETUP_TEST)      ## check the course and run the whole test suite
	$(PY) -m build_tools check
	$(PY) -m ruff check build_tools tests benchmarks slides
	$(PY) -m pytest

lint: $(SETUP_TEST)      ## ruff
	$(PY) -m ruff check build_tools tests benchmarks slides

linkcheck: $(SETUP_BUILD) ## check external links online (needs internet)
	$(PY) -m build_tools linkcheck

bench: $(SETUP_TEST)     ## time the pipeline's steps and print medians
	$(PY) benchmarks/bench_build.py

clean:                   ## remove everything that was built
	rm -rf $(BUILD) site
