# jixiao — the two set-up commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEED := examples/yanfeng-xinfang-2024.yaml

.PHONY: install system run demo test lint typecheck pytest pytest-postgres bench bench-web clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（$(PYTHON)）"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip==25.3
	$(BIN)/pip install -q -e '.[dev,ocr]'
	touch $(STAMP)

install: $(STAMP)

## system: Debian packages (LibreOffice, CJK fonts, poppler, Chromium, antiword), installed when missing
system:
	bash scripts/install-system-deps.sh

## run: check, score and render the seed example into out/, then start the web app on SQLite
run: demo
	$(BIN)/jixiao serve

demo: install system
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

pytest: install system
	$(BIN)/pytest -q -p no:cacheprovider

## the web app's tests again on PostgreSQL (a server on 127.0.0.1:5432 is started when none listens)
pytest-postgres: install
	bash scripts/ensure-postgres.sh
	JIXIAO_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test $(BIN)/pytest -q -p no:cacheprovider tests/web

## test: the whole suite, lint and types included, on SQLite and on PostgreSQL
test: lint typecheck pytest pytest-postgres

bench: install
	$(BIN)/python benchmarks/run_all.py

## bench-web: the web app under load (SQLite and PostgreSQL), headline figures printed; COMPARE=REV for before/after
bench-web: install
	bash scripts/ensure-postgres.sh
	$(BIN)/python benchmarks/web_load.py $(if $(COMPARE),--compare $(COMPARE))

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
