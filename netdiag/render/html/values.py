"""Numbers as an engineer reads them in a report: rates as percent, counts whole, flags as yes/no."""

from __future__ import annotations

from collections.abc import Callable

from ...measures.series import SERIES
# evidence and plain numbers read the same in a report as on the terminal (render/evidence.py)
from ..evidence import evidence_items, evidence_value, missing, number, percent

__all__ = ["evidence_items", "evidence_value", "measure_format", "missing", "number", "percent"]


def measure_format(name: str) -> Callable[[float], str]:
    """How a drawn measure's values read (netdiag.measures.series units)."""
    unit = SERIES[name].unit
    if unit == "share":
        return percent
    if unit == "%":
        return lambda v: f"{v:.1f} %"
    if unit == "dBm":
        return lambda v: f"{v:.1f}"
    if unit == "count":
        return lambda v: number(v, 0)
    return lambda v: number(v, 2 if abs(v) < 100 else 0)
