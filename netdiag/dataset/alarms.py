"""Alarm classification and managed-object parsing.

Vendors name the same alarm a dozen ways; rules only ever see the alarm class.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from ..errors import DataError
from ..yamlsource import safe_load

UNKNOWN = "unknown"


@lru_cache(maxsize=8)
def load_dictionary(extra: str | None = None) -> dict[str, dict[str, list[str]]]:
    """The shipped dictionary, with an optional user file whose classes come first."""
    text = resources.files("netdiag.data").joinpath("alarms.yaml").read_text(encoding="utf-8")
    classes: dict[str, dict[str, list[str]]] = safe_load(text)["classes"]
    if extra:
        try:
            user = safe_load(Path(extra).read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise DataError(f"{extra}: cannot read alarm dictionary ({exc})") from exc
        _check_dictionary(user, extra)
        # The operator's patterns come first; a class of the same name extends the shipped one.
        merged: dict[str, dict[str, list[str]]] = {}
        for name, spec in (user.get("classes") or {}).items():
            shipped = classes.get(name, {})
            merged[name] = {f: list(spec.get(f, [])) + list(shipped.get(f, [])) for f in ("names", "codes", "causes")}
        classes = {**merged, **{k: v for k, v in classes.items() if k not in merged}}
    for name, spec in classes.items():
        for field_name in ("names", "codes", "causes"):
            for pattern in spec.get(field_name, []):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise DataError(f"alarm dictionary: class {name}: bad pattern {pattern!r} ({exc})") from exc
    return classes


def _check_dictionary(document: object, path: str) -> None:
    """classes: {name: {names: [regex, ...], codes: [...], causes: [...]}}, and nothing else."""
    classes = document.get("classes") if isinstance(document, dict) else None
    if not isinstance(classes, dict):
        raise DataError(f"{path}: an alarm dictionary is `classes:` mapping class names to patterns")
    for name, spec in classes.items():
        if not isinstance(spec, dict) or set(spec) - {"names", "codes", "causes"}:
            raise DataError(f"{path}: class {name}: give names:, codes: and/or causes:, each a list of patterns")
        for field_name, patterns in spec.items():
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                raise DataError(f"{path}: class {name}: {field_name}: a list of regular expressions")


def classify(alarms: pd.DataFrame, extra_dictionary: str | None = None) -> pd.Series:
    """One alarm class per row; the first class whose name, code or cause pattern matches."""
    result = pd.Series(UNKNOWN, index=alarms.index, dtype=object)
    undecided = pd.Series(True, index=alarms.index)
    sources = {"names": "alarm", "codes": "alarm_code", "causes": "probable_cause"}
    for name, spec in load_dictionary(extra_dictionary).items():
        hit = pd.Series(False, index=alarms.index)
        for field_name, column in sources.items():
            patterns = spec.get(field_name)
            if not patterns or column not in alarms:
                continue
            text = alarms[column].astype("string").fillna("")
            hit |= text.str.contains(_alternation(patterns), case=False, regex=True)
        hit &= undecided
        result[hit] = name
        undecided &= ~hit
    return result


_CAPTURING = re.compile(r"(?<!\\)\((?!\?)")


def _alternation(patterns: list[str]) -> str:
    """One regex for a class; groups made non-capturing (str.contains warns about capturing ones)."""
    return "|".join("(?:" + _CAPTURING.sub("(?:", p) + ")" for p in patterns)


_DECORATION = re.compile(r"^\s*[A-Za-z_ ]+[=:]\s*")


def parse_objects(objects: pd.Series) -> pd.DataFrame:
    """`BSC/SITE[/CELL[/TRXn|ANCn|ANTn]]` -> bsc, site, cell, trx, component (vendor decorations dropped)."""
    parts = objects.astype("string").fillna("").str.split("/", expand=True, n=3)
    parts = parts.reindex(columns=range(4)).astype("string")
    raw_component = parts[3].str.strip()
    parts = parts.apply(lambda col: col.str.replace(_DECORATION, "", regex=True).str.strip())
    parts = parts.replace("", pd.NA)
    # `TRX2`, `TRX 2`, `TRX=2`, `TRX:2`: the decoration of a TRX is its name
    component = raw_component.str.replace(r"\s*[=:]\s*", "", regex=True).replace("", pd.NA)
    trx = component.str.extract(r"(?i)^trx\s*(\w+)$")[0]
    return pd.DataFrame(
        {"bsc": parts[0], "site": parts[1], "cell": parts[2], "trx": trx, "component": component},
        index=objects.index,
    ).astype(object).where(lambda f: f.notna(), None)
