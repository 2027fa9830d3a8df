"""Numbers as an engineer reads them in a report: rates as percent, counts whole, flags as yes/no."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd

from ...measures.series import SERIES
from ..labels import EVIDENCE_LABELS, PICTURE_LABELS

# evidence keys that are shares (0..1) although their name does not say so
_SHARES = {"drop_rate", "sccp_loss", "pdch_usage", "lu_rate", "lu_rate_baseline"}


def missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def percent(value: float) -> str:
    """A share as percent with the decimals its size needs (0.0123 → 1.23 %, 0.25 → 25 %)."""
    pct = value * 100
    if pct == 0:
        return "0 %"
    digits = 0 if abs(pct) >= 10 else 1 if abs(pct) >= 1 else 2 if abs(pct) >= 0.1 else 3
    return f"{pct:.{digits}f} %"


def number(value: float, digits: int | None = None) -> str:
    if digits is None:
        digits = 0 if float(value).is_integer() else 1 if abs(value) >= 100 else 2 if abs(value) >= 1 else 3
    return f"{value:,.{digits}f}"


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


def evidence_value(key: str, value: object, lang: str) -> str:
    """One evidence value in plain form, judged by what its name says it is."""
    labels = PICTURE_LABELS[lang]
    if missing(value):
        return "–"
    if isinstance(value, bool):
        return labels["yes"] if value else labels["no"]
    if isinstance(value, (list, tuple)):
        return ", ".join(evidence_value(key, v, lang) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {evidence_value(str(k), v, lang)}" for k, v in value.items())
    if not isinstance(value, (int, float)):
        return str(value)
    value = float(value)
    if key.endswith("_active") or key in ("paging_barred", "repeater"):
        return labels["yes"] if value else labels["no"]
    if key.endswith("_p"):
        return f"{value:.2g}"
    if key.endswith(("_rate", "_share", "_loss", "_usage", "_rate_baseline", "_loss_baseline")) or key in _SHARES:
        return percent(value)
    if key.endswith("_pct"):
        return f"{value:.1f} %"
    return number(value)


def evidence_items(evidence: Mapping[str, object] | None, lang: str) -> list[tuple[str, str, str]]:
    """(plain label, value, key) per evidence entry; a baseline verdict's rates read as cell vs network."""
    out = []
    names = EVIDENCE_LABELS[lang]
    network = PICTURE_LABELS[lang]["network"]
    for key, value in (evidence or {}).items():
        label = names.get(key, key.replace("_", " "))
        if isinstance(value, Mapping) and {"cell", "network"} <= set(value):  # the baseline verdict's rates
            text = f"{evidence_value(key, value['cell'], lang)} ({network} {evidence_value(key, value['network'], lang)})"
        else:
            text = evidence_value(key, value, lang)
        out.append((label, text, key))
    return out
