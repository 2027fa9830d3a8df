"""A finding's evidence as field staff read it: each name labelled in the chosen language, each value
in plain form by its kind (render/evidence.yaml): rates as percent, p-values in words, flags as
yes/no, distances, times, levels and powers with their units. JSON keeps the names and exact numbers;
this is for tables and the CSV a person opens."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from .labels import EVIDENCE_KINDS, EVIDENCE_LABELS, LABELS

# p below which a test is called significant in words (the rules' own alphas are smaller still)
SIGNIFICANT = 0.05
_UNITS = {"km": "km", "m": "m", "dB": "dB", "dBm": "dBm", "W": "W", "Erl": "Erl", "kB": "kB", "kbps": "kbit/s"}


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


def evidence_label(name: str, lang: str) -> str:
    """The name in words; a name no table knows (a user rule's) as it is."""
    return EVIDENCE_LABELS[lang].get(name, name)


def p_words(p: float, lang: str) -> str:
    """显著 (p < 0.001) / significant (p < 0.001); not significant (p = 0.31)."""
    labels = LABELS[lang]
    word = labels["significant"] if p < SIGNIFICANT else labels["not_significant"]
    return f"{word} (p < 0.001)" if p < 0.001 else f"{word} (p = {p:.2g})"


def evidence_value(name: str, value: object, lang: str) -> str:
    """One evidence value in plain form, by the kind of its name."""
    labels = LABELS[lang]
    if missing(value):
        return "–"
    if isinstance(value, (list, tuple)):
        return ", ".join(evidence_value(name, v, lang) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{evidence_label(str(k), lang)}: {evidence_value(str(k), v, lang)}" for k, v in value.items())
    kind = EVIDENCE_KINDS.get(name)
    if isinstance(value, bool) or kind == "bool":
        return labels["yes"] if _truthy(value) else labels["no"]
    if not isinstance(value, (int, float)):
        return str(value)
    value = float(value)
    if kind == "text" or kind is None:
        return str(int(value)) if value.is_integer() else (f"{value:.4g}" if kind is None else str(value))
    if kind == "percent":
        return percent(value)
    if kind == "pct":
        return f"{value:.1f} %"
    if kind == "p_value":
        return p_words(value, lang)
    if kind == "count":
        return number(value, 0 if value.is_integer() else 1)
    if kind == "s":
        return f"{number(value, 0 if abs(value) >= 100 else 1)} s" + (f" ({value / 3600:.1f} h)" if value >= 3600 else "")
    if kind == "km":
        return f"{value:.2f} km" if abs(value) < 10 else f"{value:.1f} km"
    if kind == "m":
        return f"{number(value, 0)} m"
    if kind == "deg":
        return f"{value:.0f}°"
    if kind in ("dB", "dBm"):
        return f"{value:.1f} {_UNITS[kind]}"
    if kind in _UNITS:
        return f"{number(value, 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2)} {_UNITS[kind]}"
    return number(value)


def against_network(name: str, rates: Mapping[str, object], lang: str) -> str:
    """A baseline entry {cell, network, counters...}: the cell's value with the network's beside it."""
    text = evidence_value(name, rates.get("cell"), lang)
    if not missing(rates.get("network")):
        text += f" ({LABELS[lang]['network']} {evidence_value(name, rates['network'], lang)})"
    return text


def evidence_items(evidence: Mapping[str, object] | None, lang: str) -> list[tuple[str, str, str]]:
    """(label, plain value, name) per evidence entry; a baseline verdict's rates read as cell (network)."""
    out = []
    for name, value in (evidence or {}).items():
        if isinstance(value, Mapping) and {"cell", "network"} <= set(value):
            text = against_network(name, value, lang)
        else:
            text = evidence_value(name, value, lang)
        out.append((evidence_label(name, lang), text, name))
    return out


def evidence_text(evidence: Mapping[str, object] | None, lang: str, sep: str = "\n") -> str:
    """The evidence as `label: value` lines (sep="; " for one CSV cell)."""
    return sep.join(f"{label}: {text}" for label, text, _ in evidence_items(evidence, lang))


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y")
    return bool(value)

