"""A scan shared with a forked process finds exactly what the one-process scan finds, and fails as it does."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas.testing as pdt
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from typer.testing import CliRunner

from netdiag import diagnose, load_rules
from netdiag.cli.app import app
from netdiag.cli.scan import JOBS_HELP
from netdiag.diagnosis import parallel
from netdiag.diagnosis.parallel import FORKED_LEVELS, auto_jobs, diagnose_forked
from netdiag.errors import DataError
from netdiag.measures import compute as compute_module
from netdiag.measures.compute import STRETCH_CHANGES
from netdiag.rules import engine
from netdiag.render.labels import SCAN_OPTION_HELP
from netdiag.sample import generate_network

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="no fork start method on this platform")


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def same(one, other) -> None:
    pdt.assert_frame_equal(one.findings, other.findings)
    assert one.skipped == other.skipped


def test_two_processes_find_what_one_finds(rules, sample_diagnosis):
    found = diagnose_forked(sample_diagnosis.dataset, rules, jobs=2)
    same(found, sample_diagnosis)
    # both processes' levels took part
    assert set(found.findings["level"]) >= {"cell", "trx", "adjacency", "circuit", "circuit_group", "bsc", "lac"}
    assert set(found.measures) == {"cell"}  # the forked levels' measures stay there
    assert found.dataset is sample_diagnosis.dataset  # as diagnose returns it (no context added)


def test_missing_optional_tables(rules, sample_diagnosis):
    """No 180 report, A interface or TRX statistics: rules skipped alike, the remaining forked level
    (neighbour relations from the configuration) still in the fork."""
    ds = sample_diagnosis.dataset
    tables = {name: frame for name, frame in ds.tables.items() if name not in ("adjacency_ho", "a_circuits", "a_circuit_state", "trx_kpi", "sccp")}
    small = dataclasses.replace(ds, tables=tables, context=None)
    one = diagnose(small, rules)
    assert one.skipped
    same(diagnose_forked(small, rules, jobs=2), one)


def test_failing_rules_are_listed_in_their_place(rules, sample_diagnosis, monkeypatch):
    """Rules failing here and in the fork are skipped rules with their errors, in the rule base's order."""
    real = engine._run

    def failing(rule, frames, params):
        if rule.id in ("trx_latent_fault", "ghost_neighbour", "cell_congestion", "uplink_interference"):
            raise ValueError(f"{rule.id} cannot run")
        return real(rule, frames, params)

    monkeypatch.setattr(engine, "_run", failing)
    one = diagnose(sample_diagnosis.dataset, rules)
    failed = [entry["rule"] for entry in one.skipped if "error" in entry]
    assert len(failed) == 4 and {rule.rule.level for rule in rules if rule.id in failed} == {"trx", "adjacency", "cell"}
    same(diagnose_forked(sample_diagnosis.dataset, rules, jobs=2), one)


