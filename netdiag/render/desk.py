"""The complaint desk's results as people read them: case lists, a case with its history, an import's
summary, hotspots and surges with the network's record of them, a re-check.

Frames for files (CSV, XLSX) carry their headers and values in the chosen language (statuses,
classes, verdicts, symptom and cause names); JSON keeps the stable ids of the library's as_dict().
Subscriber numbers are masked to their last four digits in lists and reports unless asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ..catalogue import load_catalogue
from ..cases.report import mask_msisdn
from .labels import CASE_COLUMNS, CASE_FIELDS, CASE_LIST_COLUMNS, CASE_NOTES, CASE_TEXTS, CASE_VALUES, HOTSPOT_EVENT_COLUMNS, \
    KPI_NAMES, RECHECK_COLUMNS, SURGE_EVENT_COLUMNS

TIME_FORMAT = "%Y-%m-%d %H:%M"
_ENUMS = {"status", "class", "category", "verdict", "followup", "recheck", "level", "change"}


def symptom_name(symptom: object, lang: str) -> str:
    if symptom is None or symptom != symptom or symptom == "":
        return ""
    return load_catalogue().symptoms.get(str(symptom), {}).get(lang, str(symptom))


def cause_name(cause: object, lang: str) -> str:
    if cause is None or cause != cause or cause == "":
        return ""
    found = load_catalogue().causes.get(str(cause))
    return found.text[lang] if found is not None else str(cause)


def value_name(value: object, lang: str) -> str:
    if value is None or value != value:
        return ""
    return CASE_VALUES[lang].get(str(value), str(value))


def when(value: object) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return str(value)
    return "" if pd.isna(stamp) else stamp.strftime(TIME_FORMAT)


def note_of(key: str, values: Mapping[str, Any], lang: str) -> str:
    if not key:
        return ""
    template = CASE_NOTES[lang].get(key)
    return template.format(**values) if template else key


# ------------------------------------------------------------------------------------------ case lists
def case_rows(frame: pd.DataFrame, lang: str, show_msisdn: bool = False, columns: Iterable[str] = CASE_LIST_COLUMNS) -> pd.DataFrame:
    """A cases frame (cases.query) as the desk reads it: the chosen columns, values named, headers in `lang`."""
    columns = list(columns)
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        if column == "repeat":
            values = (frame["repeat_msisdn"] | frame["repeat_cell"]).map(lambda v: value_name("yes" if v else "no", lang))
        elif column == "overdue":
            values = frame["overdue"].map(lambda v: value_name("yes" if v else "", lang)) if "overdue" in frame else ""
        elif column == "msisdn":
            values = frame["msisdn"] if show_msisdn else frame["msisdn"].map(mask_msisdn)
        elif column == "symptom":
            values = frame["symptom"].map(lambda v: symptom_name(v, lang))
        elif column == "cause":
            values = frame["cause"].map(lambda v: cause_name(v, lang))
        elif column == "flags":
            values = frame["flags"].map(lambda fs: "; ".join(value_name(f, lang) for f in fs))
        elif column in _ENUMS:
            values = frame[column].map(lambda v: value_name(v, lang))
        elif column.endswith("_at"):
            values = frame[column].map(when)
        elif column == "case_id":
            values = frame[column].astype("Int64")
        else:
            values = frame[column].astype(object).where(frame[column].notna(), "") if column in frame else ""
        out[column] = values
    return out.rename(columns=CASE_COLUMNS[lang]).reset_index(drop=True)


def cases_document(frame: pd.DataFrame, show_msisdn: bool = False) -> list[dict[str, Any]]:
    """The listed cases as JSON records: every stored field (ids, ISO times) and the derived ones."""
    from .files import json_safe

    derived = ["main_cell", "area", "cause", "repeat_msisdn", "repeat_cell", "overdue", "ack_hours", "close_hours"]
    keep = [c for c in [*CASE_FIELDS, *derived] if c in frame]
    records = json_safe(frame[keep])
    if not show_msisdn:
        for record in records:
            record["msisdn"] = mask_msisdn(record.get("msisdn"))
    return records


def case_document(case, show_msisdn: bool = True) -> dict[str, Any]:
    out = case.as_dict()
    if not show_msisdn:
        out["msisdn"] = mask_msisdn(out.get("msisdn"))
    return out


def case_fields(case, lang: str, show_msisdn: bool = True) -> list[tuple[str, str]]:
    """(label, value) for each field of a case that holds something, in CASE_FIELDS order."""
    record = case.as_dict()
    lines = []
    for name in CASE_FIELDS:
        value = record.get(name)
        if value in (None, "", [], False) and name not in ("status", "case_id"):
            continue
        if name == "msisdn" and not show_msisdn:
            value = mask_msisdn(value)
        elif name == "symptom":
            value = f"{symptom_name(value, lang)} ({value})"
        elif name == "causes":
            value = "\n".join(f"{cause_name(c['cause'], lang)} ({c['cause']}; {c.get('object') or c.get('cell') or '-'}; "
                              f"{(c.get('score') or 0):.2f})" for c in value)
        elif name in ("cells", "flags"):
            value = ", ".join(value_name(v, lang) for v in value)
        elif name in _ENUMS:
            value = value_name(value, lang)
        elif name == "class_overridden":
            value = value_name("yes", lang)
        lines.append((CASE_COLUMNS[lang].get(name, name), str(value)))
    return lines


# ------------------------------------------------------------------------------------------ imports
def import_lines(summary, file: object, lang: str) -> list[str]:
    """The import's summary for stderr: the counts, then each refused and flagged ticket on a line of its own."""
    texts = CASE_TEXTS[lang]
    lines = [texts["imported"].format(file=file, added=len(summary.added), updated=len(summary.updated),
                                      unchanged=len(summary.unchanged), refused=len(summary.refused), flagged=len(summary.flagged))]
    if summary.verdicts:
        counts = sorted(summary.verdicts.items(), key=lambda kv: -kv[1])
        lines.append(texts["verdicts"].format(counts=", ".join(f"{value_name(k, lang)} {n}" for k, n in counts)))
    lines += [texts["refused"].format(ticket=t, reason=r) for t, r in summary.refused]
    lines += [texts["flagged"].format(ticket=t, flags=", ".join(value_name(f, lang) for f in fs)) for t, fs in summary.flagged]
    return lines


