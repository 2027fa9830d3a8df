"""Scans on a Dask cluster: the network split by BSC, findings identical to a local scan.

`scan_on_cluster(inputs, workers=N)` or `scan_on_cluster(inputs, scheduler="tcp://host:8786")` is
`netdiag.diagnosis.scan(inputs)` run as one task per partition of whole BSCs;
`diagnose_distributed(ds, rules, client)` does it for a dataset already read, with a client from
`dask_client(...)`. Dask itself is imported only when a client is made.
"""

from ..lazy import lazy_api

_EXPORTS = {
    "dask_client": ".cluster",
    "diagnose_distributed": ".scan",
    "diagnose_in_parts": ".scan",
    "diagnose_store_distributed": ".store",
    "diagnose_store_in_parts": ".store",
    "scan_on_cluster": ".scan",
    "split_by_bsc": ".partition",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
