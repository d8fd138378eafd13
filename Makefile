# detente: every target creates the virtual environment it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp
DEMO_DB = out/demo.duckdb

.PHONY: install demo test lint typecheck unit eval bench bench-store bench-ray bench-import bench-web bench-memory fuzz data clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,web,ray]'
	touch $(STAMP)

demo: install  ## ingest examples/ into a fresh store, print the events and the dyads
	mkdir -p out && rm -f $(DEMO_DB) $(DEMO_DB).wal $(DEMO_DB).lock
	$(BIN)/detente ingest examples --db $(DEMO_DB)
	$(BIN)/detente events --db $(DEMO_DB)
	$(BIN)/detente dyads --db $(DEMO_DB)

test: lint typecheck unit  ## everything CI checks on the code

lint: install
	$(BIN)/ruff check src tests eval benchmarks scripts
	$(BIN)/ruff format --check src tests eval benchmarks scripts
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy --strict src

unit: install
	$(BIN)/pytest

eval: install  ## score on the gold sets in ../shared; fails below eval/floors.json
	$(BIN)/python eval/run.py

bench: install  ## throughput and peak memory against a bare spaCy parse
	$(BIN)/python benchmarks/run.py

bench-memory: install  ## peak RSS of `detente ingest` over 10,000 generated documents (limit 1.5 GB; ~50 min on 2 cores)
	nice $(BIN)/python benchmarks/memory_bench.py --docs 10000 --db out/bench-memory.duckdb

bench-store: install  ## 10M-event synthetic store: analysis queries as ratios to a plain GROUP BY
	$(BIN)/python benchmarks/store_bench.py --events 10000000 --db out/bench-store.duckdb

bench-ray: install  ## Ray engine: 1 and 2 workers vs local on 2,000 docs, medians of 3 rounds (target x2 >= 1.6x x1; ~10 min)
	$(BIN)/python benchmarks/ray_bench.py

bench-import: install  ## 1M-row GDELT-layout file imported into a fresh store (goal > 100,000 rows/s)
	$(BIN)/python benchmarks/import_bench.py --rows 1000000 --dir out/import-bench

bench-web: install  ## 50 clients x 30 s against the web app over a 1M-event synthetic store
	$(BIN)/python benchmarks/web_load.py --events 1000000 --clients 50 --seconds 30 --db out/bench-web.duckdb

FUZZ_WORKERS ?= auto

fuzz: install  ## 100,000 hypothesis examples per fuzz target, one target per core (about 2 h on 2 cores)
	DETENTE_FUZZ=1 $(BIN)/pytest tests/test_fuzz.py -q -p no:cacheprovider -n $(FUZZ_WORKERS) \
		--dist load --hypothesis-show-statistics

data: install  ## rebuild the packaged data files from ../shared/reference
	$(BIN)/python scripts/build_event_data.py
	$(BIN)/python scripts/build_actor_data.py
	$(BIN)/python scripts/build_irregular_forms.py
	$(BIN)/python scripts/build_casing_data.py

clean:
	rm -rf out .mypy_cache .ruff_cache .pytest_cache
