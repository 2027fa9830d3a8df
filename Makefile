# Two entry points on a fresh machine with only Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := samples/network

.PHONY: demo test setup sample clean

$(BIN)/netdiag: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(BIN)/netdiag

demo: setup
	@echo "== triage: a subscriber at S0018B says calls drop"
	$(BIN)/netdiag triage $(SAMPLE) --cell $$(awk -F, '$$2=="high_drop_cell"{print $$5}' $(SAMPLE)/truth.csv) --symptom call_drop --lang en
	@echo "== scan: every suspect in the sample network"
	$(BIN)/netdiag scan $(SAMPLE) --lang en --fail-on critical

test: setup
	$(BIN)/python -m pytest

# Regenerate the committed sample network (its README lists the injected faults).
sample: setup
	rm -rf $(SAMPLE)
	$(BIN)/netdiag sample $(SAMPLE) --cells 300 --hours 24 --seed 7

clean:
	rm -rf $(VENV) build dist .pytest_cache
