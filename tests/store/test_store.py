"""The history store: round trip, idempotence, corrections, atomicity, windows, scoped triage, CLI."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from typer.testing import CliRunner

from netdiag import Complaint, DataError, UsageError, diagnose, load_rules, triage
from netdiag.cli.app import app
from netdiag.diagnosis.source import Inputs, is_store, open_source
from netdiag.measures.context import context_parts, network_context
from netdiag.rules.loader import RuleSet
from netdiag.store import import_dataset, import_exports, load_complaint, load_store
from netdiag.store import importer, reader
from netdiag.store.manifest import import_lock, read_manifest
from store_support import tree

DAY = "2026-11-20"
# Complaints whose causes need neighbours, the BSC's reports, alarms and the network's baselines.
COMPLAINTS = [
    ("S0188B", "choppy_voice"),  # target_cell_congestion: a neighbour's congestion
    ("S0009B", "no_coverage"),  # cell_out_of_service: an alarm active at the window's end
]
CANDIDATES = [
    ("S0069A", "call_setup"),  # sccp_call_loss: the BSC against the network's SCCP baseline
    ("S0120B", "call_drop"),  # high_drop_cell: the network's drop-rate baseline
]


def findings(diagnosis) -> pd.DataFrame:
    frame = diagnosis.findings
    return frame[["rule", "object", "score", "severity"]].sort_values(["rule", "object"]).reset_index(drop=True)


def causes(result) -> pd.DataFrame:
    return result.causes[["cause", "object", "relation", "rank_score"]].reset_index(drop=True)


def shifted(dataset, days: int):
    """The dataset as if exported `days` days later."""
    shift = pd.Timedelta(days=days)
    tables = {
        name: frame.assign(**{c: frame[c] + shift for c in ("start_time", "raised_at", "cleared_at") if c in frame})
        for name, frame in dataset.tables.items()
    }
    return dataclasses.replace(dataset, tables=tables, root=None)


@pytest.fixture(scope="module")
def three_days(tmp_path_factory, sample_diagnosis) -> Path:
    """The sample and two copies a day and two days later; on the third day S0005A's level falls 10 dB."""
    store = tmp_path_factory.mktemp("days") / "history"
    ds = sample_diagnosis.dataset
    for offset in range(3):
        day = shifted(ds, offset)
        if offset == 2:
            kpi = day["cell_kpi"]
            kpi = kpi.assign(rxlev_dl_avg=kpi["rxlev_dl_avg"].where(kpi["cell"] != "S0005A", kpi["rxlev_dl_avg"] - 10))
            day = dataclasses.replace(day, tables={**day.tables, "cell_kpi": kpi})
        import_dataset(day, store)
    return store


@pytest.fixture(scope="module")
def three_days_read(three_days):
    return load_store(three_days, days=3)


# -- round trip ---------------------------------------------------------------------------------


def test_store_gives_back_the_tables_it_was_given(sample_store, sample_diagnosis):
    stored = load_store(sample_store, days=1)
    for name, frame in sample_diagnosis.dataset.tables.items():
        keys = list(frame.columns[:4])
        expected = frame.sort_values(keys, kind="stable").reset_index(drop=True)
        pdt.assert_frame_equal(stored[name].sort_values(keys, kind="stable").reset_index(drop=True), expected, obj=name)


def test_scan_from_the_store_finds_what_the_scan_of_the_folder_finds(sample_store, sample_diagnosis):
    from_store = diagnose(load_store(sample_store, days=1), load_rules())
    pdt.assert_frame_equal(findings(from_store), findings(sample_diagnosis))
    assert list(from_store.findings["evidence"]) == list(sample_diagnosis.findings["evidence"])


def test_layout_is_hive_partitioned_by_table_and_day(sample_store):
    import pyarrow.dataset as pads

    files = sorted(p.relative_to(sample_store).as_posix() for p in sample_store.rglob("*.parquet"))
    assert f"cell_kpi/date={DAY}/part-000001.parquet" in files
    assert f"cells/date={DAY}/part-000001.parquet" in files
    kpi = pads.dataset(sample_store / "cell_kpi", format="parquet", partitioning="hive").to_table()
    assert set(kpi.column("date").to_pylist()) == {DAY}


