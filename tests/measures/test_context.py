"""A partial dataset given the network's context measures exactly as the whole network does."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pandas.testing as pdt

from netdiag.measures.context import combine, context_parts, network_context
from netdiag import diagnose, load_rules


def _slice(ds, bscs=None, days=None):
    """The dataset restricted to some BSCs' rows (every table with a bsc or cell column)."""
    cells = ds["cells"]
    keep_cells = set(cells.loc[cells["bsc"].isin(bscs), "cell"]) if bscs is not None else set(cells["cell"])
    tables = {}
    for name, frame in ds.tables.items():
        if name == "cells":
            tables[name] = frame  # configuration stays whole: neighbours in other BSCs are known
            continue
        mask = pd.Series(True, index=frame.index)
        if bscs is not None and "cell" in frame and frame["cell"].notna().any():
            mask &= frame["cell"].isin(keep_cells)
        elif bscs is not None and "bsc" in frame:
            mask &= frame["bsc"].isin(bscs)
        if days is not None and "start_time" in frame:
            mask &= frame["start_time"].dt.normalize().isin(days)
        tables[name] = frame[mask].reset_index(drop=True)
    return dataclasses.replace(ds, tables=tables)


def _frame(findings):
    return findings[["rule", "object", "score", "severity"]].sort_values(["rule", "object"]).reset_index(drop=True)


def test_own_context_changes_nothing(sample_diagnosis):
    ds = sample_diagnosis.dataset
    with_context = dataclasses.replace(ds, context=network_context(context_parts(ds)))
    pdt.assert_frame_equal(_frame(diagnose(with_context, load_rules()).findings), _frame(sample_diagnosis.findings))


def test_parts_of_bscs_add_up_to_the_network(sample_diagnosis):
    ds = sample_diagnosis.dataset
    bscs = sorted(ds["cells"]["bsc"].dropna().unique())
    halves = [bscs[::2], bscs[1::2]]
    whole = network_context(context_parts(ds))
    combined = network_context(combine(context_parts(_slice(ds, bscs=half)) for half in halves))
    assert combined.busy_periods == whole.busy_periods
    assert combined.window_end == whole.window_end
    assert combined.sccp_baseline == whole.sccp_baseline
    for name, value in whole.cell_baselines.items():
        assert abs(combined.cell_baselines[name] - value) < 1e-12, name


def test_one_bsc_with_the_network_context_finds_what_the_network_scan_finds_there(sample_diagnosis):
    ds = sample_diagnosis.dataset
    context = network_context(context_parts(ds))
    bsc = sample_diagnosis.findings.loc[sample_diagnosis.findings["level"] == "cell", "bsc"].value_counts().index[0]
    part = dataclasses.replace(_slice(ds, bscs=[bsc]), context=context)
    found = diagnose(part, load_rules()).findings
    found = found[(found["bsc"] == bsc) & found["level"].isin(["cell", "trx"])]
    expected = sample_diagnosis.findings
    expected = expected[(expected["bsc"] == bsc) & expected["level"].isin(["cell", "trx"])]
    assert not expected.empty
    pdt.assert_frame_equal(_frame(found), _frame(expected))


def test_busy_hour_congestion_is_the_busiest_hour_of_each_day_and_adds_up_by_day_and_by_bsc():
    # T carries most at 10:00 on the first day (12 % congested) and at 20:00 on the second (0 %);
    # its other hours are congested only where they carry less.
    from netdiag import build_dataset
    from netdiag.io.schema import TABLES
    from netdiag.io.values import coerce

    rows = [("2026-11-20 09:00", "T", 400, 40, 20.0), ("2026-11-20 10:00", "T", 1000, 120, 60.0), ("2026-11-20 10:30", "T", 10, 0, 1.0),
            ("2026-11-21 10:00", "T", 900, 90, 30.0), ("2026-11-21 20:00", "T", 500, 0, 45.0),
            ("2026-11-20 10:00", "U", 100, 1, 5.0), ("2026-11-21 10:00", "U", 100, 3, 5.0)]
    kpi = pd.DataFrame(rows, columns=["start_time", "cell", "tch_attempts", "tch_congestion", "tch_traffic_erl"])
    cells = pd.DataFrame({"cell": ["T", "U"], "bsc": ["X", "Y"]})
    ds = build_dataset({"cells": coerce(cells.astype(str), TABLES["cells"], "cells", 2),
                        "cell_kpi": coerce(kpi.astype(str), TABLES["cell_kpi"], "cell_kpi", 2)})
    rates = network_context(context_parts(ds)).target_congestion.set_index("neighbour")
    assert abs(rates.loc["T", "nb_busy_congestion_rate"] - 120 / 1510) < 1e-12  # 10:00-11:00 on day 1, 20:00 on day 2
    assert abs(rates.loc["U", "nb_busy_congestion_rate"] - 4 / 200) < 1e-12
    days = [pd.Timestamp("2026-11-20"), pd.Timestamp("2026-11-21")]
    by_day = network_context(combine(context_parts(_slice(ds, days=[d])) for d in days)).target_congestion
    by_bsc = network_context(combine(context_parts(_slice(ds, bscs=[b])) for b in ("X", "Y"))).target_congestion
    for combined in (by_day, by_bsc):
        pdt.assert_frame_equal(combined.set_index("neighbour").sort_index(), rates.sort_index(), check_dtype=False)


def test_busy_hours_are_every_hour_carrying_nearly_the_peak():
    # Lab seed 10: a target full at 10:00 (56 of 521 refused, 10.99 Erl) peaks by a hair at 15:00
    # (11.08 Erl, 2 of 461): one busiest hour alone hid the hours it refuses handovers. An hour
    # carrying far less (09:00, 5 Erl) is not a busy hour.
    from netdiag import build_dataset
    from netdiag.io.schema import TABLES
    from netdiag.io.values import coerce

    rows = [("2026-11-20 09:00", "T", 250, 30, 5.0), ("2026-11-20 10:00", "T", 521, 56, 10.99), ("2026-11-20 15:00", "T", 461, 2, 11.08)]
    kpi = pd.DataFrame(rows, columns=["start_time", "cell", "tch_attempts", "tch_congestion", "tch_traffic_erl"])
    ds = build_dataset({"cells": coerce(pd.DataFrame({"cell": ["T"], "bsc": ["X"]}), TABLES["cells"], "cells", 2),
                        "cell_kpi": coerce(kpi.astype(str), TABLES["cell_kpi"], "cell_kpi", 2)})
    rates = network_context(context_parts(ds)).target_congestion.set_index("neighbour")
    assert abs(rates.loc["T", "nb_busy_congestion_rate"] - 58 / 982) < 1e-12
