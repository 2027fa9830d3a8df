"""A day of tickets (issue 16, item 2): 1,000 complaints spread over 24 hours, triaged as one batch.

    netdiag triage --store STORE --days 30 --complaints tickets.csv --format json     (against history)
    netdiag triage DIR --complaints tickets.csv --format json                          (one day's exports)

each timed as a fresh process (wall, CPU, peak memory) beside its goals: the whole process within
60 s and 2 GB. The tickets file is generated deterministically (seed 7) from the network's own
files: a call centre's export with a received and an occurred time over the network's day, a
subscriber number, the symptom as an id or in the subscriber's words (Chinese and English), and
where as a cell name, LAC+CI or a spot 300 m in front of a cell. One in ten tickets is on a cell
with an injected fault (truth.csv), with that fault's symptom; the rest fall on cells at random.

Only the standard library is used here (bench.py runs the processes and prints the lines).
"""

from __future__ import annotations

import csv
import math
import random
from datetime import datetime, timedelta
from pathlib import Path

TICKETS, SEED = 1000, 7
GOALS = {"tickets_s": 60.0, "tickets_peak_mb": 2000.0}
# The subscriber's words, per symptom: what a call centre types (each resolves to its symptom).
WORDS = {
    "call_drop": ["经常掉话", "说着说着就断了", "my calls keep dropping"],
    "no_coverage": ["家里没信号", "no signal at home"],
    "one_way_audio": ["对方听不到我说话", "the other side can't hear me"],
    "call_setup": ["电话经常打不出去", "calls don't go through"],
    "choppy_voice": ["通话断断续续", "voice is choppy"],
    "gprs_slow": ["上网特别慢", "mobile data is very slow"],
    "gprs_no_access": ["上不了网", "cannot connect to the internet"],
}
EARTH_M_PER_DEG = 111_195.0


def day_of(network: Path) -> datetime:
    """The first day of the network's statistics (the first period of cell_kpi)."""
    with (network / "cell_kpi.csv").open(encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))["start_time"]
    return datetime.fromisoformat(first).replace(hour=0, minute=0)


def write_tickets(network: Path, path: Path, count: int = TICKETS, seed: int = SEED) -> Path:
    """`count` tickets over the network's day, written as CSV (the complaints columns of formats.md)."""
    rng = random.Random(seed)
    with (network / "cells.csv").open(encoding="utf-8") as handle:
        cells = list(csv.DictReader(handle))
    with (network / "truth.csv").open(encoding="utf-8") as handle:
        faults = [r for r in csv.DictReader(handle) if r["role"] == "injected" and r["cell"] and r["symptom"] in WORDS]
    by_name = {c["cell"]: c for c in cells}
    day = day_of(network)
    rows = []
    for i in range(count):
        if faults and rng.random() < 0.1:
            fault = rng.choice(faults)
            cell, symptom = by_name[fault["cell"]], fault["symptom"]
        else:
            cell, symptom = rng.choice(cells), rng.choice(sorted(WORDS))
        received = day + timedelta(seconds=rng.randrange(24 * 3600))
        occurred = max(day, received - timedelta(minutes=rng.randrange(180)))
        said = symptom if rng.random() < 0.5 else rng.choice(WORDS[symptom])
        where = rng.random()
        row = {"complaint_id": f"T{i + 1:05d}", "received_at": f"{received:%Y-%m-%d %H:%M:%S}",
               "occurred_at": f"{occurred:%Y-%m-%d %H:%M}" if rng.random() < 0.7 else "",
               "msisdn": f"139{rng.randrange(10**8):08d}", "symptom": said,
               "cell": "", "lac": "", "ci": "", "lat": "", "lon": "", "address": ""}
        if where < 0.5:
            row["cell"] = cell["cell"]
        elif where < 0.75:
            row["lac"], row["ci"] = cell["lac"], cell["ci"]
        else:
            row["lat"], row["lon"] = _ahead(cell, 300.0)
        rows.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _ahead(cell: dict[str, str], metres: float) -> tuple[str, str]:
    """A spot `metres` in front of the cell's antenna (where its subscriber stands)."""
    lat, lon, azimuth = float(cell["lat"]), float(cell["lon"]), math.radians(float(cell["azimuth"] or 0))
    north, east = metres * math.cos(azimuth), metres * math.sin(azimuth)
    return f"{lat + north / EARTH_M_PER_DEG:.6f}", f"{lon + east / (EARTH_M_PER_DEG * math.cos(math.radians(lat))):.6f}"
