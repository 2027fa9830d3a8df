"""The HTML reports of the sample network, rendered once per test process for the page tests and the
browser tests. (Not a conftest.py: see tests/cases/caselog_support.py.)"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from conftest import SAMPLE
from netdiag.diagnosis.locate import spot_towards
from netdiag.diagnosis.pictures import ComplaintView, complaint_view
from netdiag.diagnosis.request import TriageRequest
from netdiag.diagnosis.scan import scan
from netdiag.diagnosis.source import Inputs
from netdiag.diagnosis.suspects import drive_test_suspects
from netdiag.render.html import MapOptions, cases_report_page, complaint_page, scan_page, suspects_page

INPUTS = Inputs(data=SAMPLE)
# The subscriber's words, with markup in them: a report shows them as text.
WORDS = "说着说着就断了 <b>again</b>"


@lru_cache(maxsize=None)
def cells() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "cells.csv")


@lru_cache(maxsize=None)
def complaint(lang: str = "en") -> ComplaintView:
    """Dropped calls 300 m in front of S0196C, whose site's PCM link flaps (the sample's fault 12)."""
    c = cells().set_index("cell").loc["S0196C"]
    spot = spot_towards(c["lat"], c["lon"], c["azimuth"], 300)
    return complaint_view(INPUTS, TriageRequest(symptom=WORDS, at=f"{spot.lat},{spot.lon}", time="2026-11-20 21:30"), lang)


@lru_cache(maxsize=None)
def complaint_html(lang: str = "en", tiles: str | None = None, gcj02: bool = False) -> str:
    return complaint_page(complaint(lang), lang, MapOptions(tiles=tiles, gcj02=gcj02), source="samples/network")


@lru_cache(maxsize=None)
def suspects(lang: str = "en"):
    return drive_test_suspects(INPUTS, lang)


@lru_cache(maxsize=None)
def suspects_html(lang: str = "en") -> str:
    return suspects_page(suspects(lang), lang, source="samples/network")


@lru_cache(maxsize=None)
def diagnosis():
    return scan(INPUTS)


@lru_cache(maxsize=None)
def scan_html(lang: str = "en") -> str:
    return scan_page(diagnosis(), lang, source="samples/network")


@lru_cache(maxsize=None)
def cases_report():
    """Three hundred complaints in November over the sample's cells, one cell with a burst of them."""
    from netdiag.cases import monthly_report
    from netdiag.cases.query import prepare

    rng = np.random.default_rng(7)
    table = cells().assign(region=np.where(cells()["lat"] > 30.55, "North", "South"))
    rows = []
    for i in range(360):
        month = 11 if i < 300 else 10
        day = int(rng.integers(1, 29))
        received = pd.Timestamp(2026, month, day, int(rng.integers(0, 23)))
        burst = month == 11 and i % 5 == 0 and day > 20
        cell = table.iloc[17 if burst else int(rng.integers(0, len(table)))]
        rows.append({
            "case_id": i + 1, "complaint_id": f"T{i + 1}", "received_at": received, "cell": cell["cell"],
            "msisdn": f"139{int(rng.integers(10**7, 10**8))}", "symptom": str(rng.choice(["call_drop", "no_coverage", "gprs_slow"])),
            "class": str(rng.choice(["valid", "explained"])), "status": "closed",
            "acknowledged_at": received + pd.Timedelta(hours=float(rng.exponential(10))),
            "closed_at": received + pd.Timedelta(hours=float(rng.exponential(50))),
        })
    subscribers = pd.DataFrame({"region": ["North", "South", "North", "South"], "month": ["2026-11", "2026-11", "2026-10", "2026-10"],
                                "subscribers": [200_000, 150_000, 200_000, 150_000]})
    return monthly_report(prepare(pd.DataFrame(rows)), "2026-11", subscribers=subscribers, cells=table, now="2026-11-30 12:00"), table


@lru_cache(maxsize=None)
def cases_html(lang: str = "en") -> str:
    report, table = cases_report()
    return cases_report_page(report, lang, cells=table)