# -- idempotence and corrections ----------------------------------------------------------------


def test_importing_the_same_files_again_changes_nothing(store_copy, sample_dir):
    before = tree(store_copy)
    again = import_exports(sample_dir, store_copy)
    assert again.same_as == 1 and again.import_id is None
    forced = import_exports(sample_dir, store_copy, force=True)
    assert forced.import_id is None  # every partition read back equal: nothing written
    assert {c.action for c in forced.changes} == {"unchanged"}
    assert tree(store_copy) == before


def test_a_corrected_export_replaces_the_rows_it_has(store_copy, sample_diagnosis):
    ds = sample_diagnosis.dataset
    kpi = ds["cell_kpi"]
    fix = kpi[kpi["cell"] == "S0001A"].assign(tch_drops=pd.array([99] * 24, dtype="Int64"))
    report = import_dataset(dataclasses.replace(ds, tables={"cell_kpi": fix, "cells": ds["cells"]}), store_copy)
    actions = {(c.table, c.action) for c in report.changes if c.table != "_context"}
    assert actions == {("cell_kpi", "replaced"), ("cells", "unchanged")}
    stored = load_store(store_copy, days=1)["cell_kpi"]
    assert len(stored) == len(kpi)  # the other cells' rows stay
    assert (stored.loc[stored["cell"] == "S0001A", "tch_drops"] == 99).all()
    assert stored.loc[stored["cell"] == "S0001B", "tch_drops"].tolist() == kpi.loc[kpi["cell"] == "S0001B", "tch_drops"].tolist()
    # --replace: the day holds the import's rows only
    import_dataset(dataclasses.replace(ds, tables={"cell_kpi": fix, "cells": ds["cells"]}), store_copy, replace=True)
    assert set(load_store(store_copy, days=1)["cell_kpi"]["cell"]) == {"S0001A"}


def test_the_day_summary_follows_a_corrected_day(store_copy, sample_diagnosis):
    ds = sample_diagnosis.dataset
    kpi = ds["cell_kpi"]
    fix = kpi[kpi["cell"] == "S0001A"].assign(tch_seizures=pd.array([5000] * 24, dtype="Int64"))
    import_dataset(dataclasses.replace(ds, tables={"cell_kpi": fix, "cells": ds["cells"]}), store_copy)
    whole = load_store(store_copy, days=1)
    part = load_store(store_copy, days=1, cells=["S0001A"])
    assert part.context.cell_baselines == network_context(context_parts(whole)).cell_baselines


# -- atomicity ----------------------------------------------------------------------------------


def test_an_import_failing_midway_leaves_the_store_as_it_was(store_copy, sample_diagnosis, monkeypatch):
    before = tree(store_copy)
    moved = []
    publish = importer.publish

    def failing(staged, target):
        if len(moved) == 3:
            raise OSError("disk full")
        publish(staged, target)
        moved.append(target)

    monkeypatch.setattr(importer, "publish", failing)
    with pytest.raises(DataError, match="cannot write the store: disk full; nothing was imported"):
        import_dataset(shifted(sample_diagnosis.dataset, 1), store_copy)
    assert len(moved) == 3
    assert tree(store_copy) == before
    assert not list(store_copy.glob(".staging-*"))


