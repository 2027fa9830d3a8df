"""benchmarks/bench.py on the small sample: the floor reads every export, and the report is right."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module
    spec.loader.exec_module(module)
    return module


def test_the_floor_reads_every_export_with_pyarrow(bench, sample_dir):
    files = bench.export_files(sample_dir)
    assert {f.name for f in files} == {p.name for p in sample_dir.glob("*.csv")} - {"truth.csv"}
    run, arrow = bench.floor(sample_dir)
    rows = sum(len(f.read_text(encoding="utf-8").splitlines()) - 1 for f in files)
    assert arrow["rows"] == rows and arrow["arrow_bytes"] > 0
    assert run.returncode == 0 and run.seconds > 0 and run.cpu_seconds > 0 and run.peak_bytes > 10_000_000


def test_summary_takes_medians_and_judges_each_goal(bench):
    def runs(*seconds, peak=600e6):
        return [bench.Run(s, s, int(peak), 0, "", "") for s in seconds]

    inputs = {"cells": 20000, "half_cells": 10000, "files": 12, "csv_mb": 166.0, "rows": 10, "arrow_bytes": 300_000_000}
    result = bench.summary(runs(1.0, 9.0, 1.2), runs(1.4, 1.7, 1.6), runs(0.9, 0.7, 0.8, peak=400e6), inputs)
    assert result["floor_s"] == 1.2 and result["scan_s"] == 1.6 and result["half_scan_s"] == 0.8
    assert result["scan_vs_floor"] == pytest.approx(1.6 / 1.2, abs=1e-3) and result["verdicts"]["scan_vs_floor"] == "PASS"
    assert result["memory_vs_arrow"] == 2.0 and result["verdicts"]["memory_vs_arrow"] == "PASS"
    assert result["growth"] == 2.0 and result["verdicts"]["growth"] == "PASS"
    slow = bench.summary(runs(1.0), runs(2.0, peak=1000e6), runs(0.5), inputs)
    assert slow["verdicts"] == {"scan_vs_floor": "MISS", "memory_vs_arrow": "MISS", "growth": "MISS"}
    text = bench.report(slow)
    assert "scan / floor" in text and "MISS" in text and "20,000 cells" in text


def test_a_cached_network_is_keyed_by_size_seed_and_generator(bench):
    key = bench.generator_key(20000)
    assert key == bench.generator_key(20000) and key != bench.generator_key(10000)
    assert set(key) == {"cells", "hours", "seed", "generator"}
