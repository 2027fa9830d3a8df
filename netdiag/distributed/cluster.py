"""A Dask client for a scan: a local cluster of worker processes, or an existing cluster's scheduler.

Dask is an optional dependency (`pip install 'netdiag[dask]'`); it is imported only here, when a
client is asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import UsageError

if TYPE_CHECKING:
    from distributed import Client

INSTALL = "install netdiag[dask] (pip install 'netdiag[dask]')"


def require_dask(workers: int | None, scheduler: str | None):
    """dask.distributed, once the options are known to ask for exactly one kind of cluster."""
    if (workers is None) == (scheduler is None):
        raise UsageError("give either --workers N or --scheduler ADDRESS")
    if workers is not None and workers < 1:
        raise UsageError(f"--workers {workers}: at least one worker")
    try:
        import distributed
    except ImportError:
        raise UsageError(f"scanning on Dask needs dask.distributed: {INSTALL}") from None
    return distributed


TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None, timeout: float = 10.0) -> Iterator[Client]:
    """A client of `workers` local worker processes (one thread each), or of the cluster at `scheduler`."""
    distributed = require_dask(workers, scheduler)
    import dask
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        with client:
            check_workers(client, scheduler)
            yield client
        return
    # Dashboard on a free port: the scheduler's web routes would otherwise want 8787, or warn it is
    # taken. No MALLOC_TRIM_THRESHOLD_ for the workers: Dask's default (64 KiB) makes the measures'
    # many mid-sized pandas allocations about half again as slow, for memory a one-off scan frees anyway.
    with dask.config.set({TRIM: None}), distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    ) as cluster, distributed.Client(cluster, set_as_default=False) as client:
        yield client


def check_workers(client: Client, where: str) -> None:
    """The scheduler and every worker must run this netdiag: tasks name its functions, they do not
    carry their code (the scheduler unpickles them too)."""
    if not client.nthreads():
        raise UsageError(f"the Dask cluster at {where} has no workers")
    try:
        versions = {**client.run(netdiag_version), "scheduler": client.run_on_scheduler(netdiag_version)}
    except Exception as error:  # netdiag cannot even be imported there
        raise UsageError(f"the Dask cluster at {where} cannot run netdiag ({type(error).__name__}: {error}); "
                         f"{INSTALL} on the scheduler and every worker") from None
    other = {worker: version for worker, version in versions.items() if version != __version__}
    if other:
        worker, version = next(iter(other.items()))
        raise UsageError(f"Dask {worker} runs netdiag {version}, this client {__version__}: install the same version")


def netdiag_version() -> str:
    from .. import __version__ as version

    return version