def test_a_killed_import_is_invisible_and_cleaned_up_by_the_next(store_copy, sample_diagnosis):
    script = textwrap.dedent(
        f"""
        import os, dataclasses
        import pandas as pd
        from netdiag import build_dataset
        from netdiag.store import importer
        moved = []
        def publish(staged, target):
            if len(moved) == 2:
                os._exit(9)  # killed: no cleanup runs
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
            moved.append(target)
        importer.publish = publish
        cells = pd.DataFrame({{"cell": ["X1", "X2"], "bsc": ["B9", "B9"]}})
        kpi = pd.DataFrame({{"start_time": pd.to_datetime(["2026-11-21 00:00", "2026-11-21 01:00"]), "cell": ["X1", "X1"],
                            "tch_seizures": [10, 12]}})
        alarms = pd.DataFrame({{"raised_at": pd.to_datetime(["2026-11-21 03:00"]), "object": ["B9/S9/X1"], "alarm": ["x"]}})
        importer.import_dataset(build_dataset({{"cells": cells, "cell_kpi": kpi, "alarms": alarms}}), {str(store_copy)!r})
        """
    )
    manifest = (store_copy / "manifest.json").read_bytes()
    before = load_store(store_copy, days=1)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr
    assert (store_copy / "manifest.json").read_bytes() == manifest
    placed = [p for p in store_copy.rglob("part-000002.parquet") if not p.relative_to(store_copy).as_posix().startswith(".")]
    assert list(store_copy.glob(".staging-*")) and len(placed) == 2  # moved into place, never named
    after = load_store(store_copy, days=1)
    for name in before.tables:
        pdt.assert_frame_equal(after[name], before[name])
    with import_lock(store_copy):
        removed = importer.clean_store(store_copy, read_manifest(store_copy))
    assert removed >= 2
    assert not list(store_copy.glob(".staging-*")) and not list(store_copy.rglob("part-000002.parquet"))


def test_a_second_import_at_the_same_time_is_refused(store_copy, sample_dir):
    with import_lock(store_copy):
        with pytest.raises(UsageError, match="another import"):
            import_exports(sample_dir, store_copy, force=True)


# -- windows ------------------------------------------------------------------------------------


def test_days_reads_only_the_partitions_of_those_days(three_days, monkeypatch):
    opened: list[str] = []
    scan = reader._scan
    monkeypatch.setattr(reader, "_scan", lambda files, name, wanted, *columns: opened.extend(str(f) for f in files) or scan(files, name, wanted, *columns))
    ds = load_store(three_days, days=2)
    days = set(ds["cell_kpi"]["start_time"].dt.strftime("%Y-%m-%d"))
    assert days == {"2026-11-21", "2026-11-22"}
    assert not [f for f in opened if "date=2026-11-20" in f and "/alarms/" not in f]
    earlier = load_store(three_days, days=1, until=date(2026, 11, 20))
    assert set(earlier["cell_kpi"]["start_time"].dt.strftime("%Y-%m-%d")) == {"2026-11-20"}


def test_alarms_raised_before_the_window_and_still_open_are_read(three_days):
    alarms = load_store(three_days, days=1)["alarms"]
    raised = alarms["raised_at"].dt.strftime("%Y-%m-%d")
    older = alarms[raised < "2026-11-22"]
    assert not older.empty  # the earlier days' alarms that never cleared
    assert older["cleared_at"].isna().all()
    assert (raised == "2026-11-22").any()


def test_an_alarm_cleared_in_a_later_export_is_cleared_where_it_was_raised(three_days, tmp_path, sample_diagnosis):
    store = tmp_path / "history"
    shutil.copytree(three_days, store)
    alarms = load_store(store, days=1, until=date(2026, 11, 20))["alarms"]
    open_alarm = alarms[alarms["cleared_at"].isna()].head(1)
    cleared = open_alarm.assign(cleared_at=pd.Timestamp("2026-11-21 03:00"))
    report = import_dataset(dataclasses.replace(sample_diagnosis.dataset, tables={"alarms": cleared}), store)
    assert [(c.table, c.day, c.action) for c in report.changes if c.table == "alarms"] == [("alarms", "2026-11-20", "replaced")]
    on_day_three = load_store(store, days=1)["alarms"]
    assert not (on_day_three["raised_at"] == open_alarm["raised_at"].iloc[0]).any()  # cleared before that day
    on_day_two = load_store(store, days=1, until=date(2026, 11, 21))["alarms"]
    row = on_day_two[on_day_two["raised_at"] == open_alarm["raised_at"].iloc[0]]
    assert row["cleared_at"].tolist() == [pd.Timestamp("2026-11-21 03:00")]


