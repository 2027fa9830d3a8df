# Two entry points on a fresh machine with only Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := samples/network

.PHONY: demo test setup sample accuracy bench bench-pmxml clean

$(BIN)/netdiag: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(BIN)/netdiag

# The demo complaint: the serving cell of the sample's injected TRX fault (see samples/network/truth.csv).
DEMO_CELL = $$(awk -F, '$$2=="trx_short_hold"{print $$5}' $(SAMPLE)/truth.csv)

# A spot 300 m in front of the cell with the injected latent TRX fault.
LATENT_CELL = $$(awk -F, '$$2=="trx_latent_fault"{print $$5}' $(SAMPLE)/truth.csv)
LATENT_SPOT = $$($(BIN)/python -c "import csv; from netdiag.diagnosis.locate import spot_towards; \
	c = next(r for r in csv.DictReader(open('$(SAMPLE)/cells.csv')) if r['cell'] == '$(LATENT_CELL)'); \
	s = spot_towards(float(c['lat']), float(c['lon']), float(c['azimuth']), 300); print(f'{s.lat:.6f},{s.lon:.6f}')")

demo: setup
	@echo "== triage: a subscriber at $(DEMO_CELL) hears one-way audio"
	$(BIN)/netdiag triage $(SAMPLE) --cell $(DEMO_CELL) --symptom one_way_audio --lang en
	@echo "== the same complaint, in Chinese"
	$(BIN)/netdiag triage $(SAMPLE) --cell $(DEMO_CELL) --symptom one_way_audio --lang zh --top 1
	@echo "== a subscriber 300 m in front of $(LATENT_CELL) says, in her words, that calls keep dropping"
	@spot=$(LATENT_SPOT); set -x; $(BIN)/netdiag triage $(SAMPLE) --at $$spot --symptom "说着说着就断了" --time "2026-11-20 20:15" --lang zh
	@echo "== the evening's tickets (samples/complaints.csv), one row each"
	$(BIN)/netdiag triage $(SAMPLE) --complaints samples/complaints.csv --lang en
	@echo "== the drive-test suspect list, and the same as a map layer (KML) and for Excel"
	$(BIN)/netdiag suspects $(SAMPLE) --top 5 --lang en
	$(BIN)/netdiag suspects $(SAMPLE) -o /tmp/netdiag-suspects.kml && $(BIN)/netdiag suspects $(SAMPLE) -o /tmp/netdiag-suspects.xlsx
	@echo "== scan: every suspect in the sample network (exit code 1 = findings at or above --fail-on high)"
	$(BIN)/netdiag scan $(SAMPLE) --lang en || test $$? -eq 1

test: setup
	$(BIN)/python -m pytest

# Accuracy of the rule base over freshly generated networks (SEEDS of them): per cause and overall.
SEEDS ?= 20
accuracy: setup
	$(BIN)/python -m netdiag.sample.accuracy --seeds $(SEEDS)

# Regenerate the committed sample network (its README lists the injected faults).
sample: setup
	rm -rf $(SAMPLE)
	$(BIN)/netdiag sample $(SAMPLE) --hours 24 --seed 7

# netdiag scan of a 20,000-cell network against reading its files with pyarrow (networks cached in .bench/).
bench: setup
	$(BIN)/python benchmarks/bench.py

# The PM XML part alone: a day of the network as 15-minute measCollec files against the iterparse floor.
bench-pmxml: setup
	BENCH_ONLY=pmxml $(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
