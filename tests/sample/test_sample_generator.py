"""The synthetic sample-network generator: determinism, a sound frequency plan, consistent counters,
healthy cells far from every rule threshold, and faults (with their consequences) that are where
truth.csv says, visible as intended and placed apart."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from netdiag.catalogue import load_catalogue
from netdiag.sample import DEFAULT_CELLS, FAULT_CAUSES, MIN_CELLS, affected_cells, generate_network
from netdiag.sample.faults import REGISTRY
from netdiag.sample.generate import default_faults
from netdiag.sample import network
from netdiag.sample.writer import FILES, README_FILE, TRUTH_FILE
from netdiag.io.schema import TABLES

TRAFFIC_TS = [*range(1, 16), *range(17, 32)]
BUSY = ("10:00", "11:00", "12:00", "19:00", "20:00", "21:00")
SEED = 7


def load(out, truth, seed: int = SEED) -> dict:
    tables = {name: pd.read_csv(out / file, keep_default_na=False, na_values=[""]) for name, file in FILES.items()}
    net = {"dir": out, "seed": seed, "truth": truth, "written_truth": pd.read_csv(out / TRUTH_FILE), **tables}
    kpi = tables["cell_kpi"]
    net["hour"] = kpi["start_time"].str[11:13].astype(int)
    net["busy"] = kpi["start_time"].str.endswith(BUSY)
    net["day"] = kpi.groupby("cell").sum(numeric_only=True)
    net["own"] = set(truth["cell"])  # cells of any truth row
    return net


@pytest.fixture(scope="module")
def net(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("sample") / "network"
    return load(out, generate_network(out, seed=SEED))


def _km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(a))


def _row(net, cause, role="injected") -> pd.Series:
    truth = net["truth"]
    return truth[(truth["cause"] == cause) & (truth["role"] == role)].iloc[0]


def _cell(net, cause) -> str:
    return _row(net, cause)["cell"]


def _kpi(net, cell) -> pd.DataFrame:
    kpi = net["cell_kpi"]
    return kpi[kpi["cell"] == cell].sort_values("start_time")


def _alarms_of(net, cell) -> pd.DataFrame:
    """Alarms on the cell, its components or its site."""
    cells, alarms = net["cells"].set_index("cell"), net["alarms"]
    site = cells.at[cell, "site"]
    return alarms[(alarms["cell"] == cell) | ((alarms["site"] == site) & alarms["cell"].isna())]


def _rate(num, den):
    return num / den if den else float("nan")


def _within(k, n, low: float, high: float, alpha: float = 1e-4) -> bool:
    """Every count k of n is consistent with a probability in [low, high] (binomial, both tails)."""
    k, n = np.asarray(k), np.asarray(n)
    return bool((binom.cdf(k, n, low) > alpha).all() and (binom.sf(k - 1, n, high) > alpha).all())


def _network_drop_rate(net) -> float:
    day = net["day"]
    return day["tch_drops"].sum() / day["tch_seizures"].sum()


# ---------------------------------------------------------------------------------------- files


def test_same_seed_same_files_other_seed_other_network(tmp_path, net):
    again = generate_network(tmp_path / "again", seed=SEED)
    pd.testing.assert_frame_equal(again, net["truth"])
    for file in [*FILES.values(), TRUTH_FILE]:  # the README names the folder
        assert (tmp_path / "again" / file).read_bytes() == (net["dir"] / file).read_bytes(), file
    generate_network(tmp_path / "other", seed=SEED + 1, hours=4)
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
    assert f"seed: {net['seed']}" in readme and all(obj in readme for obj in net["truth"]["object"])


def test_refuses_a_folder_with_other_files_but_regenerates_its_own(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="notes.txt"):
        generate_network(tmp_path, hours=4)
    generate_network(tmp_path / "n", hours=4, faults=["repeater_rx_off"])
    generate_network(tmp_path / "n", hours=4, faults=["repeater_rx_off"])  # its own files may be overwritten


def test_named_faults_that_do_not_fit_or_do_not_exist_are_a_clear_error(tmp_path):
    assert DEFAULT_CELLS >= MIN_CELLS
    with pytest.raises(ValueError, match="cannot place.*generate more cells or fewer faults"):
        generate_network(tmp_path / "tiny", cells=30, hours=4, faults=["tcu_hung", "cell_hung", "paging_barred", "lac_border"])
    with pytest.raises(ValueError, match="no fault 'paging_bared' can be injected; did you mean paging_barred"):
        generate_network(tmp_path / "bad", hours=4, faults=["paging_bared"])
    assert not (tmp_path / "tiny").exists() and not (tmp_path / "bad").exists()


@pytest.mark.parametrize("cells", [30, 300, MIN_CELLS - 1])
def test_a_smaller_network_gets_default_faults_in_proportion(tmp_path, cells):
    """Issue 15, item 12: the README's `netdiag sample OUT --cells 300` failed (it needed 450 cells)."""
    truth = generate_network(tmp_path / "net", cells=cells, hours=4, seed=3)
    injected = truth.loc[truth["role"] == "injected", "cause"]
    assert 1 <= len(injected) <= len(FAULT_CAUSES) * cells // MIN_CELLS + 1
    assert set(injected) <= set(default_faults(cells)) and injected.is_unique
    if cells >= 300:  # every kind of complaint has a fault
        symptoms = {REGISTRY[cause].symptom for cause in FAULT_CAUSES}
        assert set(truth.loc[truth["role"] == "injected", "symptom"]) == symptoms