def test_the_window_context_is_the_sum_of_its_days(three_days, three_days_read):
    expected = network_context(context_parts(three_days_read))
    partial = load_store(three_days, days=3, bscs=["BSC01"])
    assert partial.context.busy_periods == expected.busy_periods
    assert partial.context.window_end == expected.window_end
    assert partial.context.sccp_baseline == pytest.approx(expected.sccp_baseline, rel=1e-12)
    for name, value in expected.cell_baselines.items():
        assert partial.context.cell_baselines[name] == pytest.approx(value, rel=1e-12), name
    targets = partial.context.target_congestion.set_index("neighbour").sort_index()
    pdt.assert_frame_equal(targets, expected.target_congestion.set_index("neighbour").sort_index(), rtol=1e-12)


def test_statistics_of_a_cell_the_configuration_lacks_stay_out_of_the_context(store_copy, sample_diagnosis):
    """Busy periods are the configured cells' (as over the whole network): an unknown cell's traffic
    counted in the day's summary is taken out again at the read."""
    ds = sample_diagnosis.dataset
    kpi = ds["cell_kpi"]
    stranger = kpi[kpi["cell"] == "S0001A"].assign(cell="X9", tch_traffic_erl=np.linspace(5000, 0, 24))
    import_dataset(dataclasses.replace(ds, tables={"cell_kpi": stranger, "cells": ds["cells"]}), store_copy)
    whole = load_store(store_copy, days=1)
    assert "X9" in set(whole["cell_kpi"]["cell"])
    expected = network_context(context_parts(whole))
    partial = load_store(store_copy, days=1, cells=["S0001A"]).context
    assert partial.busy_periods == expected.busy_periods
    assert partial.cell_baselines == pytest.approx(expected.cell_baselines, rel=1e-12)


def test_coverage_degraded_compares_the_last_day_with_the_days_before(three_days, three_days_read):
    rules = RuleSet([load_rules().get("coverage_degraded")])
    one_day = diagnose(load_store(three_days, days=1), rules).findings
    three = diagnose(three_days_read, rules).findings
    assert "S0005A" not in set(one_day["object"])  # within the last day alone the level is steady
    assert "S0005A" in set(three["object"])


# -- one complaint's scope ----------------------------------------------------------------------


@pytest.mark.parametrize("cell, symptom", COMPLAINTS)
def test_triage_of_the_scope_ranks_what_triage_of_the_whole_ranks(sample_store, sample_diagnosis, cell, symptom):
    scoped = load_complaint(sample_store, cell, days=1)
    assert len(scoped["cell_kpi"]) < len(sample_diagnosis.dataset["cell_kpi"]) / 10
    complaint = Complaint(cell=cell, symptom=symptom)
    expected = triage(sample_diagnosis, complaint)
    result = triage(diagnose(scoped, load_rules()), complaint)
    assert expected.verdict == "fault_found"
    pdt.assert_frame_equal(causes(result), causes(expected))
    assert list(result.causes["evidence"]) == list(expected.causes["evidence"])


def test_a_scope_read_measures_only_the_cells_it_read(sample_store, sample_diagnosis):
    """The whole configuration comes with a complaint's scope (for distances and neighbours), but only
    the cells read are measured, each exactly as over the whole network."""
    from netdiag.measures.compute import compute

    scoped = load_complaint(sample_store, "S0001A", days=1)
    read = set(scoped["cell_kpi"]["cell"])
    assert len(scoped["cells"]) == len(sample_diagnosis.dataset["cells"])
    measured = compute(scoped, ["cell"])["cell"].whole.set_index("cell")
    assert set(measured.index) == read | (set(scoped.context.focus) & set(scoped["cells"]["cell"]))
    assert len(measured) < len(scoped["cells"]) / 10
    whole = compute(sample_diagnosis.dataset, ["cell"])["cell"].whole.set_index("cell").loc[measured.index]
    pdt.assert_frame_equal(measured[whole.columns], whole, check_dtype=False)


def test_triage_of_the_scope_over_several_days(three_days, three_days_read):
    """Busy hours, baselines and persistence from three days' summaries (cell_congestion at S0129B)."""
    rules = load_rules()
    complaint = Complaint(cell="S0129B", symptom="call_setup")
    expected = triage(diagnose(three_days_read, rules), complaint)
    result = triage(diagnose(load_complaint(three_days, "S0129B", days=3), rules), complaint)
    assert "cell_congestion" in set(expected.causes["cause"])
    pdt.assert_frame_equal(causes(result), causes(expected))


