"""The complaint desk's sample: tickets of the months up to a generated network's statistics' day,
with a complaint surge around one injected fault on that day, and subscriber counts per region.

    generate_tickets(network_dir, outdir, seed=7) -> the surge's truth

reads a generated network (cells.csv, truth.csv, alarms.csv, cell_kpi.csv) and writes into `outdir`:

  tickets-YYYY-MM.csv  one file per month as a ticket system exports them (Chinese headers 工单号,
                       受理时间, 发生时间, 用户号码, 投诉现象, 小区名称, LAC, CI, 纬度, 经度, 地址), from
                       the first day of the month MONTHS_BEFORE months before the statistics' day up to
                       the end of that day (the last file holds the statistics' month up to that day)
  subscribers.csv      subscribers per region and month (地市, 月份, 用户数) for those months
  README.md            what is in them, and the surge's answer key

Background complaints arrive as a Poisson stream over the whole network (about BACKGROUND_PER_DAY a
day, more in the evening), each on a cell drawn by its region's rate and its own (a gamma weight, so
some cells are chattier), placed by cell name (half), LAC+CI (a sixth) or the subscriber's spot in
front of the cell (a third); symptoms in the subscribers' own words, Chinese or English. A pool of
chronic complainers calls again and again about their home cell (the repeats of the report). A few
tickets say too little (no place; words that fit two symptoms) and one names a cell the configuration
does not know, as real ticket files do.

The surge: from the onset of the injected fault (its first alarm, else 08:00) to the end of the
statistics' day, SURGE_TICKETS subscribers in front of the faulty cell complain of no coverage
(and some of calls that do not go through), a few of them twice. It is the one place and day where
complaints stand above their history; tickets before the statistics' day have no statistics to be
triaged against (no_evidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..diagnosis.locate import spot_towards

BACKGROUND_PER_DAY = 10.0
SURGE_TICKETS = 24
MONTHS_BEFORE = 2
CHRONIC = 12  # subscribers who complain again and again about their home cell
CHRONIC_SHARE = 0.08  # of the background tickets
SUBSCRIBERS_PER_CELL = 1_600
SURGE_CAUSES = ("cell_out_of_service", "single_trx_cell_trx_down", "transmission_flapping")
HEADERS = {
    "complaint_id": "工单号", "received_at": "受理时间", "occurred_at": "发生时间", "msisdn": "用户号码", "symptom": "投诉现象",
    "cell": "小区名称", "lac": "LAC", "ci": "CI", "lat": "纬度", "lon": "经度", "address": "地址",
}
# The subscribers' words, by symptom: Chinese mostly, some English (every phrase resolves to its symptom).
WORDS = {
    "no_coverage": ["家里没信号", "室内信号很差", "手机经常显示无服务", "no signal at home", "signal is very weak indoors"],
    "call_drop": ["经常掉话", "说着说着就断了", "通话中突然中断", "calls keep dropping"],
    "one_way_audio": ["对方听不到我说话", "我听不到对方声音", "one-way audio, they cannot hear me"],
    "choppy_voice": ["通话断断续续", "声音有杂音", "voice keeps breaking up"],
    "call_setup": ["打不出电话", "别人打不进来", "经常呼叫失败", "cannot make calls"],
    "gprs_no_access": ["上不了网", "手机无法上网"],
    "gprs_slow": ["上网很慢", "网速太慢", "mobile data is very slow"],
}
SYMPTOM_SHARE = {"no_coverage": 0.24, "call_drop": 0.22, "one_way_audio": 0.08, "choppy_voice": 0.12, "call_setup": 0.18,
                 "gprs_no_access": 0.06, "gprs_slow": 0.10}
SURGE_WORDS = ["突然没信号了", "下午开始就没信号了", "手机显示无服务", "家里没信号", "no signal since this afternoon", "电话打不通"]
UNCLEAR_WORDS = ["掉话还有杂音", "手机有问题"]
# By hour of day, the share of complaints (quiet at night, busiest in the evening).
HOURLY = np.array([1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 6, 7, 7, 6, 4, 2], dtype=float)
REGION_RATE = {"江汉区": 1.3, "汉阳区": 0.8, "江岸区": 1.0, "武昌区": 1.1}
STREETS = ["中北路", "解放大道", "汉阳大道", "建设大道", "武珞路", "中山大道", "沿江大道", "珞喻路", "鹦鹉大道", "发展大道"]


@dataclass(frozen=True)
class SurgeTruth:
    cause: str
    cell: str
    region: str | None
    bsc: str | None
    day: str
    onset: str
    tickets: int
    lat: float
    lon: float

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def generate_tickets(network: Path, outdir: Path, seed: int = 7, cause: str | None = None) -> SurgeTruth:
    """Write the desk's sample for the network in `network` into `outdir` (see the module's docstring)."""
    network, outdir = Path(network), Path(outdir)
    cells = pd.read_csv(network / "cells.csv")
    truth = pd.read_csv(network / "truth.csv")
    kpi_times = pd.read_csv(network / "cell_kpi.csv", usecols=["start_time"])["start_time"]
    stats_day = pd.Timestamp(kpi_times.min()).normalize()
    stats_end = pd.Timestamp(kpi_times.max()).normalize() + pd.Timedelta(days=1)  # the end of the last statistics' day
    rng = np.random.default_rng(np.random.SeedSequence([seed, 17]))
    first = (stats_day.to_period("M") - MONTHS_BEFORE).start_time
    surge = _surge_truth(network, cells, truth, stats_day, stats_end, cause)
    background = _background(rng, cells, first, stats_end)
    tickets = pd.concat([background, _surge(rng, cells, surge, stats_end)], ignore_index=True)
    tickets = tickets.sort_values(["received_at", "occurred_at"], kind="stable").reset_index(drop=True)
    tickets["complaint_id"] = [f"TS{t:%Y%m%d}{i:04d}" for i, t in enumerate(tickets["received_at"], start=1)]
    outdir.mkdir(parents=True, exist_ok=True)
    for month, rows in tickets.groupby(tickets["received_at"].dt.to_period("M")):
        _write_tickets(rows, outdir / f"tickets-{month}.csv")
    _subscribers(rng, cells, pd.period_range(first, stats_day, freq="M")).to_csv(outdir / "subscribers.csv", index=False, encoding="utf-8-sig")
    (outdir / "README.md").write_text(_readme(tickets, surge, seed, network), encoding="utf-8")
    return surge


# ------------------------------------------------------------------------------------------ the surge
def _surge_truth(network: Path, cells: pd.DataFrame, truth: pd.DataFrame, day: pd.Timestamp, end: pd.Timestamp,
                 cause: str | None) -> SurgeTruth:
    injected = truth[(truth["role"] == "injected") & (truth["level"] == "cell")]
    wanted = [cause] if cause else list(SURGE_CAUSES)
    chosen = next((injected[injected["cause"] == c].iloc[0] for c in wanted if (injected["cause"] == c).any()), None)
    if chosen is None:
        if cause:
            raise ValueError(f"no injected cell-level fault {cause!r} in {network / 'truth.csv'}")
        chosen = injected.iloc[0]
    cell = cells[cells["cell"] == chosen["cell"]].iloc[0]
    onset = day + pd.Timedelta(hours=8)
    alarms_file = network / "alarms.csv"
    if alarms_file.exists():
        alarms = pd.read_csv(alarms_file, usecols=["raised_at", "site", "cell"])
        here = alarms[(alarms["cell"] == cell["cell"]) | (alarms["cell"].isna() & (alarms["site"] == cell["site"]))]
        raised = pd.to_datetime(here["raised_at"])
        raised = raised[(raised >= day) & (raised < end)]
        if not raised.empty:
            onset = raised.min().ceil("10min")
    return SurgeTruth(cause=str(chosen["cause"]), cell=str(cell["cell"]), region=_text(cell.get("region")), bsc=_text(cell.get("bsc")),
                      day=f"{day:%Y-%m-%d}", onset=f"{onset:%Y-%m-%d %H:%M}", tickets=SURGE_TICKETS,
                      lat=float(cell["lat"]), lon=float(cell["lon"]))


def _surge(rng: np.random.Generator, cells: pd.DataFrame, surge: SurgeTruth, end: pd.Timestamp) -> pd.DataFrame:
    cell = cells[cells["cell"] == surge.cell].iloc[0]
    onset = pd.Timestamp(surge.onset)
    hours = (end - pd.Timedelta(minutes=30) - onset) / pd.Timedelta(hours=1)
    rows = []
    callers = [f"1380710{n:04d}" for n in rng.choice(10_000, SURGE_TICKETS, replace=False)]
    for i in range(SURGE_TICKETS):
        occurred = onset + pd.Timedelta(hours=float(rng.uniform(0.1, max(hours * 0.85, 0.2))))
        received = min(occurred + pd.Timedelta(minutes=float(rng.uniform(5, 90))), end - pd.Timedelta(minutes=5))
        how = rng.uniform()
        row = {"occurred_at": occurred, "received_at": received, "msisdn": callers[i % (SURGE_TICKETS - 3)],  # three call twice
               "symptom": SURGE_WORDS[i % len(SURGE_WORDS)], "address": f"{STREETS[i % len(STREETS)]} {rng.integers(1, 300)} 号"}
        if how < 0.6:
            spot = spot_towards(float(cell["lat"]), float(cell["lon"]), float(cell["azimuth"]) + rng.uniform(-45, 45), rng.uniform(150, 650))
            row.update(lat=round(spot.lat, 6), lon=round(spot.lon, 6))
        elif how < 0.85:
            row["cell"] = surge.cell
        else:
            row.update(lac=int(cell["lac"]), ci=int(cell["ci"]))
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------ the background
def _background(rng: np.random.Generator, cells: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    days = (end - start).days
    n = int(rng.poisson(BACKGROUND_PER_DAY * days))
    region = cells["region"].map(REGION_RATE).fillna(1.0).to_numpy(float) if "region" in cells else np.ones(len(cells))
    weight = rng.gamma(2.0, 0.5, len(cells)) * region
    chosen = rng.choice(len(cells), n, p=weight / weight.sum())
    day = rng.integers(0, days, n)
    hour = rng.choice(24, n, p=HOURLY / HOURLY.sum())
    occurred = start + pd.to_timedelta(day, unit="D") + pd.to_timedelta(hour, unit="h") + pd.to_timedelta(rng.uniform(0, 3600, n), unit="s")
    delay = pd.to_timedelta(np.minimum(rng.lognormal(0.5, 1.0, n), 48.0), unit="h")
    received = (occurred + delay).where(occurred + delay < end, end - pd.Timedelta(minutes=1))
    symptoms = rng.choice(list(SYMPTOM_SHARE), n, p=np.array(list(SYMPTOM_SHARE.values())) / sum(SYMPTOM_SHARE.values()))
    chronic_cells = rng.choice(len(cells), CHRONIC, replace=False, p=weight / weight.sum())
    chronic = rng.uniform(size=n) < CHRONIC_SHARE
    who = rng.integers(0, CHRONIC, n)
    chosen = np.where(chronic, chronic_cells[who], chosen)
    rows = []
    for i in range(n):
        cell = cells.iloc[chosen[i]]
        symptom = str(symptoms[i])
        words = WORDS[symptom]
        row = {
            "occurred_at": occurred[i].floor("min") if rng.uniform() > 0.15 else None,  # a sixth of the tickets do not say
            "received_at": pd.Timestamp(received[i]).floor("min"),
            "msisdn": f"1390710{who[i]:04d}" if chronic[i] else f"139{rng.integers(0, 10**8):08d}",
            "symptom": words[int(rng.integers(0, len(words)))],
            "address": f"{STREETS[int(rng.integers(0, len(STREETS)))]} {rng.integers(1, 300)} 号" if rng.uniform() < 0.4 else None,
        }
        how = rng.uniform()
        if how < 0.5 or chronic[i]:
            row["cell"] = cell["cell"]
        elif how < 0.67:
            row.update(lac=int(cell["lac"]), ci=int(cell["ci"]))
        else:
            spot = spot_towards(float(cell["lat"]), float(cell["lon"]), float(cell["azimuth"]) + rng.uniform(-50, 50), rng.uniform(150, 900))
            row.update(lat=round(spot.lat, 6), lon=round(spot.lon, 6))
        rows.append(row)
    frame = pd.DataFrame(rows)
    _oddities(rng, frame)
    return frame


def _oddities(rng: np.random.Generator, frame: pd.DataFrame) -> None:
    """Tickets as real files have them: words fitting two symptoms, no place, a cell the configuration does not know."""
    if len(frame) < 10:
        return
    picks = rng.choice(len(frame), 4, replace=False)
    frame.loc[picks[0], "symptom"] = UNCLEAR_WORDS[0]
    frame.loc[picks[1], "symptom"] = UNCLEAR_WORDS[1]
    frame.loc[picks[2], ["cell", "lac", "ci", "lat", "lon"]] = None
    frame.loc[picks[2], "address"] = "汉口 发展大道 168 号"
    frame.loc[picks[3], ["lac", "ci", "lat", "lon"]] = None
    frame.loc[picks[3], "cell"] = "S9999X"


# ------------------------------------------------------------------------------------------ files
def _write_tickets(rows: pd.DataFrame, path: Path) -> None:
    out = rows.reindex(columns=list(HEADERS)).copy()
    for name in ("received_at", "occurred_at"):
        out[name] = pd.to_datetime(out[name]).dt.strftime("%Y-%m-%d %H:%M").fillna("")
    for name in ("lac", "ci"):
        out[name] = out[name].map(lambda v: "" if v is None or v != v else str(int(v)))
    out.rename(columns=HEADERS).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def _subscribers(rng: np.random.Generator, cells: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """Subscribers per region and month: about SUBSCRIBERS_PER_CELL per cell, growing a little each month."""
    regions = cells["region"].fillna(cells["bsc"]) if "region" in cells else cells["bsc"]
    per_region = regions.value_counts().sort_index() * SUBSCRIBERS_PER_CELL
    rows = []
    for region, base in per_region.items():
        level = base * rng.uniform(0.9, 1.1)
        for i, month in enumerate(months):
            rows.append({"地市": region, "月份": str(month), "用户数": int(round(level * (1 + 0.006 * i), -2))})
    return pd.DataFrame(rows)


def _readme(tickets: pd.DataFrame, surge: SurgeTruth, seed: int, network: Path) -> str:
    months = tickets["received_at"].dt.to_period("M").value_counts().sort_index()
    return "\n".join([
        "# Complaint desk sample",
        "",
        f"Tickets and subscriber counts for the sample network `{network}` (generated by `netdiag.sample`,",
        f"seed {seed}): not real data. The network's statistics cover {surge.day}; tickets before that day",
        "have no statistics to be triaged against (no_evidence).",
        "",
        *(f"- `tickets-{m}.csv`: {n} tickets" for m, n in months.items()),
        "- `subscribers.csv`: subscribers per region and month",
        "",
        "## The surge (answer key)",
        "",
        f"From {surge.onset} the injected fault `{surge.cause}` takes cell {surge.cell} (BSC {surge.bsc}, region",
        f"{surge.region}) off the air; {surge.tickets} subscribers in front of it complain that evening. The cell,",
        "its BSC and its region surge on that day, and the complaints make a hotspot at the cell's site;",
        "nowhere else do complaints stand above their history.",
        "",
    ])


def _text(value: object) -> str | None:
    return None if value is None or value != value else str(value)
