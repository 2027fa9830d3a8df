"""triage and scan read --store like a data folder: the same causes, from the complaint's scope only."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from netdiag.cli.app import app
from netdiag.diagnosis.locate import spot_towards

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample_dir):
    path = tmp_path_factory.mktemp("store") / "history"
    result = runner.invoke(app, ["import", str(sample_dir), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def causes(args):
    result = runner.invoke(app, [*args, "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return [(c["cause"], c["object"], c["score"]) for c in document["causes"]], document


@pytest.mark.parametrize("cause", ["trx_latent_fault", "cell_out_of_service", "cell_congestion"])
def test_triage_from_the_store_equals_triage_of_the_folder(store, sample_dir, sample_truth, sample_diagnosis, cause):
    fault = sample_truth[(sample_truth["cause"] == cause) & (sample_truth["role"] == "injected")].iloc[0]
    cell = sample_diagnosis.dataset["cells"].set_index("cell").loc[fault["cell"]]
    spot = spot_towards(float(cell["lat"]), float(cell["lon"]), float(cell["azimuth"]), 300)
    where = ["--at", f"{spot.lat:.6f},{spot.lon:.6f}", "--symptom", fault["symptom"]]
    from_store, document = causes(["triage", "--store", str(store), *where])
    from_folder, _ = causes(["triage", str(sample_dir), *where])
    assert from_store == from_folder
    assert from_store[0][0] == cause and document["candidates"][0]["cell"] == fault["cell"]


def test_triage_at_a_time_from_the_store_equals_the_folder(store, sample_dir, sample_truth):
    down = sample_truth.set_index("cause").loc["cell_out_of_service", "cell"]
    for when, found in (("2026-11-20 19:00", True), ("2026-11-20 08:00", False)):
        args = ["--cell", down, "--symptom", "家里没信号", "--time", when]
        from_store, _ = causes(["triage", "--store", str(store), *args])
        from_folder, _ = causes(["triage", str(sample_dir), *args])
        assert from_store == from_folder
        assert (from_store[0][0] == "cell_out_of_service") is found if from_store else not found


def test_scan_from_the_store_equals_scan_of_the_folder(store, sample_dir):
    def findings(args):
        result = runner.invoke(app, ["scan", *args, "--format", "json"])
        assert result.exit_code == 1, result.output  # the sample has high findings
        return sorted((f["rule"], f["object"], f["score"]) for f in json.loads(result.stdout)["findings"])

    assert findings(["--store", str(store), "--days", "1"]) == findings([str(sample_dir)])


def test_data_and_store_are_one_or_the_other(store, sample_dir):
    both = runner.invoke(app, ["scan", str(sample_dir), "--store", str(store)])
    assert both.exit_code == 2 and "not both" in both.output
    neither = runner.invoke(app, ["triage", "--cell", "S0001A", "--symptom", "call_drop"])
    assert neither.exit_code == 2 and "--store" in neither.output


def test_a_complaints_statistics_are_read_in_threads_the_networks_in_order(store, sample_truth, monkeypatch):
    """A complaint's statistics tables are read at once, in threads; the whole network's, and those of
    a reader keeping days for many complaints (its cache not shared), in order in its own thread:
    the same dataset."""
    import threading

    import pandas.testing as pdt

    from netdiag.store import load_complaint, load_store
    from netdiag.store.reader import StoreReader

    cell = sample_truth[(sample_truth["cause"] == "cell_congestion") & (sample_truth["role"] == "injected")].iloc[0]["cell"]
    threads: dict[str, threading.Thread] = {}
    real = StoreReader._time_table

    def recording(self, name, window, selection):
        threads[name] = threading.current_thread()
        return real(self, name, window, selection)

    monkeypatch.setattr(StoreReader, "_time_table", recording)
    threaded = load_complaint(store, cell)
    assert len(threads) >= 5 and threads["adjacency_ho"] is threading.current_thread()
    assert all(thread is not threading.current_thread() for name, thread in threads.items() if name != "adjacency_ho")

    threads.clear()
    load_store(store)  # the whole network: its tables one after another (at once they held 40 % more memory)
    assert len(threads) >= 5 and all(thread is threading.current_thread() for thread in threads.values())

    threads.clear()
    monkeypatch.setattr(StoreReader, "__init__", lambda self, store, keep_days=0, real=StoreReader.__init__: real(self, store, 2))
    kept = load_complaint(store, cell)
    assert threads and all(thread is threading.current_thread() for thread in threads.values())
    assert list(kept.tables) == list(threaded.tables)
    for name in threaded.tables:
        pdt.assert_frame_equal(kept.tables[name], threaded.tables[name])