def test_a_handover_target_outside_the_neighbour_list_is_judged_on_its_own_counters(store_copy, sample_diagnosis):
    """S0188B hands over to a congested S0188A; with that relation gone from the neighbour list, the
    180 report still names S0188A, whose congestion the scoped read must know."""
    ds = sample_diagnosis.dataset
    neighbours = ds["neighbours"]
    cut = neighbours[~((neighbours["cell"] == "S0188B") & (neighbours["neighbour"] == "S0188A"))]
    import_dataset(dataclasses.replace(ds, tables={"cells": ds["cells"], "neighbours": cut}), store_copy, day=date(2026, 11, 20))
    complaint = Complaint(cell="S0188B", symptom="choppy_voice")
    expected = triage(diagnose(load_store(store_copy, days=1), load_rules()), complaint)
    assert "S0188B->S0188A" in set(expected.causes["object"])
    scoped = load_complaint(store_copy, "S0188B", days=1)
    relations = scoped["neighbours"]
    assert "S0188A" not in set(relations.loc[relations["cell"] == "S0188B", "neighbour"])
    pdt.assert_frame_equal(causes(triage(diagnose(scoped, load_rules()), complaint)), causes(expected))


def test_a_complaint_with_several_candidate_cells_reads_all_their_scopes(sample_store, sample_diagnosis):
    scoped = diagnose(load_complaint(sample_store, [cell for cell, _ in CANDIDATES], days=1), load_rules())
    for cell, symptom in CANDIDATES:
        expected = triage(sample_diagnosis, Complaint(cell=cell, symptom=symptom))
        assert expected.verdict == "fault_found"
        pdt.assert_frame_equal(causes(triage(scoped, Complaint(cell=cell, symptom=symptom))), causes(expected))


def test_context_of_the_hours_around_a_complaint_is_that_of_the_network_narrowed_to_them(three_days, three_days_read):
    start, end = pd.Timestamp("2026-11-21 06:00"), pd.Timestamp("2026-11-21 20:00")
    tables = dict(three_days_read.tables)
    for name in ("cell_kpi", "trx_kpi", "gprs_kpi", "sccp"):
        frame = tables[name]
        ends = frame["start_time"] + pd.to_timedelta(frame["period_min"].astype("float64"), unit="m")
        tables[name] = frame[((frame["start_time"] < end) & (ends > start)).to_numpy(dtype=bool)].reset_index(drop=True)
    expected = network_context(context_parts(dataclasses.replace(three_days_read, tables=tables)))
    scoped = load_complaint(three_days, "S0129B", between=(start, end))
    assert set(scoped["cell_kpi"]["start_time"].dt.strftime("%Y-%m-%d")) == {"2026-11-21"}  # the day it touches
    assert scoped.context.window_end == expected.window_end == pd.Timestamp("2026-11-21 20:00")
    assert scoped.context.busy_periods == expected.busy_periods
    assert scoped.context.cell_baselines == pytest.approx(expected.cell_baselines, rel=1e-12)


def test_unknown_cell_and_missing_store_are_one_line_errors(sample_store, tmp_path):
    with pytest.raises(UsageError, match="unknown cell 'S0001X'; did you mean"):
        load_complaint(sample_store, "S0001X")
    with pytest.raises(DataError, match="not a netdiag store"):
        load_store(tmp_path)
    with pytest.raises(UsageError, match="--days"):
        load_store(sample_store, days=0)


