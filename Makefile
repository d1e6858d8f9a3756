# jixiao — the two set-up commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEED := examples/yanfeng-xinfang-2024.yaml

.PHONY: install run demo test lint typecheck pytest bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（$(PYTHON)）"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip==25.3
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: check, score and render the seed example into out/, then start the web app on SQLite
run: demo
	$(BIN)/jixiao serve

demo: install
	mkdir -p out
	-$(BIN)/jixiao check $(SEED)
	$(BIN)/jixiao score $(SEED)
	$(BIN)/jixiao render $(SEED) --to docx -o out/自评报告.docx
	$(BIN)/jixiao render $(SEED) --to xlsx -o out/绩效自评表.xlsx
	$(BIN)/jixiao render $(SEED) --to html -o out/自评报告.html
	$(BIN)/jixiao render $(SEED) --to md -o out/自评报告.md
	$(BIN)/jixiao render $(SEED) --to pdf -o out/自评报告.pdf
	$(BIN)/jixiao template -o out/自评模板.xlsx

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

## test: the whole suite, lint and types included
test: lint typecheck pytest

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
