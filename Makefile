# The few commands a person types. `make app` and `make test` are the README's two.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= .netsupport/demo.db
DEMO_PASSWORD ?= netsupport-demo
PORT ?= 8501

.PHONY: app test install install-dev lint neo4j neo4j-stop bench bench-smoke clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'

## Install, load the demo data and the demo accounts into the embedded store (once), start
## the app. Sign in as demo-admin, demo-super, demo-kita (staff, 北区) or demo-viewer, with
## the password $(DEMO_PASSWORD).
app: install
	@mkdir -p $(dir $(DEMO_DB))
	@test -f $(DEMO_DB) || $(BIN)/netsupport load graph_data/demo --store sqlite:///$(DEMO_DB)
	@test -f $(DEMO_DB).accounts || { \
		$(call demo_user,demo-admin,admin,デモ管理者) && \
		$(call demo_user,demo-super,supervisor,デモ統括) && \
		$(call demo_user,demo-kita,staff,デモ北区職員,--ward 北区) && \
		$(call demo_user,demo-viewer,viewer,デモ閲覧者) && \
		touch $(DEMO_DB).accounts; }
	NETSUPPORT_STORE=sqlite:///$(DEMO_DB) NETSUPPORT_AS_OF=$${NETSUPPORT_AS_OF:-2026-11-01} \
		$(BIN)/streamlit run app.py --server.port $(PORT)

# $(call demo_user,NAME,ROLE,DISPLAY NAME[,--ward WARD]): one demo account, password on stdin
demo_user = printf '%s\n' '$(DEMO_PASSWORD)' | $(BIN)/netsupport user add $(1) --role $(2) \
	--display-name '$(3)' $(4) --password-stdin --store sqlite:///$(DEMO_DB)

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
