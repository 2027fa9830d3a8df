"""`scan --workers N` / `scan --scheduler ADDRESS`: the scan on a Dask cluster (netdiag.distributed).

The data is read here, on the client; the partitions, the network context and the compiled rules
go to the workers. Dask is imported only when one of the options is given.
"""

from __future__ import annotations

from collections.abc import Callable

from .cli_common import note, note_skipped
from .dataset import Dataset
from .rules.engine import Diagnosis
from .rules.loader import RuleSet


def load_and_diagnose_on_dask(load: Callable[[], tuple[Dataset, RuleSet]], workers: int | None, scheduler: str | None) -> Diagnosis:
    """`load` reads the data (a folder or the store) and the rule base, once the cluster is there."""
    from .distributed import dask_client, diagnose_distributed

    # The cluster first: a wrong option or address, or no Dask installed, fails before the data is read.
    with dask_client(workers=workers, scheduler=scheduler) as client:
        dataset, ruleset = load()
        threads = sum(client.nthreads().values())
        note(f"note: scanning on Dask ({scheduler or 'local cluster'}): {len(client.nthreads())} workers, "
             f"{threads} threads, partitions of whole BSCs")
        diagnosis = diagnose_distributed(dataset, ruleset, client)
    note_skipped(diagnosis)
    return diagnosis
