"""benchmarks/scale_bench.py and tickets_bench.py: the day of tickets is generated the same each time,
spread over the day, in every form a call centre writes; the report lines carry each figure."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_bench  # noqa: E402
import tickets_bench  # noqa: E402


def test_the_tickets_are_deterministic_and_spread_over_the_day(tmp_path, sample_dir):
    first = tickets_bench.write_tickets(sample_dir, tmp_path / "a.csv", 300)
    again = tickets_bench.write_tickets(sample_dir, tmp_path / "b.csv", 300)
    assert first.read_bytes() == again.read_bytes()
    rows = list(csv.DictReader(first.open(encoding="utf-8")))
    assert len(rows) == 300
    assert len({r["received_at"][11:13] for r in rows}) == 24  # every hour of the day
    assert {bool(r["cell"]) for r in rows} == {True, False} and any(r["lac"] for r in rows) and any(r["lat"] for r in rows)
    words = [r["symptom"] for r in rows]
    assert any(w in tickets_bench.WORDS for w in words) and any(w not in tickets_bench.WORDS for w in words)


def test_the_report_lines_name_every_figure():
    figures = {
        "tickets": {name: {"seconds": 41.2, "cpu_s": 39.0, "peak_mb": 900.0, "tickets": 1000, "verdict": "PASS"} for name in ("store", "folder")},
        "dask": {"days": 3, "workers": 2, "seconds": 20.0, "client_cpu_s": 2.0, "worker_cpu_s": 30.0, "client_peak_mb": 300.0,
                 "worker_peaks_mb": [1200.0, 1100.0], "findings": 400, "local_seconds": 25.0, "local_cpu_s": 24.0,
                 "local_peak_mb": 2500.0, "local_findings": 400},
    }
    text = "\n".join(scale_bench.report_lines(figures))
    assert "1000 tickets, --store, 30 days" in text and "one day's folder" in text and "PASS" in text
    assert "client peak 300.0 MB, workers 1200.0, 1100.0 MB" in text and "400 findings" in text


def test_the_bench_parts_are_chosen_by_switches():
    assert scale_bench.parts({}) == {"core", "tickets", "dask"}
    assert scale_bench.parts({"BENCH_ONLY": "scale"}) == {"tickets", "dask"}
    assert scale_bench.parts({"BENCH_ONLY": "national"}) == {"national"}
    assert scale_bench.parts({"BENCH_NATIONAL": "1"}) == {"core", "tickets", "dask", "national"}
    assert scale_bench.parts({"BENCH_ONLY": "tickets", "BENCH_NATIONAL": "1"}) == {"tickets", "national"}
    with pytest.raises(SystemExit, match="unknown part"):
        scale_bench.parts({"BENCH_ONLY": "tickts"})
