"""Scans on a Dask cluster: the network split by BSC, findings identical to a local scan.

`diagnose_distributed(ds, rules, client)` is `diagnose(ds, rules)` run as one task per partition
of whole BSCs; `dask_client(workers=N)` or `dask_client(scheduler="tcp://host:8786")` gives the
client. Dask itself is imported only when a client is made.
"""

from .cluster import dask_client
from .partition import split_by_bsc
from .scan import diagnose_distributed, diagnose_in_parts

__all__ = ["dask_client", "diagnose_distributed", "diagnose_in_parts", "split_by_bsc"]
