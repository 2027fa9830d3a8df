"""The class of a complaint: a valid network fault (有效投诉), or explained (沟通性投诉: owed an explanation).

A complaint is valid when its triage found a cause in the data (a `detect: data` cause of
causes.yaml). It is explained when what remains is the network's normal occasional failure
(`detect: baseline`) or advice (`detect: advice`: subscriber side, website side, another network).
A triage that could not judge (no evidence, no symptom, no location, an error) leaves the class
open for a person to set. Whatever this says, the desk may override it (update_case(klass=...)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

UNJUDGED = ("no_evidence", "needs_symptom", "needs_location", "error")


def classify(verdict: str | None, causes: Iterable[Mapping[str, Any] | str] = (), kinds: Mapping[str, str] | None = None) -> str | None:
    """'valid', 'explained', or None when the triage could not judge.

    `causes`: cause ids or {"cause": id, "kind": ...} dicts; a cause's kind is its own "kind", else
    `kinds[id]`, else its `detect` in causes.yaml. An id unknown to all three counts as data (a
    user's rule found it in the data).
    """
    if verdict in UNJUDGED:
        return None
    found = [_kind(c, kinds) for c in causes]
    if "data" in found:
        return "valid"
    if found:
        return "explained"
    return {"fault_found": "valid", "no_fault_found": "explained"}.get(verdict or "")


def _kind(cause: Mapping[str, Any] | str, kinds: Mapping[str, str] | None) -> str:
    if isinstance(cause, str):
        cause_id, own = cause, None
    else:
        cause_id, own = str(cause.get("cause")), cause.get("kind")
    if own:
        return str(own)
    if kinds is not None and cause_id in kinds:
        return kinds[cause_id]
    return cause_kinds().get(cause_id, "data")


def cause_kinds() -> dict[str, str]:
    """cause id -> detect (data / advice / baseline), from the shipped causes.yaml."""
    return {c["id"]: c["detect"] for c in _catalogue()["causes"]}


def symptom_ids() -> frozenset[str]:
    """The symptom ids of causes.yaml (no_coverage, call_drop, ...)."""
    return frozenset(_catalogue()["symptoms"])


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, Any]:
    # The data file, not the diagnosis code: the case log does not import the triage.
    import yaml

    text = resources.files("netdiag.data").joinpath("causes.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
