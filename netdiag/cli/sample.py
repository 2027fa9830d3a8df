"""`netdiag sample`: a synthetic network with known, injected faults (and, asked for, the complaint desk's tickets)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NetdiagError, UsageError
from .common import DebugOpt, fail, note


def sample_command(
    outdir: Annotated[Path, typer.Argument(help="Folder to write the sample network into.", show_default=False)],
    cells: Annotated[Optional[int], typer.Option("--cells", min=30, help="Approximate number of cells (default 600: every fault once; fewer cells get fewer faults).")] = None,
    faults: Annotated[Optional[list[str]], typer.Option("--faults", help="Cause ids to inject, comma-separated or repeated, each once per mention; 'none' for a healthy network (default: as many causes as the size allows).")] = None,
    hours: Annotated[int, typer.Option("--hours", min=4, max=24 * 31, help="Hourly periods of statistics.")] = 24,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 7,
    tickets: Annotated[Optional[Path], typer.Option("--tickets", metavar="DIR", help="Also write the complaint desk's sample there: "
                       "tickets of the months up to the statistics' day, with a surge around one injected fault, and subscribers per region.")] = None,
    vendor: Annotated[Optional[str], typer.Option("--vendor", help="Write it as a vendor's files: huawei (GExport XML + M2000 CSV) or 3gpp (Bulk CM XML + measCollec XML).")] = None,
    debug: DebugOpt = False,
) -> None:
    """Write a synthetic network with known, injected faults (and a truth file listing them)."""
    from ..sample import generate_network, generate_tickets, write_vendor_network

    try:
        options: dict[str, object] = {"cells": cells} if cells else {}
        if faults is not None:
            named = [f.strip() for item in faults for f in item.split(",") if f.strip()]
            options["faults"] = [] if named == ["none"] else named
        if vendor is not None and tickets is not None:
            raise UsageError("--tickets writes the desk's sample beside the canonical network: drop --vendor (or --tickets)")
        if vendor is None:
            truth = generate_network(outdir, hours=hours, seed=seed, **options)
        else:
            truth = write_vendor_network(outdir, vendor.lower(), hours=hours, seed=seed, **options)
        surge = generate_tickets(outdir, tickets, seed=seed) if tickets is not None else None
    except (NetdiagError, ValueError) as error:
        fail(error, debug)
        return
    injected = int((truth["role"] == "injected").sum()) if "role" in truth else len(truth)
    note(f"wrote {outdir} with {injected} injected faults and {len(truth) - injected} consequences (see truth.csv)")
    if surge is not None:
        note(f"wrote {tickets}: tickets and subscribers, a surge at {surge.cell} from {surge.onset} (see its README.md)")
