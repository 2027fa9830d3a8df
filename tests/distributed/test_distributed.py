"""A scan on a Dask cluster, partitioned by BSC, finds exactly what the local scan finds."""

from __future__ import annotations

import dataclasses
import json
import sys

import pandas as pd
import pandas.testing as pdt
import pytest
from typer.testing import CliRunner

from netdiag import diagnose, load_rules
from netdiag.render import documents as render
from netdiag.cli.app import app
from netdiag.distributed import diagnose_distributed, diagnose_in_parts, split_by_bsc
from netdiag.distributed.partition import BY_BSC, BY_CELL
from netdiag.diagnosis.scan import network_findings

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    # Worker threads in this process start in a moment; what travels to worker processes on a real
    # cluster (partitions, context, compiled rules) is checked by test_what_travels_survives_pickling.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster, set_as_default=False) as connected:
        yield connected


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_distributed_scan_finds_what_the_local_scan_finds(client, rules, sample_diagnosis):
    """S0187A (BSC08) hands over to the congested S0188A (BSC14): with BSC14 alone in its
    partition, the finding on BSC08's side needs the target's counters from the other partition."""
    ds = sample_diagnosis.dataset
    cell_bsc = ds["cells"][["cell", "bsc"]]
    relations = ds["neighbours"].merge(cell_bsc, on="cell").merge(
        cell_bsc.rename(columns={"cell": "neighbour", "bsc": "nb_bsc"}), on="neighbour"
    )
    assert ((relations["bsc"] == "BSC08") & (relations["neighbour"] == "S0188A")).any()
    found = diagnose_distributed(ds, rules, client, partitions={"BSC14": 1})
    pdt.assert_frame_equal(found.findings, sample_diagnosis.findings)
    assert found.skipped == sample_diagnosis.skipped
    assert "S0187A->S0188A" in set(found.findings.loc[found.findings["rule"] == "target_cell_congestion", "object"])
    # every level takes part: cells, TRXs, neighbour relations, circuits, BSCs, location areas
    assert set(found.findings["level"]) == {"cell", "trx", "adjacency", "circuit", "circuit_group", "bsc", "lac"}


def test_every_row_lands_in_the_partition_of_its_bsc(sample_diagnosis):
    ds = sample_diagnosis.dataset
    split = split_by_bsc(ds, 3)
    assert len(split.parts) == 3 and set(split.shared) == {"cells", "trx"}
    bsc_of_cell = ds["cells"].set_index("cell")["bsc"]
    for name in (*BY_CELL, *BY_BSC):
        pieces = [part[name] for part in split.parts]
        assert sum(len(piece) for piece in pieces) == len(ds[name]), name
        for index, piece in enumerate(pieces):
            bscs = piece["bsc"] if name in BY_BSC else piece["cell"].map(bsc_of_cell)
            assert set(bscs.map(split.group)) <= {index}, name
    # an alarm on a site (no cell) goes where the site's cells are
    alarms = pd.concat([part["alarms"].assign(part=i) for i, part in enumerate(split.parts)])
    site_bsc = ds["cells"].drop_duplicates("site").set_index("site")["bsc"]
    on_site = alarms[alarms["cell"].isna()]
    assert not on_site.empty
    assert (on_site["site"].map(site_bsc).map(split.group) == on_site["part"]).all()


def test_missing_tables_and_a_bsc_without_statistics(rules, sample_diagnosis):
    """Two BSCs, one of them without any statistics, and no alarms, SCCP or 180 report: the
    partition without rows still runs the rules the network runs (the two passes in this process)."""
    ds = sample_diagnosis.dataset
    bscs = {"BSC08": 0, "BSC14": 1}
    cells = ds["cells"][ds["cells"]["bsc"].isin(bscs)].reset_index(drop=True)
    quiet = set(cells.loc[cells["bsc"] == "BSC14", "cell"])
    tables = {"cells": cells}
    for name in ("trx", "neighbours", "cell_kpi", "trx_kpi", "gprs_kpi"):
        frame = ds[name][ds[name]["cell"].isin(cells["cell"])]
        if name not in ("trx", "neighbours"):
            frame = frame[~frame["cell"].isin(quiet)]
        tables[name] = frame.reset_index(drop=True)
    for name in ("a_circuits", "a_circuit_state", "gpu_kpi"):
        tables[name] = ds[name][ds[name]["bsc"] == "BSC08"].reset_index(drop=True)
    small = dataclasses.replace(ds, tables=tables)
    local = diagnose(small, rules)
    assert local.skipped and not local.findings.empty
    split = split_by_bsc(small, bscs)
    assert split.parts[1]["cell_kpi"].empty and split.parts[1]["a_circuits"].empty
    found = diagnose_in_parts(small, rules, bscs)
    pdt.assert_frame_equal(found.findings, local.findings)
    assert found.skipped == local.skipped


def test_what_travels_survives_pickling(rules, sample_diagnosis):
    """Worker processes get partitions, the network context and the compiled rules by (cloud)pickle."""
    cloudpickle = pytest.importorskip("cloudpickle")
    from netdiag.measures.context import context_parts, network_context

    split = split_by_bsc(sample_diagnosis.dataset, 2)
    context = network_context(context_parts(sample_diagnosis.dataset))
    moved_split, moved_context, moved_rules = cloudpickle.loads(cloudpickle.dumps((split, context, rules)))
    for part, moved in zip(split.parts, moved_split.parts):
        for name, frame in part.items():
            pdt.assert_frame_equal(moved[name], frame)
    assert moved_context.busy_periods == context.busy_periods
    pdt.assert_frame_equal(moved_context.target_congestion, context.target_congestion)
    measures = sample_diagnosis.measures
    for rule, moved in zip(rules, moved_rules):
        frame = measures[rule.rule.level].whole
        pdt.assert_series_equal(moved.condition.mask(frame, moved.params), rule.condition.mask(frame, rule.params))


def test_cli_scan_on_a_scheduler(cluster, sample_dir, sample_diagnosis):
    result = CliRunner().invoke(app, ["scan", str(sample_dir), "--format", "json", "--lang", "en",
                                      "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 1, result.stderr
    assert "scanning on Dask" in result.stderr
    assert json.loads(result.stdout) == json.loads(render.to_json(render.scan_document(network_findings(sample_diagnosis), "en")))


def test_cli_options_exclude_each_other_and_need_dask(sample_dir, monkeypatch):
    runner = CliRunner()
    both = runner.invoke(app, ["scan", str(sample_dir), "--workers", "2", "--scheduler", "tcp://localhost:8786"])
    assert both.exit_code == 2 and "either --workers" in both.stderr
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if dask were not installed
    missing = runner.invoke(app, ["scan", str(sample_dir), "--workers", "2"])
    assert missing.exit_code == 2
    assert missing.stderr.strip().count("\n") == 0 and "netdiag[dask]" in missing.stderr


def test_a_cluster_running_another_netdiag_is_refused(client, monkeypatch):
    from netdiag.distributed import cluster as cluster_module
    from netdiag.errors import UsageError

    cluster_module.check_workers(client, "here")  # the same netdiag everywhere: fine
    monkeypatch.setattr(cluster_module, "__version__", "9.9.9")
    with pytest.raises(UsageError, match="runs netdiag .* this client 9.9.9"):
        cluster_module.check_workers(client, "here")
