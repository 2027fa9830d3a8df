"""Synthetic sample network: OMC-R style exports of an invented GSM/GPRS network with known faults.

    generate_network(outdir, cells=300, hours=24, seed=7) -> truth frame

writes every table netdiag reads (cells, trx, neighbours, alarms, cell_kpi, trx_kpi, 018, circuit
states, 025, 180, gprs_kpi, gpu_kpi) plus truth.csv and a README. The same seed gives the same files.
Counters are drawn with numpy over whole [cell, hour] arrays, so 20,000 cells stay quick.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import injectors as _injectors  # noqa: F401  (registers the injectors)
from .faults import REGISTRY, Scene, affected_cells, place_faults
from .knobs import default_knobs
from .network import build_network
from .tables import build_tables
from .writer import TRUTH_COLUMNS, check_outdir, readme_text, write_network

__all__ = ["FAULT_CAUSES", "affected_cells", "generate_network"]

FAULT_CAUSES: list[str] = list(REGISTRY)
DEFAULT_START = "2026-11-20 00:00"


def generate_network(
    outdir: Path,
    cells: int = 300,
    hours: int = 24,
    seed: int = 7,
    start: str = DEFAULT_START,
    faults: list[str] | None = None,
) -> pd.DataFrame:
    """Generate a network into `outdir` and return the truth frame (one row per injected fault).
    `faults`: cause ids to inject, each once per mention (default: every cause in FAULT_CAUSES)."""
    if cells < 3 or hours < 1:
        raise ValueError("need at least 3 cells and 1 hour")
    outdir = Path(outdir)
    causes = list(FAULT_CAUSES) if faults is None else list(faults)
    t0 = pd.Timestamp(start)
    # Independent streams: the network does not change with the faults, nor placement with traffic.
    net_rng, knob_rng, place_rng, fault_rng, count_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)
    )
    check_outdir(outdir)
    net = build_network(net_rng, cells)
    knobs = default_knobs(knob_rng, net, t0, hours)
    placements = place_faults(place_rng, net, causes)
    scene = Scene(fault_rng, net, knobs, t0, alarms=[])
    rows = []
    for number, p in enumerate(placements, start=1):
        injected = p.injector.inject(scene, p.target)
        rows.append(
            [number, p.injector.cause, p.injector.level, injected.object, net.names[p.target.cell],
             p.injector.symptom, injected.detail]
        )  # fmt: skip
    truth = pd.DataFrame(rows, columns=TRUTH_COLUMNS)
    tables = build_tables(count_rng, net, knobs, t0, scene.alarms)
    if start == DEFAULT_START and faults is None:  # what the CLI can say
        command = f"netdiag sample {outdir} --cells {cells} --hours {hours} --seed {seed}"
    else:
        command = (
            f"python -c \"from netdiag.sample import generate_network; generate_network('{outdir}', "
            f"cells={cells}, hours={hours}, seed={seed}, start='{start}', faults={causes!r})\""
        )
    write_network(outdir, tables, truth, readme_text(tables, truth, seed=seed, hours=hours, command=command))
    return truth
