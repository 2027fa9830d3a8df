"""Measures: the per-level frames rules run on, computed vectorised from a dataset, and the network
context a partial dataset is measured against."""

from ..lazy import lazy_api

_EXPORTS = {
    "COLUMNS": ".compute",
    "compute": ".compute",
    "LevelFrames": ".base",
    "LEVELS": ".levels",
    "PERIOD_LEVELS": ".levels",
    "PERSISTENCE_COLUMNS": ".compute",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
