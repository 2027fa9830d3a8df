# Two entry points on a fresh machine with only Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := samples/network
# what make demo writes: in the checkout, ignored by git
DEMO_OUT := demo-output
DESK   := samples/desk

.PHONY: demo desk-demo test setup sample accuracy bench bench-pictures bench-pmxml clean

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
	@mkdir -p $(DEMO_OUT)
	@echo "== triage: a subscriber at $(DEMO_CELL) hears one-way audio"
	$(BIN)/netdiag triage $(SAMPLE) --cell $(DEMO_CELL) --symptom one_way_audio --lang en
	@echo "== the same complaint, in Chinese"
	$(BIN)/netdiag triage $(SAMPLE) --cell $(DEMO_CELL) --symptom one_way_audio --lang zh --top 1
	@echo "== a subscriber 300 m in front of $(LATENT_CELL) says, in her words, that calls keep dropping"
	@spot=$(LATENT_SPOT); set -x; $(BIN)/netdiag triage $(SAMPLE) --at $$spot --symptom "说着说着就断了" --time "2026-11-20 20:15" --lang zh
	@echo "== the same complaint as a report to close the ticket with (charts per period, alarms, a map of the sectors)"
	@spot=$(LATENT_SPOT); set -x; $(BIN)/netdiag triage $(SAMPLE) --at $$spot --symptom "说着说着就断了" --time "2026-11-20 20:15" --lang zh -o $(DEMO_OUT)/complaint-report.html
	@echo "== the evening's tickets (samples/complaints.csv), one row each"
	$(BIN)/netdiag triage $(SAMPLE) --complaints samples/complaints.csv --lang en
	@echo "== the drive-test suspect list, and the same as a map layer (KML) and for Excel"
	$(BIN)/netdiag suspects $(SAMPLE) --top 5 --lang en
	$(BIN)/netdiag suspects $(SAMPLE) -o $(DEMO_OUT)/suspects.kml && $(BIN)/netdiag suspects $(SAMPLE) -o $(DEMO_OUT)/suspects.xlsx
	@echo "== scan: every suspect in the sample network (exit code 1 = findings at or above --fail-on high)"
	$(BIN)/netdiag scan $(SAMPLE) --lang en || test $$? -eq 1
	@$(MAKE) --no-print-directory desk-demo

# The complaint desk on the sample: three months of tickets into a new case log (each triaged against the
# sample network: those before its statistics' day get no_evidence), the week's hotspots and the day's surges
# beside the network's findings and alarms, a case taken through its steps, the month's report.
DEMO_DB = $(DEMO_OUT)/cases.db
desk-demo: setup
	@mkdir -p $(DEMO_OUT)
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@echo "== the complaint desk: September to November's tickets become cases, each triaged against the sample network"
	for month in 2026-09 2026-10 2026-11; do $(BIN)/netdiag cases import $(DESK)/tickets-$$month.csv --data $(SAMPLE) --db $(DEMO_DB) --lang en || exit; done
	@echo "== hotspots of the last week, with the network's findings and alarms there"
	$(BIN)/netdiag cases hotspots --days 7 --data $(SAMPLE) --db $(DEMO_DB) --lang en
	@echo "== surges on the last day (the early warning), in Chinese"
	$(BIN)/netdiag cases surges --data $(SAMPLE) --db $(DEMO_DB) --lang zh
	@echo "== the first case of the surge, acknowledged, fixed and closed"
	@case=$$($(BIN)/netdiag cases list --cause cell_out_of_service --db $(DEMO_DB) --format csv --lang en 2>/dev/null | awk -F, 'NR==2{print $$2}'); set -x; \
	$(BIN)/netdiag cases update $$case --status acknowledged --owner "Li Wei" --at "2026-11-20 21:00" --db $(DEMO_DB) --lang en >/dev/null && \
	$(BIN)/netdiag cases update $$case --status investigating --at "2026-11-21 08:30" --fix "restarted the BTS of S0009" --fix-date 2026-11-21 --db $(DEMO_DB) --lang en >/dev/null && \
	$(BIN)/netdiag cases update $$case --status responded --at "2026-11-21 11:00" --note "told the subscriber the site is back" --db $(DEMO_DB) --lang en >/dev/null && \
	$(BIN)/netdiag cases update $$case --status closed --at "2026-11-22 10:00" --followup satisfied --db $(DEMO_DB) --lang en
	@echo "== the month's report: XLSX (one sheet per view, Chinese headers) and on screen"
	$(BIN)/netdiag cases report --month 2026-11 --subscribers $(DESK)/subscribers.csv --db $(DEMO_DB) -o $(DEMO_OUT)/report-2026-11.xlsx --lang zh
	$(BIN)/netdiag cases report --month 2026-11 --subscribers $(DESK)/subscribers.csv --db $(DEMO_DB) -o $(DEMO_OUT)/report-2026-11.html --lang zh
	$(BIN)/netdiag cases report --month 2026-11 --subscribers $(DESK)/subscribers.csv --db $(DEMO_DB) --lang en

# The suite on every core (pytest-xdist): 8 minutes on 2 cores, 14.5 in one process.
test: setup
	$(BIN)/python -m pytest -n auto

# Accuracy of the rule base over freshly generated networks (SEEDS lab ones, FIELD_SEEDS field ones):
# per cause and overall. 20 field networks hold at least 20 complaints of each cause.
SEEDS ?= 20
FIELD_SEEDS ?= 20
accuracy: setup
	$(BIN)/python -m netdiag.sample.accuracy --seeds $(SEEDS) --field-seeds $(FIELD_SEEDS)

# Regenerate the committed sample network (its README lists the injected faults).
sample: setup
	rm -rf $(SAMPLE) $(DESK)
	$(BIN)/netdiag sample $(SAMPLE) --hours 24 --seed 7 --tickets $(DESK)

# netdiag scan of a 20,000-cell network against reading its files with pyarrow (networks cached in .bench/).
bench: setup
	$(BIN)/python benchmarks/bench.py

# Size and render time of each HTML report on the sample and on the 20,000-cell network (cached in .bench/).
bench-pictures: setup
	$(BIN)/python benchmarks/pictures.py

# The PM XML part alone: a day of the network as 15-minute measCollec files against the iterparse floor.
bench-pmxml: setup
	BENCH_ONLY=pmxml $(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) build dist .pytest_cache $(DEMO_OUT)
