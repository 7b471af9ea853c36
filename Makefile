# Vietnamese official documents from YAML data (Nghị định 30/2020/NĐ-CP).
YEAR ?= 2024
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help setup plan check new-year examples fidelity schema test golden bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 10

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

setup: $(STAMP) ## Create the virtualenv and install the Debian packages for PDF
	@scripts/setup-system.sh

plan: setup ## Render data/$(YEAR)/ to output/$(YEAR)/ (DOCX and PDF)
	$(PY) -m pipeline plan --year $(YEAR)

check: setup ## Validate data/$(YEAR)/ and run the consistency checks, render nothing
	$(PY) -m pipeline check --year $(YEAR)

new-year: setup ## Start data/$(TO)/ from data/$(FROM)/ as drafts: make new-year FROM=2024 TO=2025
	$(PY) -m pipeline new-year --from $(FROM) --to $(TO)

examples: setup ## Render the reference examples in data/examples/ to output/examples/
	$(PY) -m pipeline examples

fidelity: setup ## Compare each example with its reference text (seed.txt + corrections.yaml)
	$(PY) -m tools.fidelity

schema: setup ## Export the JSON Schema of each document kind to schema/ (editor completion)
	$(PY) -m pipeline schema

test: setup ## Run the test suite
	$(PY) -m pytest

golden: setup ## Re-record the golden files in tests/golden/ (read the diff before committing)
	$(PY) -m tools.golden
	@git --no-pager diff --stat -- tests/golden || true

bench: setup ## Measure rendering and PDF speed
	$(PY) -m tools.bench --year $(YEAR)

clean: ## Remove generated output (keeps the virtualenv)
	rm -rf output