def test_an_error_in_the_fork_comes_back_as_itself(rules, sample_diagnosis, monkeypatch, sample_dir):
    def bad(ds):
        raise DataError("180_adjacency_ho.csv: row 7: column attempts: not a number")

    monkeypatch.setitem(compute_module._COMPUTE, "adjacency", bad)
    with pytest.raises(DataError, match="row 7: column attempts") as raised:
        diagnose_forked(sample_diagnosis.dataset, rules, jobs=2)
    assert "in bad" in raised.value.__notes__[0]  # where it was raised in the fork, for --debug
    result = CliRunner().invoke(app, ["scan", str(sample_dir), "--jobs", "2", "--format", "json"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].endswith("180_adjacency_ho.csv: row 7: column attempts: not a number")
    assert "Traceback" not in result.output


def test_a_fork_that_dies_is_an_error_not_a_wait(rules, sample_diagnosis, monkeypatch):
    monkeypatch.setitem(compute_module._COMPUTE, "trx", lambda ds: os._exit(9))
    started = time.monotonic()
    with pytest.raises(DataError, match="ended without its findings .exit code 9"):
        diagnose_forked(sample_diagnosis.dataset, rules, jobs=2)
    assert time.monotonic() - started < 60


def test_the_cell_level_does_not_wait_for_the_radio_plan(rules, sample_diagnosis, monkeypatch, tmp_path):
    """This process works out the cell level while the fork still works out the radio plan (held up
    here): the plan is asked for last, and the findings are still those of one process."""
    real_plan, real_cell = parallel.radio_plan, compute_module._COMPUTE["cell"]
    done = tmp_path / "plan-done"

    def slow_plan(ds, *args):
        time.sleep(1.0)
        plan = real_plan(ds, *args)
        done.write_text(repr(time.monotonic()))  # (in the fork)
        return plan

    started = []

    def cell(ds):
        started.append(time.monotonic())
        return real_cell(ds)

    monkeypatch.setattr(parallel, "radio_plan", slow_plan)
    monkeypatch.setitem(compute_module._COMPUTE, "cell", cell)
    found = diagnose_forked(sample_diagnosis.dataset, rules, jobs=2)
    same(found, sample_diagnosis)
    assert len(started) == 1 and started[0] < float(done.read_text())


def test_a_radio_plan_that_fails_in_the_fork_comes_back(rules, sample_diagnosis, monkeypatch):
    def bad(ds, *args):
        raise DataError("cells.csv: row 3: column lat: not a latitude")

    monkeypatch.setattr(parallel, "radio_plan", bad)
    with pytest.raises(DataError, match="row 3: column lat"):
        diagnose_forked(sample_diagnosis.dataset, rules, jobs=2)
    monkeypatch.setattr(parallel, "radio_plan", lambda ds, *args: os._exit(7))
    started = time.monotonic()
    with pytest.raises(DataError, match="ended without its findings .exit code 7"):
        diagnose_forked(sample_diagnosis.dataset, rules, jobs=2)
    assert time.monotonic() - started < 60


def test_the_received_plan_pickles_as_the_plan():
    """A context holding the plan still to come is pickled (Dask, a cache) as the plan itself."""
    import pickle

    import pandas as pd

    class Sent:
        def receive(self):
            return pd.DataFrame({"cell": ["A"], "nearest_site_km": [1.5]})

    pending = parallel._Received(Sent())
    again = pickle.loads(pickle.dumps(pending))
    pdt.assert_frame_equal(again, pending())


def test_the_fork_holds_one_level_at_a_time(rules, sample_diagnosis, monkeypatch, tmp_path):
    """The fork works out a level, runs its rules and lets its frames go before the next level: its
    memory beside this process's is one level's, not all of them (the findings are the same)."""
    import json
    import weakref

    log = tmp_path / "levels.jsonl"
    real = parallel.compute

    def recording(ds, levels):
        alive = sum(ref() is not None for ref in held)
        measures = real(ds, levels)
        held.extend(weakref.ref(frames) for frames in measures.values())
        with log.open("a") as out:
            out.write(json.dumps({"levels": sorted(levels), "alive_before": alive, "pid": os.getpid()}) + "\n")
        return measures

    held: list = []
    monkeypatch.setattr(parallel, "compute", recording)
    found = diagnose_forked(sample_diagnosis.dataset, rules, jobs=2)
    same(found, sample_diagnosis)
    forked = [json.loads(line) for line in log.read_text().splitlines() if json.loads(line)["pid"] != os.getpid()]
    assert [entry["levels"] for entry in forked] == [["adjacency"], ["circuit", "circuit_group"], ["trx"], ["bsc"], ["lac"]]
    assert all(entry["alive_before"] == 0 for entry in forked)


def test_leaving_early_ends_the_fork():
    """This process interrupted (Ctrl-C) or failing while the fork works: the fork is ended, not left."""
    with pytest.raises(KeyboardInterrupt):
        with parallel._Worker(lambda channel: time.sleep(600)) as worker:
            raise KeyboardInterrupt
    assert not worker._process.is_alive() and worker._process.exitcode is not None


def test_the_fork_dies_with_its_parent(tmp_path):
    """A parent killed outright (kill -9, no chance to end its fork) takes the fork with it."""
    script = textwrap.dedent(f"""
        import os, signal, sys, time
        from netdiag.diagnosis import parallel
        worker = parallel._Worker(lambda channel: time.sleep(600)).__enter__()
        print(worker._process.pid, flush=True)
        time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    pid = int(done.stdout.split()[0])
    for _ in range(100):
        if not _alive(pid):
            break
        time.sleep(0.1)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_forking_after_a_threaded_arrow_read(tmp_path):
    """pyarrow's thread pools were busy reading just before the fork: the fork reads with them too
    (pyarrow re-creates its pools after a fork) and answers."""
    path = tmp_path / "big.csv"
    path.write_text("a,b\n" + "".join(f"{i},{i * 2}\n" for i in range(200_000)))
    table = pacsv.read_csv(path, read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 16))

    def again(channel):
        theirs = pacsv.read_csv(path, read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 16))
        return int(pa.compute.sum(theirs["b"]).as_py()), theirs.num_rows

    with parallel._Worker(again) as worker:
        answer = worker.receive()
    assert answer == (int(pa.compute.sum(table["b"]).as_py()), table.num_rows)


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel") / "net"
    generate_network(folder, cells=1000, hours=24, seed=3)
    return folder


def test_jobs_1_and_2_write_the_same_outputs(network, tmp_path):
    """A generated network, scanned by the CLI with one process and with two: the same bytes."""
    outputs = {}
    for jobs in ("1", "2"):
        for fmt in ("json", "csv"):
            out = tmp_path / f"scan-{jobs}.{fmt}"
            result = CliRunner().invoke(app, ["scan", str(network), "--jobs", jobs, "-o", str(out), "--lang", "en"])
            assert result.exit_code in (0, 1), result.output
            outputs[jobs, fmt] = out.read_bytes()
    assert outputs["1", "json"] == outputs["2", "json"] and outputs["1", "csv"] == outputs["2", "csv"]
    assert b'"cause"' in outputs["1", "json"]


def test_when_two_processes_are_used(sample_diagnosis, monkeypatch):
    ds = sample_diagnosis.dataset  # 600 cells, 80,000 rows of statistics
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    monkeypatch.setattr(parallel, "busy_cores", lambda: 0.7)
    assert auto_jobs(ds) == 2
    monkeypatch.setattr(parallel, "busy_cores", lambda: 2.0)  # every core busy: a second process only takes turns
    assert auto_jobs(ds) == 1
    monkeypatch.setattr(parallel, "usable_cores", lambda: 4)
    assert auto_jobs(ds) == 2  # (two of four busy)
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    monkeypatch.setattr(parallel, "busy_cores", lambda: 1.2)
    few = dataclasses.replace(ds, tables={name: frame.head(1000) for name, frame in ds.tables.items()})
    assert auto_jobs(few) == 1  # too little to gain
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    assert auto_jobs(ds) == 1
    monkeypatch.setattr(parallel, "usable_cores", lambda: 8)
    monkeypatch.setattr(parallel.sys, "platform", "darwin")  # fork exists there, but is not safe
    assert not parallel.can_fork() and auto_jobs(ds) == 1
    monkeypatch.undo()
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    found = diagnose_forked(ds, load_rules(), jobs=2)  # asked for, but no fork: in this process
    assert set(found.measures) >= {"cell", "adjacency"}


def test_the_load_average_is_read(monkeypatch):
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (1.5, 0.9, 0.4))
    assert parallel.busy_cores() == 1.5  # the last minute's

    def none():
        raise OSError("no load average here")

    monkeypatch.setattr(parallel.os, "getloadavg", none)
    assert parallel.busy_cores() == 0.0


def test_levels_judged_over_stretches_stay_here():
    """An explaining finding's step is checked on the frames of its level: those must be here."""
    assert not FORKED_LEVELS & set(STRETCH_CHANGES)


def test_jobs_option_help_in_both_languages(sample_dir):
    assert SCAN_OPTION_HELP["en"]["jobs"] == JOBS_HELP and SCAN_OPTION_HELP["zh"]["jobs"]
    result = CliRunner().invoke(app, ["scan", str(sample_dir), "--jobs", "2", "--workers", "2"])
    assert result.exit_code == 2 and "--jobs" in result.output


def test_interrupted_cli_scan_leaves_no_process(network):
    """Ctrl-C (SIGINT to the process group) while both processes work: both end. The fork's TRX
    measures are held up (sleep), so the interrupt always comes while it works, however fast the scan."""
    script = textwrap.dedent(f"""
        import importlib, signal, sys, time
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as from a terminal: pytest-xdist's workers ignore SIGINT, and children inherit that
        compute = importlib.import_module("netdiag.measures.compute")
        compute._COMPUTE["trx"] = lambda ds: time.sleep(600)
        from netdiag.cli import main
        sys.argv = ["netdiag", "scan", {str(network)!r}, "--jobs", "2", "--format", "json"]
        main()
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    children = set()
    deadline = time.monotonic() + 120
    while not children and time.monotonic() < deadline and proc.poll() is None:
        children = _children(proc.pid)
        time.sleep(0.02)
    assert children, proc.stderr.read().decode() if proc.poll() is not None else "no fork seen in 120 s"
    time.sleep(0.5)  # the fork past its start, in the held-up measures
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=60)
    time.sleep(0.5)
    assert proc.returncode == 130
    assert not any(_alive(child) for child in children)


def _children(pid: int) -> set[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            return {int(child) for child in listed.read().split()}
    except FileNotFoundError:
        return set()
