"""The synthetic sample-network generator: determinism, a sound frequency plan, consistent counters,
and faults that are where truth.csv says, visible as intended and placed apart."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from netdiag.catalogue import load_catalogue
from netdiag.sample import FAULT_CAUSES, affected_cells, generate_network
from netdiag.sample.writer import FILES, README_FILE, TRUTH_FILE
from netdiag.schema import TABLES

TRAFFIC_TS = [*range(1, 16), *range(17, 32)]


@pytest.fixture(scope="module")
def net(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("sample") / "network"
    truth = generate_network(out, cells=300, hours=24, seed=7)
    tables = {name: pd.read_csv(out / file, keep_default_na=False, na_values=[""]) for name, file in FILES.items()}
    return {"dir": out, "truth": truth, "written_truth": pd.read_csv(out / TRUTH_FILE), **tables}


def _km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(a))


def _truth_row(net, cause) -> pd.Series:
    truth = net["truth"]
    return truth[truth["cause"] == cause].iloc[0]


# ---------------------------------------------------------------------------------------- files


def test_same_seed_same_files_other_seed_other_network(tmp_path, net):
    again = generate_network(tmp_path / "again", cells=300, hours=24, seed=7)
    pd.testing.assert_frame_equal(again, net["truth"])
    for file in [*FILES.values(), TRUTH_FILE]:
        assert (tmp_path / "again" / file).read_bytes() == (net["dir"] / file).read_bytes(), file
    generate_network(tmp_path / "other", cells=300, hours=24, seed=8)
    assert (tmp_path / "other" / "cells.csv").read_bytes() != (net["dir"] / "cells.csv").read_bytes()


def test_files_have_canonical_headers_and_integers_without_decimals(net):
    assert sorted(p.name for p in net["dir"].iterdir()) == sorted([*FILES.values(), TRUTH_FILE, README_FILE])
    for name, file in FILES.items():
        header = (net["dir"] / file).read_text(encoding="utf-8").splitlines()[0].split(",")
        canonical = TABLES[name].column_names
        assert set(header) <= set(canonical), (file, set(header) - set(canonical))
        assert header == [c for c in canonical if c in header], f"{file}: columns out of schema order"
    kpi_text = (net["dir"] / "cell_kpi.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    assert kpi_text[0] == "2026-11-20 00:00" and "." not in kpi_text[3]  # call_attempts
    for name, column in [("cell_kpi", "tch_seizures"), ("trx_kpi", "trx"), ("a_circuits", "hold_s"), ("cells", "lac")]:
        assert pd.api.types.is_integer_dtype(net[name][column]), (name, column)
    assert net["cells"]["lat"].between(30.4, 30.8).all() and net["cells"]["lon"].between(114.0, 114.5).all()
    readme = (net["dir"] / README_FILE).read_text(encoding="utf-8")
    assert "seed: 7" in readme and all(obj in readme for obj in net["truth"]["object"])


def test_refuses_a_folder_with_other_files_but_regenerates_its_own(tmp_path, net):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="notes.txt"):
        generate_network(tmp_path, cells=300, hours=4)
    generate_network(tmp_path / "n", cells=300, hours=4)
    generate_network(tmp_path / "n", cells=300, hours=4)  # its own files may be overwritten


def test_too_small_network_or_unknown_fault_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="cannot place"):
        generate_network(tmp_path / "small", cells=30, hours=4)
    with pytest.raises(ValueError, match="no injector"):
        generate_network(tmp_path / "bad", cells=300, hours=4, faults=["no_such_cause"])


def test_no_faults_gives_empty_truth(tmp_path):
    truth = generate_network(tmp_path / "clean", cells=300, hours=4, faults=[])
    assert truth.empty and list(truth.columns) == ["fault", "cause", "level", "object", "cell", "symptom", "detail"]


# ---------------------------------------------------------------------------------------- network


def test_topology(net):
    cells = net["cells"]
    assert len(cells) == 300 and cells["cell"].is_unique and cells["ci"].is_unique
    assert (cells.groupby("site").size() == 3).all()
    assert cells["cell"].str.fullmatch(r"S\d{4}[ABC]").all()
    sizes = cells.groupby("bsc").size()
    assert sizes.between(30, 42).all()
    assert (cells.groupby("lac")["msc"].nunique() > 1).sum() == 1  # only the injected lac_spans_msc
    assert set(cells["msc"]) == {"MSC1", "MSC2"}
    west = cells.groupby("msc")["lon"].mean()
    assert west["MSC1"] < west["MSC2"]
    assert cells["trx_count"].between(1, 4).all()
    assert 0.08 <= (cells["trx_count"] == 1).mean() <= 0.22
    trx = net["trx"]
    assert (trx.groupby("cell").size().reindex(cells["cell"]).to_numpy() == cells["trx_count"].to_numpy()).all()
    bcch_trx = trx[trx["is_bcch"] == 1].set_index("cell")
    assert (bcch_trx["trx"] == 1).all() and (bcch_trx["trx_type"] == "TRAG").all() and (bcch_trx["power_w"] == 45).all()
    assert (bcch_trx.loc[cells["cell"], "arfcn"].to_numpy() == cells["bcch"].to_numpy()).all()
    tch = trx[trx["is_bcch"] == 0].merge(cells[["cell", "site"]], on="cell")
    assert tch["arfcn"].between(30, 60).all() and not tch.duplicated(["site", "arfcn"]).any()
    nb = net["neighbours"]
    real = nb[nb["neighbour"].isin(cells["cell"])]
    per_cell = real.groupby("cell").size()
    assert per_cell.between(8, 12).all() and len(per_cell) == 300
    assert not (real["cell"] == real["neighbour"]).any()


def test_frequency_plan_has_no_clashes(net):
    cells = net["cells"].reset_index(drop=True)
    lat, lon = cells["lat"].to_numpy(), cells["lon"].to_numpy()
    i, j = np.triu_indices(len(cells), 1)
    km = _km(lat[i], lon[i], lat[j], lon[j])
    bcch, code = cells["bcch"].to_numpy(), (cells["bcch"] * 100 + cells["ncc"] * 10 + cells["bcc"]).to_numpy()
    assert cells["bcch"].between(1, 24).all() and cells["ncc"].between(0, 7).all() and cells["bcc"].between(0, 7).all()
    assert not ((bcch[i] == bcch[j]) & (km < 3.0)).any()
    assert not ((code[i] == code[j]) & (km < 15.0)).any()
    nb = net["neighbours"]
    by_name = cells.set_index("cell")
    real = nb[nb["neighbour"].isin(by_name.index)]
    assert not (by_name.loc[real["cell"], "bcch"].to_numpy() == by_name.loc[real["neighbour"], "bcch"].to_numpy()).any()
    # each neighbour's BCCH+BSIC code (external neighbours from nb_*): only the injected ghost repeats one
    code_by = dict(zip(cells["cell"], code))
    codes = nb["neighbour"].map(code_by).fillna(nb["nb_bcch"] * 100 + nb["nb_ncc"] * 10 + nb["nb_bcc"])
    listed = nb.assign(code=codes)
    twice = listed[listed.duplicated(["cell", "code"], keep=False)]
    ghost = _truth_row(net, "ghost_neighbour")
    assert set(twice["cell"]) == {ghost["cell"]} and len(twice) == 2
    assert twice["neighbour"].str.startswith("EXT_").sum() == 1
    assert code_by[twice.loc[~twice["neighbour"].str.startswith("EXT_"), "neighbour"].iloc[0]] == twice["code"].iloc[0]


# ---------------------------------------------------------------------------------------- counters


def test_cell_counters_are_consistent(net):
    kpi = net["cell_kpi"]
    assert len(kpi) == 300 * 24 and kpi["start_time"].nunique() == 24 and (kpi["period_min"] == 60).all()
    assert (kpi["tch_seizures"] == kpi["tch_attempts"] - kpi["tch_congestion"] - kpi["tch_assign_fail"]).all()
    assert (kpi["tch_attempts"] <= kpi["call_attempts"]).all() and (kpi["call_attempts"] <= kpi["sdcch_attempts"]).all()
    assert (kpi["tch_drops"] <= kpi["tch_seizures"]).all()
    assert (kpi["sdcch_assign_fail"] + kpi["sdcch_congestion"] + kpi["sdcch_drops"] <= kpi["sdcch_attempts"]).all()
    assert (kpi["ho_out_success"] <= kpi["ho_out_attempts"]).all() and (kpi["ho_in_success"] <= kpi["ho_in_attempts"]).all()
    bands = kpi[[f"idle_tch_band{b}" for b in range(1, 6)]]
    idle = (kpi["tch_available"] - kpi["tch_traffic_erl"]).clip(lower=0)
    assert np.allclose(bands.sum(axis=1), idle, atol=0.05)
    up = kpi["unavailable_s"] == 0
    totals = kpi[up][["tch_seizures", "tch_congestion", "tch_assign_fail", "tch_attempts", "ho_out_attempts", "ho_out_success"]].sum()
    assert 0.001 <= totals["tch_congestion"] / totals["tch_attempts"] <= 0.004
    assert 0.007 <= totals["tch_assign_fail"] / totals["tch_attempts"] <= 0.014
    assert 0.4 <= totals["ho_out_attempts"] / totals["tch_seizures"] <= 0.8
    assert 0.95 <= totals["ho_out_success"] / totals["ho_out_attempts"] <= 0.99
    assert kpi.loc[up, "rxlev_dl_avg"].between(-82, -68).all()
    share45 = (kpi["idle_tch_band4"] + kpi["idle_tch_band5"]) / kpi[bands.columns].sum(axis=1)
    interfered = kpi["cell"] == _truth_row(net, "uplink_interference")["cell"]
    assert (share45[~interfered & (idle > 1)] < 0.02).all()
    assert (kpi["agch_discarded"] == 0).all() and kpi["paging_sent"].max() > 1000
    lac_pages = kpi[up].merge(net["cells"][["cell", "lac"]], on="cell").groupby(["start_time", "lac"])["paging_sent"].nunique()
    assert (lac_pages == 1).all()  # paging is broadcast over the location area


def test_trx_totals_equal_cell_totals(net):
    kpi = net["cell_kpi"].set_index(["start_time", "cell"])
    trx = net["trx_kpi"]
    sums = trx.groupby(["start_time", "cell"]).sum(numeric_only=True).loc[kpi.index]
    for column in ("tch_seizures", "tch_assign_fail", "tch_drops"):
        assert (sums[column] == kpi[column]).all(), column
    assert (sums["tch_assign_attempts"] == kpi["tch_attempts"] - kpi["tch_congestion"]).all()
    assert np.allclose(sums["tch_hold_s"] / 3600, kpi["tch_traffic_erl"], atol=0.01)
    daily = trx.groupby(["cell", "trx"])[["tch_seizures", "tch_hold_s"]].sum()
    hold = daily["tch_hold_s"] / daily["tch_seizures"]
    cell, number = _truth_row(net, "trx_short_hold")["object"].split("/TRX")
    assert hold.drop((cell, int(number))).dropna().between(60, 115).all()


def test_handover_report_adds_up(net):
    ho = net["adjacency_ho"]
    assert ho["start_time"].nunique() == 1 and (ho["period_min"] == 24 * 60).all()
    assert (ho["ho_attempts"] >= ho["ho_success"] + ho["ho_fail_return"] + ho["ho_drops"]).all()
    kpi = net["cell_kpi"]
    out = kpi.groupby("cell")[["ho_out_attempts", "ho_out_success"]].sum()
    rel = ho.groupby("cell")[["ho_attempts", "ho_success"]].sum().loc[out.index]
    assert (rel["ho_attempts"].to_numpy() == out["ho_out_attempts"].to_numpy()).all()
    assert (rel["ho_success"].to_numpy() == out["ho_out_success"].to_numpy()).all()
    into = ho.groupby("neighbour")["ho_attempts"].sum().reindex(out.index, fill_value=0)
    assert (into.to_numpy() == kpi.groupby("cell")["ho_in_attempts"].sum().loc[out.index].to_numpy()).all()
    real = net["neighbours"][net["neighbours"]["neighbour"].isin(net["cells"]["cell"])]
    assert len(ho) == len(real)
    nearest = ho.groupby("cell")["ho_attempts"].transform("max") == ho["ho_attempts"]
    assert nearest.any()


def test_a_interface_sccp_gprs_gpu(net):
    a = net["a_circuits"]
    assert a["start_time"].nunique() == 1 and (a["period_min"] == 1440).all()
    assert a["ts"].isin(TRAFFIC_TS).all() and not a.duplicated(["bsc", "pcm", "ts"]).any()
    assert (a.groupby("bsc")["pcm"].nunique() >= 3).all()
    assert (a.groupby(["bsc", "pcm"]).size() == 30).all()
    assert (a["cic"] == a["pcm"] * 32 + a["ts"]).all()
    # the Ater columns agree with the default grouping in fours along TS 1-15, 17-31
    group = a["ts"].map({ts: i // 4 for i, ts in enumerate(TRAFFIC_TS)})
    keyed = a.assign(group=group)
    assert (keyed.groupby(["bsc", "ater_highway", "ater_ts"])[["pcm", "group"]].nunique() == 1).all().all()
    assert (keyed.groupby(["bsc", "pcm", "group"])[["ater_highway", "ater_ts"]].nunique() == 1).all().all()
    state = net["a_circuit_state"]
    assert len(state) == len(a)
    usable, unusable = {"idle", "busy"}, {"blocked", "faulty", "unequipped"}
    mismatch = (state["bsc_state"].isin(usable) & state["msc_state"].isin(unusable)) | (
        state["bsc_state"].isin(unusable) & state["msc_state"].isin(usable)
    )
    assert not mismatch.any() and (state["bsc_state"] == "blocked").any()
    blocked = state.loc[state["bsc_state"] == "blocked", ["bsc", "pcm", "ts"]].merge(a)
    assert (blocked["seizures"] == 0).all()
    calls = net["cell_kpi"].merge(net["cells"][["cell", "bsc"]]).groupby("bsc")["tch_seizures"].sum()
    assert np.allclose(a.groupby("bsc")["seizures"].sum() / calls, 1, atol=0.05)

    sccp = net["sccp"]
    assert (sccp["cc_received"] <= sccp["cr_sent"]).all()
    assert (sccp["cref_received"] <= sccp["cr_sent"] - sccp["cc_received"]).all()

    gprs = net["gprs_kpi"]
    assert (gprs["pdch_used_avg"] <= gprs["pdch_max"]).all() and gprs["low_cs_share_pct"].dropna().between(5, 20).all()
    pdch_max = gprs["cell"].map(net["cells"].set_index("cell")["max_pdch"])
    assert (gprs["pdch_max"] == pdch_max).all()
    gpu = net["gpu_kpi"]
    assert gpu["gpu"].isin([1, 2]).all() and gpu["load_pct"].between(20, 60).all() and (gpu["congestion_s"] == 0).all()
    alarms = net["alarms"]
    background = alarms[alarms["alarm"].isin(["Door open", "High temperature"])]
    assert len(background) >= 2 and background["cleared_at"].notna().all()
    assert (alarms["object"].str.count("/") >= 1).all()


# ---------------------------------------------------------------------------------------- faults


def test_truth_lists_every_cause_once_with_its_symptom(net):
    truth, catalogue = net["truth"], load_catalogue()
    assert list(truth["cause"]) == FAULT_CAUSES and len(FAULT_CAUSES) == 11
    assert list(truth["fault"]) == list(range(1, 12))
    for row in truth.itertuples():
        assert row.symptom in catalogue.causes[row.cause].symptoms
        assert row.cell in set(net["cells"]["cell"]) and row.detail
    pd.testing.assert_frame_equal(net["written_truth"], truth, check_dtype=False)


def test_every_truth_object_exists_in_the_data(net):
    cells, trx, a = net["cells"], net["trx"], net["a_circuits"]
    circuits = set(zip(a["bsc"], a["pcm"], a["ts"]))
    for row in net["truth"].itertuples():
        obj = row.object
        if row.level == "cell":
            assert obj == row.cell
        elif row.level == "trx":
            cell, number = obj.split("/TRX")
            assert cell == row.cell and ((trx["cell"] == cell) & (trx["trx"] == int(number)) & (trx["is_bcch"] == 0)).any()
        elif row.level == "circuit":
            bsc, pcm, ts = obj.split("/")
            assert (bsc, int(pcm[3:]), int(ts[2:])) in circuits
            assert cells.loc[cells["cell"] == row.cell, "bsc"].iloc[0] == bsc
        elif row.level == "circuit_group":
            bsc, pcm, span = obj.split("/")
            first, last = (int(x) for x in span[2:].split("-"))
            group = [(bsc, int(pcm[3:]), ts) for ts in range(first, last + 1)]
            assert len(group) == 4 and all(c in circuits for c in group)
            assert len({TRAFFIC_TS.index(ts) // 4 for ts in range(first, last + 1)}) == 1  # one Ater group
        elif row.level == "adjacency":
            cell, code = obj.split("->")
            bcch, bsic = int(code.split("/")[0][5:]), code.split("BSIC ")[1]
            nb = net["neighbours"]
            ext = nb[(nb["cell"] == cell) & nb["neighbour"].str.startswith("EXT_")].iloc[0]
            assert (ext["nb_bcch"], f"{int(ext['nb_ncc'])}{int(ext['nb_bcc'])}") == (bcch, bsic)
        elif row.level == "bsc":
            assert obj in set(cells["bsc"]) and cells.loc[cells["cell"] == row.cell, "bsc"].iloc[0] == obj
        elif row.level == "lac":
            lac = int(obj.split()[1])
            on_lac = cells[cells["lac"] == lac]
            assert on_lac["msc"].nunique() == 2 and row.cell in set(on_lac["cell"])
            minority = on_lac[on_lac["msc"] == "MSC2"]
            assert minority["site"].nunique() == 1 and len(minority) == 3
        else:
            pytest.fail(f"unexpected level {row.level}")


def test_faults_sharing_a_symptom_affect_disjoint_cells(net):
    truth, catalogue = net["truth"], load_catalogue()
    affected = affected_cells(truth, net["cells"], net["neighbours"])
    assert set(affected) == set(truth.index)
    for a, b in itertools.combinations(truth.index, 2):
        shared = set(catalogue.causes[truth.at[a, "cause"]].symptoms) & set(catalogue.causes[truth.at[b, "cause"]].symptoms)
        if shared:
            assert not affected[a] & affected[b], (truth.at[a, "cause"], truth.at[b, "cause"], shared)
    for a in truth.index:
        assert truth.at[a, "cell"] in affected[a]
        assert 8 <= len(affected[a]) <= 80


def test_each_fault_shows_as_injected(net):
    kpi, trx, a, ho, gprs, sccp = (net[t] for t in ("cell_kpi", "trx_kpi", "a_circuits", "adjacency_ho", "gprs_kpi", "sccp"))
    day = kpi.groupby("cell").sum(numeric_only=True)

    oos = _truth_row(net, "cell_out_of_service")["cell"]
    rows = kpi[kpi["cell"] == oos].sort_values("start_time")
    late, early = rows.iloc[12:], rows.iloc[:12]
    counters = [c for c in kpi.columns if c not in ("start_time", "cell", "period_min", "unavailable_s")]
    assert (late[counters].fillna(0) == 0).all().all() and (late["unavailable_s"] == 3600).all()
    assert (early["tch_available"] > 0).all() and (early["unavailable_s"] == 0).all()
    alarm = net["alarms"][net["alarms"]["cell"] == oos].iloc[0]
    assert (alarm["alarm"], alarm["raised_at"], alarm["severity"]) == ("Cell out of service", "2026-11-20 12:00:00", "critical")
    assert pd.isna(alarm["cleared_at"])
    assert (trx.loc[(trx["cell"] == oos) & (trx["start_time"] >= "2026-11-20 12:00"), "tch_seizures"] == 0).all()
    assert not ho.loc[ho["neighbour"] == oos, "ho_attempts"].eq(0).all()  # handovers before it went down

    high = _truth_row(net, "high_drop_cell")["cell"]
    assert 0.035 <= day.at[high, "tch_drops"] / day.at[high, "tch_seizures"] <= 0.065
    per_trx = trx[trx["cell"] == high].groupby("trx")[["tch_drops", "tch_seizures"]].sum()
    rates = per_trx["tch_drops"] / per_trx["tch_seizures"]
    assert rates.max() < 2 * rates.min()  # no single TRX stands out

    bsc, pcm, ts = _truth_row(net, "a_interface_ts_fault")["object"].split("/")
    circuit = a[(a["bsc"] == bsc) & (a["pcm"] == int(pcm[3:])) & (a["ts"] == int(ts[2:]))].iloc[0]
    others = a[(a["bsc"] == bsc) & (a["seizures"] > 0)]
    assert 3 <= circuit["hold_s"] / circuit["seizures"] <= 6.5 and circuit["seizures"] > 2.3 * others["seizures"].median()

    bsc, pcm, span = _truth_row(net, "bsc_crossed_wires")["object"].split("/")
    first, last = (int(x) for x in span[2:].split("-"))
    group = a[(a["bsc"] == bsc) & (a["pcm"] == int(pcm[3:])) & a["ts"].between(first, last)]
    assert len(group) == 4 and (group["hold_s"] / group["seizures"]).between(10, 20).all()
    others = a[(a["seizures"] > 0) & ~a.index.isin(group.index) & ~a.index.isin([circuit.name])]
    assert (others["hold_s"] / others["seizures"] > 60).all()  # nothing else looks short

    cell, number = _truth_row(net, "trx_short_hold")["object"].split("/TRX")
    per_trx = trx[trx["cell"] == cell].groupby("trx")[["tch_seizures", "tch_hold_s"]].sum()
    hold = per_trx["tch_hold_s"] / per_trx["tch_seizures"]
    assert 3 <= hold.at[int(number)] <= 7 and hold.drop(int(number)).min() > 50

    ghost = _truth_row(net, "ghost_neighbour")
    cell = ghost["cell"]
    b = ghost["detail"].split("neighbour ")[2].split(" ")[0]
    rel = ho[(ho["cell"] == cell) & (ho["neighbour"] == b)].iloc[0]
    assert 0.55 <= rel["ho_success"] / rel["ho_attempts"] <= 0.8
    assert rel["ho_success"] + rel["ho_fail_return"] + rel["ho_drops"] == rel["ho_attempts"]
    assert rel["ho_fail_return"] > 0 and rel["ho_drops"] > 0
    healthy = ho[(ho["cell"] != cell) & (ho["ho_attempts"] >= 100)]
    assert (healthy["ho_success"] / healthy["ho_attempts"] > 0.85).all()  # binomial tails of 96-99%

    barred = net["cells"].loc[net["cells"]["paging_barred"] == 1, "cell"]
    assert list(barred) == [_truth_row(net, "paging_barred")["cell"]]

    cell = _truth_row(net, "uplink_interference")["cell"]
    rows = kpi[kpi["cell"] == cell]
    bands = rows[[f"idle_tch_band{i}" for i in range(1, 6)]].sum(axis=1)
    share = (rows["idle_tch_band4"] + rows["idle_tch_band5"]) / bands
    assert (share.between(0.28, 0.62)).mean() >= 0.7

    bsc = _truth_row(net, "sccp_call_loss")["object"]
    loss = 1 - sccp["cc_received"] / sccp["cr_sent"]
    mine = sccp["bsc"] == bsc
    daily = sccp.groupby("bsc")[["cr_sent", "cc_received"]].sum()
    daily_loss = 1 - daily["cc_received"] / daily["cr_sent"]
    assert 0.06 <= daily_loss[bsc] <= 0.10 and (daily_loss.drop(bsc) < 0.006).all()
    assert loss[mine].between(0.04, 0.12).all() and (loss[~mine] < 0.015).all()
    assert sccp.loc[mine, "cref_received"].sum() > 0

    cell = _truth_row(net, "gprs_cell_congestion")["cell"]
    g = gprs[gprs["cell"] == cell]
    hit = (g["pdch_used_avg"] >= 0.95 * g["pdch_max"]) & (g["tbf_congestion"] / g["tbf_attempts"]).between(0.10, 0.25)
    assert hit.sum() >= 6
    rest = gprs[gprs["cell"] != cell]
    assert (rest["pdch_used_avg"] <= 0.62 * rest["pdch_max"]).all() and rest["tbf_congestion"].sum() <= 5


def test_healthy_cells_drop_at_the_normal_rate(net):
    affected = affected_cells(net["truth"], net["cells"], net["neighbours"])
    fault_cells = set(net["truth"]["cell"])
    day = net["cell_kpi"].groupby("cell")[["tch_drops", "tch_seizures"]].sum()
    healthy = day[~day.index.isin(fault_cells)]
    rate = healthy["tch_drops"] / healthy["tch_seizures"]
    assert (rate < 0.02).all(), rate.describe()  # the high_drop_cell rule's floor
    # each cell's drops are what a drop probability of 0.5-1.2% gives (binomial, two-sided 1e-4)
    drops, seizures = healthy["tch_drops"].to_numpy(), healthy["tch_seizures"].to_numpy()
    assert (binom.cdf(drops, seizures, 0.005) > 1e-4).all() and (binom.sf(drops - 1, seizures, 0.012) > 1e-4).all()
    assert 0.006 <= healthy["tch_drops"].sum() / healthy["tch_seizures"].sum() <= 0.011
    assert len(set().union(*affected.values())) < 300  # most of the network stays healthy
    busy = net["cell_kpi"][net["cell_kpi"]["start_time"].str.endswith(("10:00", "11:00", "20:00"))]
    silent = busy[(busy["call_attempts"] == 0) & (busy["unavailable_s"] == 0)]
    assert silent.empty  # nothing looks like a hung cell


def test_large_network_generates(tmp_path):
    truth = generate_network(tmp_path / "big", cells=3000, hours=24, seed=3)
    assert len(truth) == len(FAULT_CAUSES)
    kpi_lines = sum(1 for _ in open(tmp_path / "big" / "cell_kpi.csv", encoding="utf-8"))
    assert kpi_lines == 3000 * 24 + 1
