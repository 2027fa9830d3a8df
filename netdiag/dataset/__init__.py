"""One network's tables: loaded from a folder, completed and checked, narrowed to a moment, and
the topology (scope) of a cell."""

from ..lazy import lazy_api

_EXPORTS = {
    "around": ".window",
    "build_dataset": ".complete",
    "ContextParts": ".context",
    "Inspection": ".inspect",
    "inspect_folder": ".inspect",
    "Dataset": ".model",
    "load_dataset": ".load",
    "NetworkContext": ".context",
    "parse_time": ".window",
    "period_ends": ".periods",
    "Scope": ".topology",
    "scope_of": ".topology",
    "time_range": ".window",
    "window_bounds": ".window",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
