"""The history store: a network's daily exports kept as Parquet, by table and day.

    import_exports(DATA, STORE)          add a folder of exports (netdiag import); atomic, idempotent
    import_dataset(dataset, STORE)       the same for tables already in memory
    load_store(STORE, days=7)            the last days as one Dataset (scan)
    load_complaint(STORE, cells, days=7)  only what a complaint's triage needs, with the network's context
    store_cells(STORE)                   the cell configuration, to locate a complaint before reading
"""

from .importer import Change, ImportReport, clean_store, import_dataset, import_exports
from .layout import CONTEXT
from .complaint import load_complaint, store_cells
from .reader import DEFAULT_DAYS, Window, load_store

__all__ = [
    "CONTEXT",
    "DEFAULT_DAYS",
    "Change",
    "ImportReport",
    "Window",
    "clean_store",
    "import_dataset",
    "import_exports",
    "load_complaint",
    "load_store",
    "store_cells",
]