# ------------------------------------------------------------------------------------------ events
def event_rows(events, lang: str) -> pd.DataFrame:
    """Hotspots or surges, one row each, with the network's record as text: findings, alarms, event or lead."""
    columns = HOTSPOT_EVENT_COLUMNS if events.kind == "hotspots" else SURGE_EVENT_COLUMNS
    rows = []
    for item, evidence in events.items:
        record = item.as_dict()
        row = {c: record.get(c) for c in columns}
        row["cells"] = ";".join(record.get("cells", [])[:12])
        row["symptoms"] = "; ".join(f"{symptom_name(k, lang) or k}×{n}" for k, n in record.get("symptoms", {}).items())
        if events.kind == "hotspots":
            row.update(first=when(item.first), last=when(item.last), lat=round(item.lat, 6), lon=round(item.lon, 6),
                       areas=";".join(item.areas), radius_m=round(item.radius_m))
        else:
            row.update(level=value_name(item.level, lang), start=str(item.start), end=str(item.end), expected=round(item.expected, 2),
                       ratio=round(item.ratio, 1), p_value=float(f"{item.p_value:.3g}"), q_value=float(f"{item.q_value:.3g}"))
        row.update(evidence_cells(evidence, lang))
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def evidence_cells(evidence, lang: str) -> dict[str, str]:
    """network_event, findings, alarms of one event as text (empty without data)."""
    if evidence is None:
        return {"network_event": "", "findings": "", "alarms": ""}
    if not evidence.covered:
        return {"network_event": CASE_TEXTS[lang]["no_data_for"], "findings": note_of(evidence.note, evidence.note_values, lang), "alarms": ""}
    findings = _first([f"{cause_name(f['cause'], lang)} [{f['object']}]" for f in evidence.findings])
    alarms = _first([f"{when(a['raised_at'])} {a['alarm']} [{a.get('object') or a.get('cell') or a.get('site')}]" for a in evidence.alarms])
    event = CASE_TEXTS[lang]["event"] if evidence.fault_found else CASE_TEXTS[lang]["lead"]
    return {"network_event": event, "findings": findings, "alarms": alarms}


def _first(texts: list[str], shown: int = 3) -> str:
    """The first few, and how many more (JSON has them all)."""
    more = f"; (+{len(texts) - shown})" if len(texts) > shown else ""
    return "; ".join(texts[:shown]) + more


def event_labels(kind: str, lang: str) -> dict[str, str]:
    columns = HOTSPOT_EVENT_COLUMNS if kind == "hotspots" else SURGE_EVENT_COLUMNS
    return {c: CASE_COLUMNS[lang][c] for c in columns}


# ------------------------------------------------------------------------------------------ re-check
def recheck_rows(result, lang: str) -> pd.DataFrame:
    rows = []
    for change in result.changes:
        rate = change.kind == "rate"
        rows.append({
            "kpi": KPI_NAMES[lang].get(change.kpi, change.kpi),
            "before": _kpi_value(change.before, rate), "after": _kpi_value(change.after, rate),
            "before_n": int(change.before_n), "after_n": int(change.after_n),
            "p_better": _p(change.p_better), "p_worse": _p(change.p_worse), "change": value_name(change.change, lang),
        })
    return pd.DataFrame(rows, columns=RECHECK_COLUMNS).rename(columns=CASE_COLUMNS[lang])


def _kpi_value(value: float | None, rate: bool) -> str:
    if value is None:
        return ""
    return f"{value:.2%}" if rate else f"{value:.2f}"


def _p(value: float | None) -> str:
    return "" if value is None else f"{value:.3g}"
