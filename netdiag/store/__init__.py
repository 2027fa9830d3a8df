"""The history store: a network's daily exports kept as Parquet, by table and day.

    import_exports(DATA, STORE)          add a folder of exports (netdiag import); atomic, idempotent
    import_dataset(dataset, STORE)       the same for tables already in memory
    load_store(STORE, days=7)            the last days as one Dataset (scan)
    load_complaint(STORE, cells, days=7)  only what a complaint's triage needs, with the network's context
    store_cells(STORE)                   the cell configuration, to locate a complaint before reading
"""

from ..lazy import lazy_api

_EXPORTS = {
    "Change": ".importer",
    "clean_store": ".importer",
    "CONTEXT": ".layout",
    "DEFAULT_DAYS": ".reader",
    "import_dataset": ".importer",
    "import_exports": ".importer",
    "ImportReport": ".importer",
    "load_complaint": ".complaint",
    "load_store": ".reader",
    "store_cells": ".complaint",
    "Window": ".reader",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
