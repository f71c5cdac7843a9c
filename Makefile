# Two commands on a fresh machine: `make demo` and `make test`. Both rest on `make install`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck bench clean

install: $(STAMP) src/fangfanpin/static/vendor/htmx.min.js

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch node_modules/.package-lock.json

src/fangfanpin/static/vendor/htmx.min.js: node_modules/.package-lock.json
	mkdir -p src/fangfanpin/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@

demo: install
	$(BIN)/ffp demo

test: install
	scripts/test.sh

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/bench_synth.py --persons 1000000
	$(BIN)/python bench/bench_load.py --persons 1000000 --naive-persons 20000
	$(BIN)/python bench/bench_check.py --persons 1000000 --dept-rows 10000000 --reuse --quiet-load 1.0

clean:
	rm -rf $(VENV) node_modules var src/fangfanpin/static/vendor
