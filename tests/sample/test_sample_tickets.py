"""The complaint desk's sample: the committed files are what the generator writes, tickets as a ticket
system exports them, the surge where the answer key says, subscribers for the months of the tickets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from netdiag.diagnosis.symptoms import load_lexicon
from netdiag.sample import generate_tickets
from netdiag.sample.tickets import SURGE_TICKETS, UNCLEAR_WORDS

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "samples" / "network"
DESK = ROOT / "samples" / "desk"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("desk")
    return out, generate_tickets(NETWORK, out, seed=7)


def test_the_committed_sample_is_what_the_generator_writes(generated):
    out, _ = generated
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in DESK.iterdir())
    for name in names:
        if name != "README.md":  # (names the network folder as given)
            assert (out / name).read_bytes() == (DESK / name).read_bytes(), name


def test_tickets_by_month_with_chinese_headers_up_to_the_statistics_day(generated):
    out, surge = generated
    months = sorted(p.name for p in out.glob("tickets-*.csv"))
    assert months == ["tickets-2026-09.csv", "tickets-2026-10.csv", "tickets-2026-11.csv"]
    frames = [pd.read_csv(out / m, dtype=str, encoding="utf-8-sig") for m in months]
    assert list(frames[0].columns) == ["工单号", "受理时间", "发生时间", "用户号码", "投诉现象", "小区名称", "LAC", "CI", "纬度", "经度", "地址"]
    every = pd.concat(frames, ignore_index=True)
    received = pd.to_datetime(every["受理时间"])
    assert received.max() < pd.Timestamp("2026-11-21") and received.min() >= pd.Timestamp("2026-09-01")
    assert every["工单号"].is_unique
    occurred = pd.to_datetime(every["发生时间"])
    assert (occurred.dropna() <= received[occurred.notna()]).all()
    repeaters = every["用户号码"].value_counts()
    assert (repeaters >= 3).sum() >= 5  # chronic complainers


def test_the_surge_is_around_the_injected_fault_on_the_statistics_day(generated):
    out, surge = generated
    truth = pd.read_csv(NETWORK / "truth.csv")
    assert (surge.cause, surge.day, surge.onset) == ("cell_out_of_service", "2026-11-20", "2026-11-20 12:00")
    assert surge.cell == truth.set_index("cause").loc["cell_out_of_service", "cell"]
    november = pd.read_csv(out / "tickets-2026-11.csv", dtype=str, encoding="utf-8-sig")
    evening = november[pd.to_datetime(november["受理时间"]) >= pd.Timestamp(surge.onset)]
    cells = pd.read_csv(NETWORK / "cells.csv").set_index("cell")
    near = (evening["小区名称"] == surge.cell) | (evening["CI"] == str(cells.loc[surge.cell, "ci"]))
    spots = evening[["纬度", "经度"]].astype(float).dropna()
    close = ((spots["纬度"] - surge.lat).abs() < 0.008) & ((spots["经度"] - surge.lon).abs() < 0.008)
    assert near.sum() + close.sum() >= SURGE_TICKETS


def test_the_words_name_their_symptoms_but_the_few_unclear_ones(generated):
    out, _ = generated
    lexicon = load_lexicon()
    words = pd.concat([pd.read_csv(p, dtype=str, encoding="utf-8-sig") for p in out.glob("tickets-*.csv")])["投诉现象"]
    unclear = set()
    for text in set(words):
        try:
            lexicon.resolve(text, "zh")
        except Exception:
            unclear.add(text)
    assert unclear == set(UNCLEAR_WORDS)


def test_subscribers_per_region_for_the_tickets_months(generated):
    out, _ = generated
    subscribers = pd.read_csv(out / "subscribers.csv", encoding="utf-8-sig")
    regions = set(pd.read_csv(NETWORK / "cells.csv")["region"])
    assert set(subscribers["地市"]) == regions and set(subscribers["月份"]) == {"2026-09", "2026-10", "2026-11"}
    assert subscribers.groupby("月份")["用户数"].sum().is_monotonic_increasing