def test_day_summaries_of_an_older_netdiag_are_refused_then_redone_by_a_forced_import(store_copy, sample_dir):
    manifest = json.loads((store_copy / "manifest.json").read_text())
    manifest["days"][DAY]["parts"] = ["cell_sums"]  # as if written before the other parts existed
    (store_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(DataError, match=f"summaries of {DAY}..{DAY} predate this netdiag"):
        load_complaint(store_copy, "S0009B", days=1)
    report = import_exports(sample_dir, store_copy, force=True)
    assert report.import_id == 2 and {c.action for c in report.changes} == {"unchanged"}
    assert f"the summary of {DAY} brought up to date" in report.notes
    assert load_complaint(store_copy, "S0009B", days=1).context is not None


def test_a_missing_partition_file_is_a_one_line_error(store_copy):
    (store_copy / "cell_kpi" / f"date={DAY}" / "part-000001.parquet").unlink()
    with pytest.raises(DataError, match=r"missing \(.*cell_kpi/date=2026-11-20/part-000001.parquet\)"):
        load_store(store_copy, days=1)


# -- command line -------------------------------------------------------------------------------


def test_import_command_says_what_it_did(sample_dir, tmp_path):
    runner = CliRunner()
    store = tmp_path / "history"
    first = runner.invoke(app, ["import", str(sample_dir), "--store", str(store)])
    assert first.exit_code == 0, first.output
    assert "cell_kpi: added 2026-11-20 (14400 rows)" in first.stderr
    assert "12 added, 0 replaced, 0 unchanged" in first.stderr
    assert first.stdout == ""
    again = runner.invoke(app, ["import", str(sample_dir), "--store", str(store)])
    assert again.exit_code == 0 and "already holds these files (import 1)" in again.stderr


def test_import_command_bad_input_is_one_line_and_exit_2(tmp_path):
    runner = CliRunner()
    (tmp_path / "empty").mkdir()
    (tmp_path / "file").write_text("x")
    for args, message in [
        ([str(tmp_path / "missing"), "--store", str(tmp_path / "s")], "not a folder"),
        ([str(tmp_path / "empty"), "--store", str(tmp_path / "s")], "no cell configuration"),
        ([str(tmp_path / "empty"), "--store", str(tmp_path / "file")], "not a folder"),
    ]:
        result = runner.invoke(app, ["import", *args])
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0] and lines[0].startswith("netdiag: error:")


def test_loader_reads_the_folder_or_the_store(sample_store, sample_dir):
    with pytest.raises(UsageError, match="not both"):
        Inputs(data=sample_dir, store=sample_store).open()
    with pytest.raises(UsageError, match="give a data folder"):
        Inputs().open()
    with pytest.raises(UsageError, match="--store"):
        Inputs(data=sample_dir, days=3).open()
    dataset, rules = Inputs(store=sample_store, days=1).open(cells="S0009B")
    assert dataset.context is not None and len(rules) == len(load_rules())
    assert np.isin(dataset["cell_kpi"]["cell"].unique(), ["S0009B", *dataset["neighbours"]["neighbour"]]).all()
    # open_source tells a store (it has a manifest) from a folder of exports by itself
    assert is_store(sample_store) and not is_store(sample_dir)
    whole = open_source(sample_store, days=1)
    assert whole.context is None and set(whole["cells"]["cell"]) == set(open_source(sample_dir)["cells"]["cell"])


def test_scan_since_an_earlier_day_of_the_store(three_days, tmp_path):
    """The NOC's morning question from the store: what is new against the scan ending a day earlier.
    On the third day S0005A's level fell 10 dB: its degraded coverage is new, the rest persists."""
    result = CliRunner().invoke(app, ["scan", "--store", str(three_days), "--days", "2", "--since", "2026-11-21",
                                      "--format", "json", "--fail-on-new", "high"])
    doc = json.loads(result.stdout)
    new = {(f["cause"], f["object"]) for f in doc["findings"] if f["status"] == "new"}
    assert ("coverage_degraded", "S0005A") in new, new
    assert all(f["status"] in ("new", "persisting") for f in doc["findings"])
    assert doc["summary"]["new"] == len(new) and doc["summary"]["persisting"] == len(doc["findings"]) - len(new)
    worst_new = max(({"low": 0, "medium": 1, "high": 2, "critical": 3}[f["severity"]] for f in doc["findings"]
                     if f["status"] == "new"), default=-1)
    assert result.exit_code == (1 if worst_new >= 2 else 0), result.stderr


def test_a_cell_named_in_another_case_reads_its_scope_from_the_store(sample_store):
    assert set(load_complaint(sample_store, "s0122a")["cells"]["cell"]) == set(load_complaint(sample_store, "S0122A")["cells"]["cell"])