def test_the_sample_command_of_the_readme_and_its_faults_option(tmp_path):
    from typer.testing import CliRunner

    from netdiag.cli.app import app

    runner = CliRunner()
    result = runner.invoke(app, ["sample", str(tmp_path / "out"), "--cells", "300", "--hours", "4", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and "injected faults" in result.stderr
    result = runner.invoke(app, ["sample", str(tmp_path / "two"), "--cells", "60", "--hours", "4",
                                 "--faults", "paging_barred,cell_hung", "--faults", "trx_short_hold"])
    assert result.exit_code == 0, result.output
    truth = pd.read_csv(tmp_path / "two" / "truth.csv")
    assert sorted(truth.loc[truth["role"] == "injected", "cause"]) == ["cell_hung", "paging_barred", "trx_short_hold"]
    assert "--faults paging_barred,cell_hung,trx_short_hold" in (tmp_path / "two" / "README.md").read_text(encoding="utf-8")
    result = runner.invoke(app, ["sample", str(tmp_path / "none"), "--cells", "60", "--hours", "4", "--faults", "none"])
    assert result.exit_code == 0 and pd.read_csv(tmp_path / "none" / "truth.csv").empty
    result = runner.invoke(app, ["sample", str(tmp_path / "bad"), "--cells", "60", "--faults", "paging_bared"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "netdiag: error: no fault 'paging_bared' can be injected; did you mean paging_barred?"


def test_no_faults_gives_empty_truth(tmp_path):
    truth = generate_network(tmp_path / "clean", cells=300, hours=4, faults=[])
    assert truth.empty and list(truth.columns) == ["fault", "cause", "level", "object", "cell", "symptom", "role", "detail"]


def test_minimum_size_network_takes_every_fault(tmp_path):
    truth = generate_network(tmp_path / "min", cells=MIN_CELLS, hours=24, seed=11)
    assert sorted(truth.loc[truth["role"] == "injected", "cause"]) == sorted(FAULT_CAUSES)


# ---------------------------------------------------------------------------------------- network


def test_topology(net):
    cells, trx = net["cells"], net["trx"]
    n = DEFAULT_CELLS
    assert len(cells) == n and cells["cell"].is_unique and cells["ci"].is_unique
    assert (cells.groupby("site").size() == 3).all()
    assert cells["cell"].str.fullmatch(r"S\d{4}[ABC]").all()
    assert cells.groupby("bsc").size().between(30, 42).all()
    assert (cells.groupby("lac")["msc"].nunique() > 1).sum() == 1  # only the injected lac_spans_msc
    assert set(cells["msc"]) == {"MSC1", "MSC2"}
    west = cells.groupby("msc")["lon"].mean()
    assert west["MSC1"] < west["MSC2"]
    assert cells["trx_count"].between(1, 4).all() and 0.08 <= (cells["trx_count"] == 1).mean() <= 0.22
    assert (trx.groupby("cell").size().reindex(cells["cell"]).to_numpy() == cells["trx_count"].to_numpy()).all()
    assert (trx.groupby("cell")["is_bcch"].sum() == 1).all()
    bcch_trx = trx[trx["is_bcch"] == 1].set_index("cell")
    assert (bcch_trx.loc[cells["cell"], "arfcn"].to_numpy() == cells["bcch"].to_numpy()).all()
    moved = _cell(net, "bcch_on_low_power_trx")
    normal = bcch_trx.drop(moved)
    assert (normal["trx"] == 1).all() and (normal["trx_type"] == "TRAG").all() and (normal["power_w"] == 45).all()
    tch = trx[trx["is_bcch"] == 0].merge(cells[["cell", "site"]], on="cell")
    assert tch["arfcn"].between(30, 124).all() and not tch.duplicated(["site", "arfcn"]).any()
    nb = net["neighbours"]
    real = nb[nb["neighbour"].isin(cells["cell"])]
    per_cell = real.groupby("cell").size()
    assert per_cell.between(8, 12).all() and len(per_cell) == n
    assert not (real["cell"] == real["neighbour"]).any()


def test_national_networks_have_bscs_of_about_100_cells():
    # 20,000 cells: some 200 BSCs (a city-sized network keeps its 36-cell BSCs, see test_topology)
    rng = np.random.default_rng(1)
    sites = network.site_grid(rng, 6667)
    site_bsc, bsc_msc = network.bsc_areas(sites, network.cells_per_bsc(3 * 6667))
    per_bsc = np.bincount(site_bsc) * 3
    assert len(bsc_msc) == 200 and per_bsc.min() >= 90 and per_bsc.max() <= 110
    assert network.cells_per_bsc(DEFAULT_CELLS) == 36


def _channels(net) -> pd.DataFrame:
    """cell, site, lat, lon, arfcn: every ARFCN of every cell (TRX channels and hopping lists)."""
    trx = net["trx"]
    arfcn = trx["arfcn"].astype("string") if "ma_list" not in trx else trx["ma_list"].fillna(trx["arfcn"].astype(str))
    frame = trx.assign(arfcn=arfcn.str.split()).explode("arfcn").astype({"arfcn": int})
    return frame[["cell", "arfcn"]].merge(net["cells"][["cell", "site", "lat", "lon"]], on="cell")


def _reuse_clashes(net, radius_km: float, offsets: tuple[int, ...]) -> set[tuple[str, str]]:
    """Pairs of cells of different sites within radius_km using channels that differ by an offset."""
    ch = _channels(net)
    out = set()
    for offset in offsets:
        pairs = ch.merge(ch.assign(arfcn=ch["arfcn"] - offset), on="arfcn", suffixes=("", "_b"))
        pairs = pairs[pairs["site"] != pairs["site_b"]]
        km = _km(pairs["lat"], pairs["lon"], pairs["lat_b"], pairs["lon_b"])
        out |= set(zip(pairs.loc[km < radius_km, "cell"], pairs.loc[km < radius_km, "cell_b"]))
    return out


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
    ghost = _row(net, "ghost_neighbour")
    assert set(twice["cell"]) == {ghost["cell"]} and len(twice) == 2
    assert twice["neighbour"].str.startswith("EXT_").sum() == 1
    assert code_by[twice.loc[~twice["neighbour"].str.startswith("EXT_"), "neighbour"].iloc[0]] == twice["code"].iloc[0]
    # no co-channel reuse within 2.5 km nor adjacent channels within 1 km, but for the injected pair
    c, d = _cell(net, "cochannel_interference"), _row(net, "cochannel_interference", "consequence")["cell"]
    assert _reuse_clashes(net, 2.5, (0,)) == {(c, d), (d, c)}
    assert not _reuse_clashes(net, 1.0, (1, -1))


# ---------------------------------------------------------------------------------------- counters


def test_cell_counters_are_consistent(net):
    kpi = net["cell_kpi"]
    assert len(kpi) == DEFAULT_CELLS * 24 and kpi["start_time"].nunique() == 24 and (kpi["period_min"] == 60).all()
    assert (kpi["tch_seizures"] == kpi["tch_attempts"] - kpi["tch_congestion"] - kpi["tch_assign_fail"]).all()
    assert (kpi["tch_attempts"] <= kpi["call_attempts"]).all() and (kpi["call_attempts"] <= kpi["sdcch_attempts"]).all()
    assert (kpi["tch_drops"] <= kpi["tch_seizures"]).all()
    assert (kpi["sdcch_assign_fail"] + kpi["sdcch_congestion"] + kpi["sdcch_drops"] <= kpi["sdcch_attempts"]).all()
    assert (kpi["ho_out_success"] <= kpi["ho_out_attempts"]).all() and (kpi["ho_in_success"] <= kpi["ho_in_attempts"]).all()
    bands = kpi[[f"idle_tch_band{b}" for b in range(1, 6)]]
    idle = (kpi["tch_available"] - kpi["tch_traffic_erl"]).clip(lower=0)
    assert np.allclose(bands.sum(axis=1), idle, atol=0.05)
    healthy = ~kpi["cell"].isin(net["own"])
    totals = kpi[healthy][["tch_seizures", "tch_congestion", "tch_assign_fail", "tch_attempts", "ho_out_attempts", "ho_out_success"]].sum()
    assert 0.001 <= totals["tch_congestion"] / totals["tch_attempts"] <= 0.004
    assert 0.007 <= totals["tch_assign_fail"] / totals["tch_attempts"] <= 0.014
    assert 0.4 <= totals["ho_out_attempts"] / totals["tch_seizures"] <= 0.8
    assert 0.96 <= totals["ho_out_success"] / totals["ho_out_attempts"] <= 0.99
    share45 = (kpi["idle_tch_band4"] + kpi["idle_tch_band5"]) / kpi[bands.columns].sum(axis=1)
    interfered = kpi["cell"] == _cell(net, "uplink_interference")
    assert (share45[~interfered & (idle > 1)] < 0.02).all()
    assert kpi["paging_sent"].max() > 1000
    paging = kpi[kpi["paging_sent"] > 0].merge(net["cells"][["cell", "lac"]], on="cell")
    assert (paging.groupby(["start_time", "lac"])["paging_sent"].nunique() == 1).all()  # broadcast over the LAC


def test_trx_totals_equal_cell_totals(net):
    kpi = net["cell_kpi"].set_index(["start_time", "cell"])
    trx = net["trx_kpi"]
    sums = trx.groupby(["start_time", "cell"]).sum(numeric_only=True).loc[kpi.index]
    for column in ("tch_seizures", "tch_assign_fail", "tch_drops"):
        assert (sums[column] == kpi[column]).all(), column
    assert (sums["tch_assign_attempts"] == kpi["tch_attempts"] - kpi["tch_congestion"]).all()
    assert np.allclose(sums["tch_hold_s"] / 3600, kpi["tch_traffic_erl"], atol=0.01)
    daily = trx.groupby(["cell", "trx"])[["tch_seizures", "tch_hold_s"]].sum()
    hold = (daily["tch_hold_s"] / daily["tch_seizures"])[daily["tch_seizures"] >= 200]
    cell, number = _row(net, "trx_short_hold")["object"].split("/TRX")
    assert hold.drop((cell, int(number))).between(55, 125).all()


def test_handover_report_adds_up(net):
    ho = net["adjacency_ho"]
    assert ho["start_time"].nunique() == 1 and (ho["period_min"] == 24 * 60).all()
    assert (ho["ho_attempts"] >= ho["ho_success"] + ho["ho_fail_return"] + ho["ho_drops"]).all()
    kpi = net["cell_kpi"]
    out = kpi.groupby("cell")[["ho_out_attempts", "ho_out_success"]].sum()
    rel = ho.groupby("cell")[["ho_attempts", "ho_success"]].sum().reindex(out.index, fill_value=0)
    assert (rel["ho_attempts"].to_numpy() == out["ho_out_attempts"].to_numpy()).all()
    assert (rel["ho_success"].to_numpy() == out["ho_out_success"].to_numpy()).all()
    into = ho.groupby("neighbour")["ho_attempts"].sum().reindex(out.index, fill_value=0)
    assert (into.to_numpy() == kpi.groupby("cell")["ho_in_attempts"].sum().loc[out.index].to_numpy()).all()
    real = net["neighbours"][net["neighbours"]["neighbour"].isin(net["cells"]["cell"])]
    assert len(ho) == len(real)


def test_a_interface_sccp_gprs_gpu(net):
    a = net["a_circuits"]
    assert a["start_time"].nunique() == 1 and (a["period_min"] == 1440).all()
    assert a["ts"].isin(TRAFFIC_TS).all() and not a.duplicated(["bsc", "pcm", "ts"]).any()
    assert (a.groupby("bsc")["pcm"].nunique() >= 3).all() and (a.groupby(["bsc", "pcm"]).size() == 30).all()
    assert (a["cic"] == a["pcm"] * 32 + a["ts"]).all()
    group = a["ts"].map({ts: i // 4 for i, ts in enumerate(TRAFFIC_TS)})
    keyed = a.assign(group=group)
    assert (keyed.groupby(["bsc", "ater_highway", "ater_ts"])[["pcm", "group"]].nunique() == 1).all().all()
    assert (keyed.groupby(["bsc", "pcm", "group"])[["ater_highway", "ater_ts"]].nunique() == 1).all().all()
    state = net["a_circuit_state"]
    assert len(state) == len(a) and (state["bsc_state"] == "blocked").any()
    blocked = state.loc[state["bsc_state"].isin(["blocked", "faulty"]), ["bsc", "pcm", "ts"]].merge(a)
    assert (blocked["seizures"] == 0).all()
    calls = net["cell_kpi"].merge(net["cells"][["cell", "bsc"]]).groupby("bsc")["tch_seizures"].sum()
    assert np.allclose(a.groupby("bsc")["seizures"].sum() / calls, 1, atol=0.05)
    sccp = net["sccp"]
    assert (sccp["cc_received"] <= sccp["cr_sent"]).all() and (sccp["cref_received"] <= sccp["cr_sent"] - sccp["cc_received"]).all()
    gprs = net["gprs_kpi"]
    assert (gprs["pdch_used_avg"] <= gprs["pdch_max"]).all() and (gprs["tbf_fail"] <= gprs["tbf_attempts"]).all()
    assert (gprs["pdch_max"] == gprs["cell"].map(net["cells"].set_index("cell")["max_pdch"])).all()
    assert net["gpu_kpi"]["gpu"].isin([1, 2]).all()
    alarms = net["alarms"]
    background = alarms[alarms["alarm"].isin(["Door open", "High temperature"])]
    assert len(background) >= 2 and background["cleared_at"].notna().all()
    assert (alarms["object"].str.count("/") >= 1).all()


# ---------------------------------------------------------------------------------------- healthy cells


def test_healthy_cells_stay_far_from_every_threshold(net):
    kpi, cells = net["cell_kpi"], net["cells"].set_index("cell")
    healthy = ~kpi["cell"].isin(net["own"])
    h = kpi[healthy]
    assert len(set(h["cell"])) > 0.8 * len(cells)
    assert (h["rxlev_dl_avg"] >= -88).all() and h["bad_quality_good_level_pct"].between(1, 3).all()
    assert (h["agch_discarded"] == 0).all() and (h["unavailable_s"] == 0).all() and (h["tch_available"] > 0).all()
    rest = cells.drop(list(net["own"]))
    assert rest["bs_ag_blks_res"].isin([1, 2]).all() and (rest["max_ta"] == 63).all() and rest["crh"].isin([4, 6]).all()
    assert (rest["repeater"] == 0).all() and (rest["paging_barred"] == 0).all()
    gprs = net["gprs_kpi"]
    assert gprs.loc[~gprs["cell"].isin(net["own"]), "low_cs_share_pct"].between(5, 20).all()
    day = net["day"].drop(list(net["own"]))
    sdcch_fail = day["sdcch_assign_fail"] / day["sdcch_attempts"]
    assert sdcch_fail.max() < 0.015 and _within(day["sdcch_assign_fail"], day["sdcch_attempts"], 0.003, 0.007, 1e-6)
    assert (day["tch_congestion"] / day["tch_attempts"]).max() < 0.01 and _within(day["tch_congestion"], day["tch_attempts"], 0.002, 0.002, 1e-6)
    assert (day["tch_assign_fail"] / day["tch_attempts"]).max() < 0.035 and _within(day["tch_assign_fail"], day["tch_attempts"], 0.007, 0.013, 1e-6)
    ho_ok = day["ho_out_success"] / day["ho_out_attempts"]
    assert ho_ok.min() > 0.94 and _within(day["ho_out_success"], day["ho_out_attempts"], 0.96, 0.99, 1e-6)
    # busy hours: every healthy cell carries calls
    busy = h[h["start_time"].str.endswith(BUSY)]
    assert (busy["call_attempts"] > 0).all() and (busy["tch_seizures"] > 0).all()
    ho = net["adjacency_ho"]
    rel = ho[~ho["cell"].isin(net["own"]) & ~ho["neighbour"].isin(net["own"])]
    assert _within(rel["ho_success"], rel["ho_attempts"], 0.96, 0.99, 1e-6)
    assert (rel.loc[rel["ho_attempts"] >= 100, "ho_success"] / rel.loc[rel["ho_attempts"] >= 100, "ho_attempts"] > 0.85).all()


def test_location_updates_follow_call_attempts(net):
    cells, nb = net["cells"], net["neighbours"]
    lac = dict(zip(cells["cell"], cells["lac"]))
    first_lac = dict(zip(cells["cell"], 4100 + cells["bsc"].str[3:].astype(int)))  # one LAC per BSC before any fault
    real = nb[nb["neighbour"].isin(lac)]
    border = set()
    for lacs in (lac, first_lac):
        border |= set(real.loc[real["cell"].map(lacs) != real["neighbour"].map(lacs), "cell"])
    day = net["day"].drop(list(net["own"]))
    ratio = day["location_updates"] / day["call_attempts"]
    inner = ratio[~ratio.index.isin(border)]
    assert inner.between(0.15, 0.7).all() and ratio.between(0.15, 1.0).all()
    assert ratio[ratio.index.isin(border)].max() > 0.6  # border cells do see more


def test_healthy_cells_drop_at_the_normal_rate(net):
    day = net["day"].drop(list(net["own"]))
    rate = day["tch_drops"] / day["tch_seizures"]
    assert (rate[day["tch_seizures"] >= 300] < 0.02).all(), rate.describe()  # the high_drop_cell rule's floor
    assert _within(day["tch_drops"], day["tch_seizures"], 0.004, 0.008, 1e-6)  # each cell's own 0.4-0.8 %
    network = day["tch_drops"].sum() / day["tch_seizures"].sum()
    assert 0.005 <= network <= 0.008
    # nowhere near high_drop_cell: twice the network rate and significant
    hot = (rate >= max(0.018, 2 * network)) & (binom.sf(day["tch_drops"] - 1, day["tch_seizures"], network) < 1e-3)
    assert not hot.any(), day[hot]
    trx = net["trx_kpi"][~net["trx_kpi"]["cell"].isin(net["own"])].groupby(["cell", "trx"])[["tch_drops", "tch_seizures"]].sum()
    assert _within(trx["tch_drops"], trx["tch_seizures"], 0.004, 0.008, 1e-6)  # no TRX stands out


def test_gpus_are_quiet_outside_the_congested_bsc(net):
    gpu = net["gpu_kpi"]
    bsc = _row(net, "gprs_bsc_congestion")["object"]
    other = gpu[gpu["bsc"] != bsc]
    assert other["load_pct"].between(20, 60).all() and (other["congestion_s"] == 0).all()


# ---------------------------------------------------------------------------------------- truth and placement


def test_truth_lists_every_cause_once_as_injected(net):
    truth, catalogue = net["truth"], load_catalogue()
    data_causes = [c.id for c in catalogue.causes.values() if c.detect == "data"]
    assert FAULT_CAUSES == data_causes and len(FAULT_CAUSES) == 37
    injected = truth[truth["role"] == "injected"]
    assert list(injected["cause"]) == FAULT_CAUSES and list(injected["fault"]) == list(range(1, 38))
    assert set(truth["role"]) == {"injected", "consequence"}
    assert (truth.groupby("fault")["role"].first() == "injected").all()  # the injection heads its group
    for row in truth.itertuples():
        cause = catalogue.causes[row.cause]
        assert row.symptom in cause.symptoms and row.detail
        if row.role == "consequence":
            assert row.symptom == cause.symptoms[0]
        assert row.cell in set(net["cells"]["cell"])
    assert not truth.duplicated(["cause", "object"]).any()
    pd.testing.assert_frame_equal(net["written_truth"], truth, check_dtype=False)


def test_consequences_are_present(net):
    truth, cells = net["truth"], net["cells"].set_index("cell")
    cons = truth[truth["role"] == "consequence"]
    for cause in ("transmission_flapping", "clock_unsync"):
        row = _row(net, cause)
        site = cells.at[row["cell"], "site"]
        group = truth[truth["fault"] == row["fault"]]
        assert set(group["cell"]) == set(cells.index[cells["site"] == site]) and (group["cause"] == cause).all()
        assert (group["object"] == group["cell"]).all()
    row = _row(net, "target_cell_congestion")
    src, tgt = row["object"].split("->")
    group = cons[cons["fault"] == row["fault"]]
    assert group.loc[group["cause"] == "cell_congestion", ["object", "cell"]].values.tolist() == [[tgt, tgt]]
    sources = set(net["neighbours"].loc[net["neighbours"]["neighbour"] == tgt, "cell"])
    relations = group[group["cause"] == "target_cell_congestion"]
    assert set(relations["cell"]) | {src} == sources and (relations["object"] == relations["cell"] + "->" + tgt).all()
    assert row["cell"] == src
    row = _row(net, "cochannel_interference")
    group = cons[cons["fault"] == row["fault"]]
    assert len(group) == 1 and group.iloc[0]["cause"] == "cochannel_interference"
    assert set(cons["cause"]) == {"transmission_flapping", "clock_unsync", "cell_congestion", "target_cell_congestion", "cochannel_interference"}


def test_every_truth_object_exists_in_the_data(net):
    cells, trx, a = net["cells"], net["trx"], net["a_circuits"]
    circuits = set(zip(a["bsc"], a["pcm"], a["ts"]))
    real = net["neighbours"]
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
            cell, target = obj.split("->")
            assert cell == row.cell
            if target.startswith("BCCH"):
                bcch, bsic = int(target.split("/")[0][5:]), target.split("BSIC ")[1]
                ext = real[(real["cell"] == cell) & real["neighbour"].str.startswith("EXT_")].iloc[0]
                assert (ext["nb_bcch"], f"{int(ext['nb_ncc'])}{int(ext['nb_bcc'])}") == (bcch, bsic)
            else:
                assert ((real["cell"] == cell) & (real["neighbour"] == target)).any()
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
        if truth.at[a, "fault"] == truth.at[b, "fault"]:
            continue
        shared = set(catalogue.causes[truth.at[a, "cause"]].symptoms) & set(catalogue.causes[truth.at[b, "cause"]].symptoms)
        if shared:
            assert not affected[a] & affected[b], (truth.at[a, "cause"], truth.at[b, "cause"], shared)
    for a in truth.index:
        assert truth.at[a, "cell"] in affected[a] and 8 <= len(affected[a]) <= 80
    own = truth.groupby("cell")["fault"].nunique()
    assert (own == 1).all(), own[own > 1]  # no cell is the own cell of two faults


# ---------------------------------------------------------------------------------------- faults: coverage


def test_coverage_faults(net):
    kpi, trx_kpi, gprs, alarms = net["cell_kpi"], net["trx_kpi"], net["gprs_kpi"], net["alarms"]
    cells = net["cells"].set_index("cell")
    counters = [c for c in kpi.columns if c not in ("start_time", "cell", "period_min")]

    oos = _cell(net, "cell_out_of_service")
    rows = _kpi(net, oos)
    late, early = rows.iloc[12:], rows.iloc[:12]
    assert (late[counters].drop(columns="unavailable_s").fillna(0) == 0).all().all() and (late["unavailable_s"] == 3600).all()
    assert (early["tch_available"] > 0).all() and (early["unavailable_s"] == 0).all()
    alarm = alarms[alarms["cell"] == oos].iloc[0]
    assert (alarm["alarm"], alarm["raised_at"], alarm["severity"]) == ("Cell out of service", "2026-11-20 12:00:00", "critical")
    assert pd.isna(alarm["cleared_at"])
    assert not net["adjacency_ho"].loc[net["adjacency_ho"]["neighbour"] == oos, "ho_attempts"].eq(0).all()

    c = _cell(net, "single_trx_cell_trx_down")
    assert cells.at[c, "trx_count"] == 1
    own = _alarms_of(net, c)
    assert len(own) == 1
    alarm = own.iloc[0]
    assert (alarm["alarm"], alarm["alarm_code"], alarm["severity"], alarm["raised_at"]) == ("TRX out of service", 2030, "major", "2026-11-20 12:00:00")
    assert alarm["object"] == f"{cells.at[c, 'bsc']}/{cells.at[c, 'site']}/{c}/TRX1" and pd.isna(alarm["cleared_at"])
    rows = _kpi(net, c)
    late, early = rows.iloc[12:], rows.iloc[:12]
    assert (late[counters].fillna(0) == 0).all().all()  # tch_available and unavailable_s 0 too
    assert (early["tch_available"] > 0).all() and early["call_attempts"].sum() > 100 and (rows["unavailable_s"] == 0).all()
    t = trx_kpi[(trx_kpi["cell"] == c) & (trx_kpi["start_time"] >= "2026-11-20 12:00")]
    g = gprs[(gprs["cell"] == c) & (gprs["start_time"] >= "2026-11-20 12:00")]
    assert len(t) == 12 and (t[["tch_seizures", "tch_assign_attempts"]] == 0).all().all()
    assert (g[["tbf_attempts", "pdch_used_avg", "dl_kbytes"]] == 0).all().all()

    c = _cell(net, "vswr_alarm")
    alarm = _alarms_of(net, c).iloc[0]
    assert (alarm["alarm"], alarm["alarm_code"], alarm["severity"]) == ("VSWR alarm", 3010, "major")
    assert alarm["object"].endswith(f"/{c}/ANT1") and alarm["raised_at"].startswith("2026-11-20 02:") and pd.isna(alarm["cleared_at"])
    rx = _kpi(net, c)["rxlev_dl_avg"].to_numpy()
    assert 2.8 <= rx[:2].mean() - rx[2:].mean() <= 5.2 and rx.min() >= -88
    day = net["day"].loc[c]
    assert day["tch_drops"] / day["tch_seizures"] < 2 * _network_drop_rate(net) and _within(day["tch_drops"], day["tch_seizures"], 0.004, 0.0065)

    c = _cell(net, "trx_or_anc_degraded")
    alarm = _alarms_of(net, c).iloc[0]
    assert (alarm["alarm"], alarm["alarm_code"], alarm["severity"]) == ("TRX degraded", 2040, "minor")
    assert alarm["object"].endswith(f"/{c}/TRX2") and pd.isna(alarm["cleared_at"]) and cells.at[c, "trx_count"] >= 2
    rx = _kpi(net, c)["rxlev_dl_avg"].to_numpy()
    assert 0.8 <= rx[:2].mean() - rx[2:].mean() <= 3.2

    c = _cell(net, "bcch_on_low_power_trx")
    t = net["trx"][net["trx"]["cell"] == c].set_index("trx")
    assert (t.at[2, "is_bcch"], t.at[2, "trx_type"], t.at[2, "power_w"], t.at[2, "arfcn"]) == (1, "TRGM", 35, cells.at[c, "bcch"])
    assert (t.at[1, "is_bcch"], t.at[1, "trx_type"], t.at[1, "power_w"]) == (0, "TRAG", 45) and 30 <= t.at[1, "arfcn"] <= 124
    alarm = _alarms_of(net, c).iloc[0]
    assert (alarm["alarm"], alarm["alarm_code"], alarm["severity"]) == ("BCCH reconfiguration", 2050, "warning")
    assert alarm["object"] == f"{cells.at[c, 'bsc']}/{cells.at[c, 'site']}/{c}" and alarm["raised_at"].startswith("2026-11-20 03:")
    assert pd.isna(alarm["cleared_at"])
    rx = _kpi(net, c)["rxlev_dl_avg"].to_numpy()
    assert 0.5 <= rx[:3].mean() - rx[3:].mean() <= 2.5

    network_erl = kpi.groupby(net["hour"] >= 16)["tch_traffic_erl"].sum()
    c = _cell(net, "coverage_degraded")
    rows = _kpi(net, c)
    rx, erl = rows["rxlev_dl_avg"].to_numpy(), rows["tch_traffic_erl"].to_numpy()
    assert 8 <= rx[:16].mean() - rx[16:].mean() <= 12 and rx[16:].max() > -95 and rx[:16].min() >= -88
    share = (erl[16:].sum() / erl[:16].sum()) / (network_erl[True] / network_erl[False])
    assert 0.5 <= share <= 0.9, share
    assert _alarms_of(net, c).empty

    c = _cell(net, "coverage_gap")
    rows = _kpi(net, c)
    assert rows["rxlev_dl_avg"].between(-99, -96).all() and _alarms_of(net, c).empty


# ---------------------------------------------------------------------------------------- faults: audio, drops, voice


def test_circuit_faults(net):
    a, state = net["a_circuits"], net["a_circuit_state"]
    bsc, pcm, ts = _row(net, "a_interface_ts_fault")["object"].split("/")
    circuit = a[(a["bsc"] == bsc) & (a["pcm"] == int(pcm[3:])) & (a["ts"] == int(ts[2:]))].iloc[0]
    others = a[(a["bsc"] == bsc) & (a["seizures"] > 0)]
    assert 3 <= circuit["hold_s"] / circuit["seizures"] <= 6.5 and circuit["seizures"] > 2.3 * others["seizures"].median()

    bsc, pcm, span = _row(net, "bsc_crossed_wires")["object"].split("/")
    first, last = (int(x) for x in span[2:].split("-"))
    group = a[(a["bsc"] == bsc) & (a["pcm"] == int(pcm[3:])) & a["ts"].between(first, last)]
    assert len(group) == 4 and (group["hold_s"] / group["seizures"]).between(10, 20).all()
    others = a[(a["seizures"] > 0) & ~a.index.isin(group.index) & ~a.index.isin([circuit.name])]
    assert (others["hold_s"] / others["seizures"] > 60).all()

    usable, unusable = {"idle", "busy"}, {"blocked", "faulty", "unequipped"}
    mismatch = (state["bsc_state"].isin(usable) & state["msc_state"].isin(unusable)) | (
        state["bsc_state"].isin(unusable) & state["msc_state"].isin(usable)
    )
    bad = state[mismatch]
    assert len(bad) == 1
    row = bad.iloc[0]
    assert f"{row['bsc']}/PCM{row['pcm']}/TS{row['ts']}" == _row(net, "a_interface_state_mismatch")["object"]
    assert row["bsc_state"] in ("blocked", "faulty") and row["msc_state"] == "idle"
    assert a.loc[(a["bsc"] == row["bsc"]) & (a["pcm"] == row["pcm"]) & (a["ts"] == row["ts"]), "seizures"].iloc[0] == 0


def test_transmission_flapping(net):
    row = _row(net, "transmission_flapping")
    cells = net["cells"].set_index("cell")
    site, bsc = cells.at[row["cell"], "site"], cells.at[row["cell"], "bsc"]
    alarms = net["alarms"]
    flaps = alarms[alarms["object"] == f"{bsc}/{site}"]
    assert 8 <= len(flaps) <= 15 and (flaps["alarm"] == "PCM link failure").all() and (flaps["alarm_code"] == 4010).all()
    assert (flaps["severity"] == "major").all() and (flaps["probable_cause"] == "Loss of frame").all()
    held = (pd.to_datetime(flaps["cleared_at"]) - pd.to_datetime(flaps["raised_at"])).dt.total_seconds()
    assert held.between(60, 300).all()
    hours = set(flaps["raised_at"].str[11:13].astype(int))
    assert len(hours) >= 8 and max(hours) - min(hours) >= 12  # spread over the window
    kpi = net["cell_kpi"]
    mine = kpi["cell"].isin(cells.index[cells["site"] == site])
    flap = net["hour"].isin(hours)
    drops, seizures = ([kpi.loc[mine & f, column].sum() for f in (flap, ~flap)] for column in ("tch_drops", "tch_seizures"))
    assert _within(drops[0], seizures[0], 0.01, 0.0125) and _within(drops[1], seizures[1], 0.004, 0.005)  # x2.5 when flapping
    assert drops[0] / seizures[0] > 1.2 * drops[1] / seizures[1]


def test_trx_latent_fault(net):
    cell, number = _row(net, "trx_latent_fault")["object"].split("/TRX")
    trx = net["trx_kpi"]
    per_trx = trx[trx["cell"] == cell].groupby("trx")[["tch_drops", "tch_seizures", "tch_hold_s"]].sum()
    me, others = per_trx.loc[int(number)], per_trx.drop(int(number)).sum()
    rate, base = me["tch_drops"] / me["tch_seizures"], others["tch_drops"] / others["tch_seizures"]
    assert me["tch_seizures"] >= 150 and _within(me["tch_drops"], me["tch_seizures"], 0.07, 0.10)
    assert 0.05 <= rate <= 0.13 and rate >= max(0.03, 3 * base)
    assert binom.sf(me["tch_drops"] - 1, me["tch_seizures"], max(base, 0.005)) < 1e-6
    assert me["tch_hold_s"] / me["tch_seizures"] > 40 and _alarms_of(net, cell).empty


def test_clock_unsync(net):
    row = _row(net, "clock_unsync")
    cells = net["cells"].set_index("cell")
    site = cells.at[row["cell"], "site"]
    alarm = _alarms_of(net, row["cell"])
    alarm = alarm[alarm["alarm_code"] == 5010].iloc[0]
    assert alarm["alarm"] == "Clock synchronization lost" and alarm["object"] == f"{cells.at[row['cell'], 'bsc']}/{site}"
    assert pd.isna(alarm["cleared_at"])
    site_cells = cells.index[cells["site"] == site]
    day = net["day"].loc[site_cells]
    assert (day["ho_out_success"] / day["ho_out_attempts"]).between(0.70, 0.80).all()
    ho = net["adjacency_ho"]
    rel = ho[ho["cell"].isin(site_cells)]
    ok = rel["ho_success"] / rel["ho_attempts"]
    measured = rel["ho_attempts"] >= 20
    assert measured.sum() >= 12 and (ok[measured] < 0.85).mean() >= 0.8
    assert _within(rel["ho_success"], rel["ho_attempts"], 0.70, 0.80)
    assert (rel["ho_success"] + rel["ho_fail_return"] + rel["ho_drops"] == rel["ho_attempts"]).all()  # none rejected


def test_target_cell_congestion(net):
    row = _row(net, "target_cell_congestion")
    src, tgt = row["object"].split("->")
    rows = _kpi(net, tgt)
    busy = rows[rows["start_time"].str.endswith(BUSY)]
    assert len(busy) == 6 and _within(busy["tch_congestion"], busy["tch_attempts"], 0.08, 0.15)
    assert (busy["tch_congestion"] / busy["tch_attempts"]).between(0.05, 0.2).all()
    assert rows["tch_congestion"].sum() / rows["tch_attempts"].sum() >= 0.03
    assert net["cells"].set_index("cell").at[tgt, "trx_count"] >= 2
    ho = net["adjacency_ho"]
    into = ho[ho["neighbour"] == tgt]
    ok = into["ho_success"] / into["ho_attempts"]
    rejected = into["ho_attempts"] - into["ho_success"] - into["ho_fail_return"] - into["ho_drops"]
    assert (into["ho_attempts"] >= 50).all() and (ok < 0.9).all() and _within(into["ho_success"], into["ho_attempts"], 0.70, 0.85)
    assert _within(rejected, into["ho_attempts"] - into["ho_success"], 0.75, 0.91)  # failures mostly rejected
    assert rejected.sum() > 2 * (into["ho_fail_return"] + into["ho_drops"]).sum()
    assert into.set_index("cell")["ho_attempts"].idxmax() == src or into["ho_attempts"].max() < 1.3 * into.set_index("cell").at[src, "ho_attempts"]


def test_interference_and_hardware(net):
    kpi, trx = net["cell_kpi"], net["trx"]
    cells = net["cells"].set_index("cell")
    c, d = _cell(net, "cochannel_interference"), _row(net, "cochannel_interference", "consequence")["cell"]
    assert cells.at[c, "site"] != cells.at[d, "site"]
    assert 0.8 <= _km(cells.at[c, "lat"], cells.at[c, "lon"], cells.at[d, "lat"], cells.at[d, "lon"]) <= 2.0
    shared = set(trx.loc[(trx["cell"] == c) & (trx["is_bcch"] == 0), "arfcn"]) & set(trx.loc[(trx["cell"] == d) & (trx["is_bcch"] == 0), "arfcn"])
    assert len(shared) == 1
    for x in (c, d):
        assert _kpi(net, x)["bad_quality_good_level_pct"].between(6, 10).all()
    h = _cell(net, "cell_hardware_latent_fault")
    assert _kpi(net, h)["bad_quality_good_level_pct"].between(12, 20).all() and _alarms_of(net, h).empty
    assert not any(h in pair for pair in _reuse_clashes(net, 2.5, (0,)) | _reuse_clashes(net, 1.0, (1, -1)))
    rate = net["day"].loc[[c, d, h]].eval("tch_drops / tch_seizures")
    assert (rate < 2 * _network_drop_rate(net)).all()
    # the other faults on the voice path, unchanged
    high = _cell(net, "high_drop_cell")
    day = net["day"]
    assert _within(day.at[high, "tch_drops"], day.at[high, "tch_seizures"], 0.04, 0.06) and day.at[high, "tch_seizures"] >= 1000
    per_trx = net["trx_kpi"][net["trx_kpi"]["cell"] == high].groupby("trx")[["tch_drops", "tch_seizures"]].sum()
    assert _within(per_trx["tch_drops"], per_trx["tch_seizures"], 0.04, 0.06)  # no TRX stands out
    cell, number = _row(net, "trx_short_hold")["object"].split("/TRX")
    per_trx = net["trx_kpi"][net["trx_kpi"]["cell"] == cell].groupby("trx")[["tch_seizures", "tch_hold_s"]].sum()
    hold = per_trx["tch_hold_s"] / per_trx["tch_seizures"]
    assert 3 <= hold.at[int(number)] <= 7 and hold.drop(int(number)).min() > 50
    ghost = _row(net, "ghost_neighbour")
    b = ghost["detail"].split("neighbour ")[2].split(" ")[0]
    ho = net["adjacency_ho"]
    rel = ho[(ho["cell"] == ghost["cell"]) & (ho["neighbour"] == b)].iloc[0]
    assert _within(rel["ho_success"], rel["ho_attempts"], 0.62, 0.73) and rel["ho_success"] / rel["ho_attempts"] <= 0.85
    assert rel["ho_success"] + rel["ho_fail_return"] + rel["ho_drops"] == rel["ho_attempts"] and rel["ho_drops"] > 0
    u = _kpi(net, _cell(net, "uplink_interference"))
    bands = u[[f"idle_tch_band{i}" for i in range(1, 6)]].sum(axis=1)
    assert ((u["idle_tch_band4"] + u["idle_tch_band5"]) / bands).between(0.28, 0.62).mean() >= 0.7


# ---------------------------------------------------------------------------------------- faults: call set-up


def test_silent_cells(net):
    kpi, trx, gprs = net["cell_kpi"], net["trx_kpi"], net["gprs_kpi"]
    tch_columns = ["tch_attempts", "tch_assign_fail", "tch_congestion", "tch_seizures", "tch_drops", "tch_traffic_erl",
                   "ho_out_attempts", "ho_out_success", "ho_in_attempts", "ho_in_success"]  # fmt: skip
    c = _cell(net, "msc_cell_data_missing")
    rows = _kpi(net, c)
    assert (rows[tch_columns] == 0).all().all() and rows["call_attempts"].sum() >= 500
    assert (rows["tch_available"] > 0).all() and (rows["unavailable_s"] == 0).all()
    assert rows["sdcch_assign_fail"].sum() / rows["sdcch_attempts"].sum() < 0.01
    assert (trx.loc[trx["cell"] == c, ["tch_seizures", "tch_assign_attempts", "tch_drops"]] == 0).all().all()

    c = _cell(net, "cell_hung")
    rows = _kpi(net, c)
    early, late = rows.iloc[:6], rows.iloc[6:]
    traffic = ["call_attempts", "sdcch_attempts", "location_updates", *tch_columns]
    assert (late[traffic] == 0).all().all() and early["call_attempts"].sum() > 20
    assert (rows["tch_available"] > 0).all() and (rows["unavailable_s"] == 0).all() and _alarms_of(net, c).empty
    g = gprs[(gprs["cell"] == c) & (gprs["start_time"] >= "2026-11-20 06:00")]
    assert (g[["tbf_attempts", "pdch_used_avg", "dl_kbytes"]] == 0).all().all()


def _sdcch_fail(rows):
    return rows["sdcch_assign_fail"] / rows["sdcch_attempts"]


def test_sdcch_faults(net):
    cells = net["cells"].set_index("cell")
    c = _cell(net, "ta_limit_too_small")
    assert cells.at[c, "max_ta"] == 1
    sites = net["cells"].drop_duplicates("site").set_index("site")
    other = sites.drop(cells.at[c, "site"])
    assert _km(cells.at[c, "lat"], cells.at[c, "lon"], other["lat"], other["lon"]).min() >= 1.2
    for cause, low, high in (("ta_limit_too_small", 0.10, 0.20), ("tcu_hung", 0.15, 0.30)):
        rows = _kpi(net, _cell(net, cause))
        assert _within(rows["sdcch_assign_fail"], rows["sdcch_attempts"], low, high)  # every hour
        busy = rows[rows["sdcch_attempts"] >= 800]
        assert _sdcch_fail(busy).between(low - 0.03, high + 0.03).all()
        assert low + 0.02 <= rows["sdcch_assign_fail"].sum() / rows["sdcch_attempts"].sum() <= high - 0.02
    assert cells.at[_cell(net, "tcu_hung"), "max_ta"] == 63


def test_repeater_and_assignment_faults(net):
    cells, day = net["cells"], net["day"]
    rep = _cell(net, "repeater_rx_off")
    assert list(cells.loc[cells["repeater"] == 1, "cell"]) == [rep]
    r = day.loc[rep]
    assert r["tch_drops"] / r["tch_seizures"] < 0.015 and r["sdcch_assign_fail"] / r["sdcch_attempts"] < 0.012
    assert r["tch_assign_fail"] / r["tch_attempts"] < 0.025 and r["call_attempts"] > 500
    healthy = day.drop(list(net["own"])).sum()
    for fail, total in (("tch_drops", "tch_seizures"), ("tch_assign_fail", "tch_attempts"), ("sdcch_assign_fail", "sdcch_attempts")):
        assert binom.sf(r[fail] - 1, r[total], healthy[fail] / healthy[total]) > 1e-3, fail  # nothing abnormal

    c = _cell(net, "single_trx_tch_assign_fail")
    assert cells.set_index("cell").at[c, "trx_count"] == 1
    r = day.loc[c]
    assert r["tch_assign_fail"] / r["tch_attempts"] >= 0.95 and r["tch_seizures"] <= 0.03 * r["tch_attempts"]
    assert r["tch_traffic_erl"] < 1.5 and _within(r["sdcch_assign_fail"], r["sdcch_attempts"], 0.003, 0.007) and r["tch_attempts"] > 300

    cell, number = _row(net, "multi_trx_faulty_trx")["object"].split("/TRX")
    trx = net["trx_kpi"]
    per_trx = trx[trx["cell"] == cell].groupby("trx")[["tch_assign_fail", "tch_assign_attempts"]].sum()
    rate = per_trx["tch_assign_fail"] / per_trx["tch_assign_attempts"]
    assert per_trx.at[int(number), "tch_assign_attempts"] >= 60 and 0.25 <= rate.at[int(number)] <= 0.40
    assert (rate.drop(int(number)) < 0.03).all()


def test_congestion_and_signalling_faults(net):
    kpi, cells = net["cell_kpi"], net["cells"].set_index("cell")
    c = _cell(net, "cell_congestion")
    rows = _kpi(net, c)
    busy = rows["start_time"].str.endswith(BUSY)
    b = rows[busy]
    assert _within(b["tch_congestion"], b["tch_attempts"], 0.08, 0.20) and _within(b["sdcch_congestion"], b["sdcch_attempts"], 0.02, 0.05)
    assert (b["tch_congestion"] / b["tch_attempts"]).between(0.06, 0.22).all()
    assert (b["sdcch_congestion"] / b["sdcch_attempts"]).between(0.01, 0.065).all()
    assert rows.loc[~busy, "tch_congestion"].sum() / rows.loc[~busy, "tch_attempts"].sum() < 0.01
    network = kpi.groupby(net["busy"])["tch_traffic_erl"].sum()
    ratio = (b["tch_traffic_erl"].sum() / rows.loc[~busy, "tch_traffic_erl"].sum()) / (network[True] / network[False])
    assert 1.5 <= ratio <= 2.7, ratio  # twice the traffic in the busy hours
    ho = net["adjacency_ho"]
    into = ho[ho["neighbour"] == c]
    assert _within(into["ho_success"], into["ho_attempts"], 0.99, 0.997)  # handovers have priority:
    assert (into.loc[into["ho_attempts"] >= 30, "ho_success"] / into.loc[into["ho_attempts"] >= 30, "ho_attempts"] > 0.9).all()  # no target_cell_congestion

    c = _cell(net, "agch_blocks_too_small")
    assert cells.at[c, "bs_ag_blks_res"] == 0
    rows = _kpi(net, c)
    assert _within(rows["agch_discarded"], rows["call_attempts"], 0.03, 0.08)  # every hour
    assert 0.04 <= rows["agch_discarded"].sum() / rows["call_attempts"].sum() <= 0.07
    assert (rows["agch_discarded"] > 0).sum() >= 18

    c = _cell(net, "lac_border")
    assert cells.at[c, "crh"] == 2
    nb = net["neighbours"]
    lacs = cells.loc[nb.loc[(nb["cell"] == c) & nb["neighbour"].isin(cells.index), "neighbour"], "lac"]
    assert (lacs != cells.at[c, "lac"]).any()
    rows = _kpi(net, c)
    ratio = rows["location_updates"] / rows["call_attempts"]
    assert (ratio[rows["call_attempts"] >= 30] >= 1.4).all()
    assert rows["location_updates"].sum() / rows["call_attempts"].sum() >= 2.0  # x5 a healthy 0.4-0.6

    assert _cell(net, "paging_barred") in set(cells.index[cells["paging_barred"] == 1]) and (cells["paging_barred"] == 1).sum() == 1


def test_bsc_and_gprs_faults(net):
    sccp, gprs, gpu, kpi = net["sccp"], net["gprs_kpi"], net["gpu_kpi"], net["cell_kpi"]
    cells = net["cells"].set_index("cell")
    bsc = _row(net, "sccp_call_loss")["object"]
    loss = 1 - sccp["cc_received"] / sccp["cr_sent"]
    mine = sccp["bsc"] == bsc
    daily = sccp.groupby("bsc")[["cr_sent", "cc_received"]].sum()
    daily_loss = 1 - daily["cc_received"] / daily["cr_sent"]
    assert 0.06 <= daily_loss[bsc] <= 0.10 and (daily_loss.drop(bsc) < 0.006).all()
    assert loss[mine].between(0.04, 0.12).all() and (loss[~mine] < 0.015).all() and sccp.loc[mine, "cref_received"].sum() > 0

    cell = _cell(net, "gprs_cell_congestion")
    g = gprs[gprs["cell"] == cell]
    hit = (g["pdch_used_avg"] >= 0.95 * g["pdch_max"]) & (g["tbf_congestion"] / g["tbf_attempts"]).between(0.10, 0.25)
    assert hit.sum() >= 6
    rest = gprs[gprs["cell"] != cell]
    assert (rest["pdch_used_avg"] <= 0.62 * rest["pdch_max"]).all() and rest["tbf_congestion"].sum() <= 5

    row = _row(net, "gprs_bsc_congestion")
    bsc = row["object"]
    assert cells.at[row["cell"], "bsc"] == bsc
    g = gpu[gpu["bsc"] == bsc]
    busy = g["start_time"].str.endswith(BUSY)
    assert busy.sum() >= 6 and g.loc[busy, "load_pct"].between(92, 99).all() and g.loc[busy, "congestion_s"].between(300, 900).all()
    assert g.loc[~busy, "load_pct"].between(20, 60).all() and (g.loc[~busy, "congestion_s"] == 0).all()
    own = gprs[gprs["cell"].isin(cells.index[cells["bsc"] == bsc])].groupby("cell")[["tbf_congestion", "tbf_attempts"]].sum()
    assert (own["tbf_congestion"] / own["tbf_attempts"] < 0.02).all()

    c = _cell(net, "gprs_hung")
    g = gprs[gprs["cell"] == c].sort_values("start_time")
    late, early = g.iloc[6:], g.iloc[:6]
    assert late["tbf_attempts"].sum() > 500 and (late["tbf_fail"] == late["tbf_attempts"]).all()
    assert (late[["dl_kbytes", "pdch_used_avg"]] == 0).all().all() and (early["pdch_used_avg"] > 0).all()
    assert early["tbf_fail"].sum() < 0.05 * early["tbf_attempts"].sum()
    voice = _kpi(net, c)
    assert (voice.iloc[6:]["tch_seizures"] > 0).all()

    c = _cell(net, "poor_radio_environment")
    assert gprs.loc[gprs["cell"] == c, "low_cs_share_pct"].between(55, 75).all()
    assert (_kpi(net, c)["rxlev_dl_avg"] >= -88).all()
    assert kpi.loc[kpi["cell"] == c, "rxlev_dl_avg"].mean() <= -74


def test_large_network_generates(tmp_path):
    truth = generate_network(tmp_path / "big", cells=3000, hours=24, seed=3)
    assert (truth["role"] == "injected").sum() == len(FAULT_CAUSES)
    kpi_lines = sum(1 for _ in open(tmp_path / "big" / "cell_kpi.csv", encoding="utf-8"))
    assert kpi_lines == 3000 * 24 + 1
