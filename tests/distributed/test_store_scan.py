"""A scan of the store whose partitions are read by the workers finds what `scan --store` finds."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pandas.testing as pdt
import pytest
from typer.testing import CliRunner

from netdiag import load_rules
from netdiag.cli.app import app
from netdiag.diagnosis.scan import scan
from netdiag.diagnosis.source import Inputs
from netdiag.distributed import diagnose_store_distributed, diagnose_store_in_parts
from netdiag.distributed.store import plan_store_scan, read_partition
from netdiag.store import import_dataset

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample_diagnosis):
    """Three days of the sample (shifted a day each), the last with S0005A's level 10 dB down."""
    path = tmp_path_factory.mktemp("days") / "history"
    ds = sample_diagnosis.dataset
    for offset in range(3):
        shift = pd.Timedelta(days=offset)
        tables = {name: frame.assign(**{c: frame[c] + shift for c in ("start_time", "raised_at", "cleared_at") if c in frame})
                  for name, frame in ds.tables.items()}
        if offset == 2:
            kpi = tables["cell_kpi"]
            tables["cell_kpi"] = kpi.assign(rxlev_dl_avg=kpi["rxlev_dl_avg"].where(kpi["cell"] != "S0005A", kpi["rxlev_dl_avg"] - 10))
        import_dataset(dataclasses.replace(ds, tables=tables, root=None), path)
    return path


@pytest.fixture(scope="module")
def local(store):
    return scan(Inputs(store=store, days=3))


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.mark.parametrize("partitions", [1, 3, 7])
def test_partition_by_partition_finds_what_the_whole_scan_finds(store, local, rules, partitions):
    from netdiag.diagnosis.scan import network_findings

    found = network_findings(diagnose_store_in_parts(Inputs(store=store, days=3), rules, partitions))  # as scan lists them
    pdt.assert_frame_equal(found.findings, local.findings)
    assert found.skipped == local.skipped
    assert set(found.findings["level"]) == {"cell", "trx", "adjacency", "circuit", "circuit_group", "bsc", "lac"}
    assert "coverage_degraded" in set(found.findings["cause"])  # the three days are seen together


def test_each_partition_holds_only_its_bscs_rows(store):
    plan = plan_store_scan(store, 3, None, 4)
    assert plan.parts == 4 and plan.context is not None
    seen = []
    for index in range(plan.parts):
        part = read_partition(plan, index, plan.context)
        mine = {b for b, i in plan.group.items() if i == index}
        cells = part["cells"]
        theirs = set(cells.loc[cells["bsc"].isin(mine), "cell"])
        assert set(part["cell_kpi"]["cell"]) <= theirs
        assert set(part["a_circuits"]["bsc"]) <= mine
        assert len(part["cells"]) == len(cells)  # the configuration whole
        seen.append(len(part["trx_kpi"]))
    whole = scan(Inputs(store=store, days=3)).dataset
    assert sum(seen) == len(whole["trx_kpi"])


def test_workers_read_their_partitions_on_a_cluster(store, local, rules):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        from netdiag.diagnosis.scan import network_findings

        found = network_findings(diagnose_store_distributed(Inputs(store=store, days=3), rules, client))
        pdt.assert_frame_equal(found.findings, local.findings)
        assert found.skipped == local.skipped
        result = CliRunner().invoke(app, ["scan", "--store", str(store), "--days", "3", "--format", "json",
                                          "--scheduler", cluster.scheduler_address])
    alone = CliRunner().invoke(app, ["scan", "--store", str(store), "--days", "3", "--format", "json"])
    assert result.exit_code == alone.exit_code == 1, result.stderr
    assert "each reading its partitions" in result.stderr
    assert json.loads(result.stdout) == json.loads(alone.stdout)


def test_a_window_larger_than_a_partition_is_split_further(store, local, rules, monkeypatch):
    from netdiag.distributed import store as store_scan

    rows = len(local.dataset["cell_kpi"])
    assert store_scan.partitions_for(store, 3, None, 2) == 2  # the sample's rows fit in one partition
    monkeypatch.setattr(store_scan, "PART_ROWS", -(-rows // 5))
    assert store_scan.partitions_for(store, 3, None, 2) == 5  # more than the threads: none above PART_ROWS
    from netdiag.diagnosis.scan import network_findings

    found = network_findings(diagnose_store_in_parts(Inputs(store=store, days=3), rules))  # the default: by PART_ROWS
    pdt.assert_frame_equal(found.findings, local.findings)


def test_partitions_are_runs_of_the_stores_cell_order():
    from netdiag.distributed.store import in_cell_order

    # BSC names out of the cells' order; Z's cells first, one heavy BSC, cells without a BSC left out.
    config = pd.DataFrame({
        "cell": ["A1", "A2", "B1", "B2", "C1", "C2", "C3", "C4", "D1", "D2", "E1"],
        "bsc": ["Z", "Z", "M", "M", "A", "A", "A", "A", "Q", "Q", None],
    })
    assert in_cell_order(config, 3) == {"Z": 0, "M": 0, "A": 1, "Q": 2}
    assert in_cell_order(config, 1) == {"Z": 0, "M": 0, "A": 0, "Q": 0}
    assert sorted(set(in_cell_order(config, 10).values())) == [0, 1, 2, 3]  # never more than the BSCs, none empty


def test_a_partitions_read_skips_the_other_row_groups(tmp_path):
    """The cell filter carries its range, so pyarrow skips row groups by their statistics (isin alone
    does not, past a few dozen names: a partition has hundreds of cells or more)."""
    import pyarrow as pa
    import pyarrow.dataset as pads
    import pyarrow.parquet as pq

    from netdiag.distributed.store import _cell_filter

    cells = [f"S{i:04d}A" for i in range(1000)]
    pq.write_table(pa.table({"cell": cells, "value": list(range(1000))}), tmp_path / "day.parquet", row_group_size=10)
    fragment = next(iter(pads.dataset(tmp_path / "day.parquet", format="parquet").get_fragments()))
    mine = set(cells[300:500:2])
    wanted = _cell_filter(mine, pd.Series(cells), first=False)
    assert len(fragment.split_by_row_group(wanted)) == 20  # only the row groups of S0300A..S0499A
    assert len(fragment.split_by_row_group(pads.field("cell").isin(pa.array(sorted(mine))))) == 100
    assert set(fragment.to_table(filter=wanted)["cell"].to_pylist()) == mine
