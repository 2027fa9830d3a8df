"""`netdiag sample`: a synthetic network with known, injected faults."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NetdiagError
from .common import DebugOpt, fail, note


def sample_command(
    outdir: Annotated[Path, typer.Argument(help="Folder to write the sample network into.", show_default=False)],
    cells: Annotated[Optional[int], typer.Option("--cells", min=30, help="Approximate number of cells (default: enough for every fault).")] = None,
    hours: Annotated[int, typer.Option("--hours", min=4, max=24 * 31, help="Hourly periods of statistics.")] = 24,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 7,
    vendor: Annotated[Optional[str], typer.Option("--vendor", help="Write it as a vendor's files: huawei (GExport XML + M2000 CSV) or 3gpp (Bulk CM XML + measCollec XML).")] = None,
    debug: DebugOpt = False,
) -> None:
    """Write a synthetic network with known, injected faults (and a truth file listing them)."""
    from ..sample import generate_network, write_vendor_network

    try:
        options = {"cells": cells} if cells else {}
        if vendor is None:
            truth = generate_network(outdir, hours=hours, seed=seed, **options)
        else:
            truth = write_vendor_network(outdir, vendor.lower(), hours=hours, seed=seed, **options)
    except (NetdiagError, ValueError) as error:
        fail(error, debug)
        return
    injected = int((truth["role"] == "injected").sum()) if "role" in truth else len(truth)
    note(f"wrote {outdir} with {injected} injected faults and {len(truth) - injected} consequences (see truth.csv)")
