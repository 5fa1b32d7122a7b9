# The few commands a person types. `make app` and `make test` are the README's two.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= .netsupport/demo.db
PORT ?= 8501

.PHONY: app test install install-dev lint neo4j neo4j-stop bench bench-smoke clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'

## Install, load the demo data into the embedded store (once), start the app.
app: install
	@mkdir -p $(dir $(DEMO_DB))
	@test -f $(DEMO_DB) || $(BIN)/netsupport load graph_data/demo --store sqlite:///$(DEMO_DB)
	NETSUPPORT_STORE=sqlite:///$(DEMO_DB) NETSUPPORT_AS_OF=$${NETSUPPORT_AS_OF:-2026-11-01} \
		$(BIN)/streamlit run app.py --server.port $(PORT)

## Install everything and run the whole suite (starts Neo4j itself, stops it after).
test: install-dev
	PATH="$(abspath $(BIN)):$$PATH" bash scripts/test.sh

lint: install-dev
	$(BIN)/ruff check netsupport tests app.py

## A local Neo4j for trying netsupport on it: make neo4j, then NETSUPPORT_STORE=bolt://127.0.0.1:7687
neo4j:
	bash scripts/neo4j.sh start

neo4j-stop:
	bash scripts/neo4j.sh stop

## Benchmarks (bench/README.md): the full run, long, writes bench/RESULTS.md and plots;
## bench-smoke is CI's tiny run (200 households), to bench/out/smoke.
bench: install-dev
	bash scripts/install-browser.sh
	$(BIN)/python -m bench

bench-smoke: install-dev
	bash scripts/install-browser.sh
	$(BIN)/python -m bench --quick --out bench/out/smoke --work bench/out/smoke/work

clean:
	rm -rf $(VENV) .netsupport neo4j/target test-artifacts
