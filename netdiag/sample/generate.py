"""Synthetic sample network: OMC-R style exports of an invented GSM/GPRS network with known faults.

    generate_network(outdir, cells=600, hours=24, seed=7) -> truth frame

writes every table netdiag reads (cells, trx, neighbours, alarms, cell_kpi, trx_kpi, 018, circuit
states, 025, 180, gprs_kpi, gpu_kpi) plus truth.csv (injected faults and their consequences) and a README. The same seed gives the same files.
Counters are drawn with numpy over whole [cell, hour] arrays, so 20,000 cells stay quick.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd

from ..catalogue import load_catalogue
from ..errors import DataError
from . import injectors as _injectors  # noqa: F401  (registers the injectors)
from .faults import REGISTRY, Scene, affected_cells, place_faults
from .knobs import default_knobs
from .network import build_network
from .tables import build_tables
from .writer import TRUTH_COLUMNS, check_outdir, readme_text, write_network

__all__ = ["DEFAULT_CELLS", "FAULT_CAUSES", "MIN_CELLS", "affected_cells", "default_faults", "generate_network"]

# Every cause with an injector, in catalogue order: the default faults.
FAULT_CAUSES: list[str] = [c for c in load_catalogue().causes if c in REGISTRY]
DEFAULT_START = "2026-11-20 00:00"
DEFAULT_CELLS = 600
MIN_CELLS = 450  # the smallest network on which every default fault is placed (checked on many seeds)


def default_faults(cells: int) -> list[str]:
    """The faults of a network of `cells` when none are named: every cause of FAULT_CAUSES from
    MIN_CELLS cells on; below, a share of them in proportion to the size, taken from each symptom in
    turn (every kind of complaint gets a fault while there is room), at least one."""
    if cells >= MIN_CELLS:
        return list(FAULT_CAUSES)
    by_symptom: dict[str, list[str]] = {}
    for cause in FAULT_CAUSES:
        by_symptom.setdefault(REGISTRY[cause].symptom, []).append(cause)
    wanted = max(1, len(FAULT_CAUSES) * cells // MIN_CELLS)
    chosen: list[str] = []
    while len(chosen) < wanted:
        for causes in by_symptom.values():
            if causes and len(chosen) < wanted:
                chosen.append(causes.pop(0))
    return chosen


def generate_network(
    outdir: Path,
    cells: int = DEFAULT_CELLS,
    hours: int = 24,
    seed: int = 7,
    start: str = DEFAULT_START,
    faults: list[str] | None = None,
) -> pd.DataFrame:
    """Generate a network into `outdir` and return the truth frame: one `injected` row per fault and
    one `consequence` row per condition it necessarily creates elsewhere (same fault number).
    `faults`: cause ids to inject, each once per mention (default: default_faults(cells), every
    cause in FAULT_CAUSES on MIN_CELLS cells or more, fewer on a smaller network)."""
    if cells < 3 or hours < 1:
        raise ValueError("need at least 3 cells and 1 hour")
    outdir = Path(outdir)
    causes = default_faults(cells) if faults is None else list(faults)
    for cause in causes:
        if cause not in REGISTRY:
            close = difflib.get_close_matches(cause, list(REGISTRY), n=3)
            hint = f"did you mean {', '.join(close)}?" if close else f"one of: {', '.join(REGISTRY)}"
            raise ValueError(f"no fault {cause!r} can be injected; {hint}")
    t0 = pd.Timestamp(start)
    # Independent streams: the network does not change with the faults, nor placement with traffic.
    net_rng, knob_rng, place_rng, fault_rng, count_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)
    )
    check_outdir(outdir)
    net = build_network(net_rng, cells)
    knobs = default_knobs(knob_rng, net, t0, hours)
    placements = _placements(place_rng, net, knobs, causes, scaled=faults is None)
    causes = [p.injector.cause for p in placements]
    scene = Scene(fault_rng, net, knobs, t0, alarms=[])
    rows = []
    names = net.names
    for number, p in enumerate(placements, start=1):
        inj = p.injector
        injected = inj.inject(scene, p.target)
        rows.append([number, inj.cause, inj.level, injected.object, names[p.target.cell], inj.symptom, "injected", injected.detail])
        for c in p.consequences:
            symptom = load_catalogue().causes[c.cause].symptoms[0]
            rows.append([number, c.cause, c.level, c.object, names[c.cell], symptom, "consequence", c.detail])
    truth = pd.DataFrame(rows, columns=TRUTH_COLUMNS)
    fault_sites = set(net.cells.set_index("cell").loc[truth["cell"], "site"]) if len(truth) else set()
    tables = build_tables(count_rng, net, knobs, t0, scene.alarms, fault_sites)
    if start == DEFAULT_START:  # what the CLI can say
        named = "" if faults is None else f" --faults {','.join(faults) or 'none'}"
        command = f"netdiag sample {outdir} --cells {cells} --hours {hours} --seed {seed}{named}"
    else:
        command = (
            f"python -c \"from netdiag.sample import generate_network; generate_network('{outdir}', "
            f"cells={cells}, hours={hours}, seed={seed}, start='{start}', faults={causes!r})\""
        )
    try:
        write_network(outdir, tables, truth, readme_text(tables, truth, seed=seed, hours=hours, command=command))
    except OSError as error:  # a full disk, a folder not ours to write: one line naming it
        raise DataError(f"{outdir}: cannot write the sample network: {error.strerror or error}") from error
    return truth


def _placements(rng: np.random.Generator, net, knobs, causes: list[str], scaled: bool):
    """Targets for the faults. Default faults scaled to a small network that still do not fit lose
    their last one until they do (the same seed drops the same ones); named faults that do not fit
    are an error."""
    while True:
        try:
            return place_faults(rng, net, knobs, causes)
        except ValueError:
            if not scaled or len(causes) <= 1:
                raise
            causes = causes[:-1]
