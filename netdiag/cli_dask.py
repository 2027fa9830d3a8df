"""`scan --workers N` / `scan --scheduler ADDRESS`: the scan on a Dask cluster (netdiag.distributed).

The data is read here, on the client; the partitions, the network context and the compiled rules
go to the workers. Dask is imported only when one of the options is given.
"""

from __future__ import annotations

from pathlib import Path

from .cli_common import load_inputs, note, note_skipped
from .rules.engine import Diagnosis


def load_and_diagnose_on_dask(rules: list[Path] | None, data: Path, encoding: str | None, profile: Path | None,
                              workers: int | None, scheduler: str | None) -> Diagnosis:
    from .distributed import dask_client, diagnose_distributed

    # The cluster first: a wrong option or address, or no Dask installed, fails before the data is read.
    with dask_client(workers=workers, scheduler=scheduler) as client:
        dataset, ruleset = load_inputs(rules, data, encoding, profile)
        threads = sum(client.nthreads().values())
        note(f"note: scanning on Dask ({scheduler or 'local cluster'}): {len(client.nthreads())} workers, "
             f"{threads} threads, partitions of whole BSCs")
        diagnosis = diagnose_distributed(dataset, ruleset, client)
    note_skipped(diagnosis)
    return diagnosis
