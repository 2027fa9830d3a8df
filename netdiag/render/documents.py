"""Results as documents for other programs: the JSON contract of formats.md, and CSV rows."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pandas as pd

from ..dataset.inspect import Inspection
from ..store.layout import CONTEXT
from ..diagnosis.batch import RESULT_COLUMNS
from ..diagnosis.changes import NEW, PERSISTING, ScanChanges
from ..diagnosis.diagnose import Diagnosis
from ..diagnosis.tickets import is_missing
from ..diagnosis.triage import TriageResult
from ..io.folder import ERROR, NO_COUNTERS, NOT_A_TABLE, OTHER_TECHNOLOGY, UNKNOWN_XML, Skipped
from .labels import INSPECT_LABELS
from .evidence import evidence_text

if TYPE_CHECKING:  # (the importer brings pyarrow.parquet, 55 ms a scan of a folder never needs)
    from ..store import ImportReport


def none_if_missing(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def triage_document(result: TriageResult, lang: str) -> dict[str, object]:
    """The triage JSON contract: complaint, verdict, causes ranked best first."""
    causes = []
    for row in result.causes.to_dict("records"):
        causes.append(
            {
                "cause": row["cause"],
                "rule": none_if_missing(row.get("rule")),
                "cell": none_if_missing(row.get("cell")),
                "object": none_if_missing(row.get("object")),
                "score": float(row["rank_score"]),
                "confidence": row["confidence"],
                "evidence": row["evidence"],
                "remedy": row[f"remedy_{lang}"],
                "title": row[f"title_{lang}"],
                "kind": row["kind"],
                "relation": none_if_missing(row.get("relation")),
                "via": none_if_missing(row.get("via")),
                "severity": row["severity"],
            }
        )
    return {
        "complaint": result.complaint.as_dict(),
        "verdict": result.verdict,
        "causes": causes,
        "scope": result.scope.as_dict(),
        "candidates": candidate_records(result.candidates),
        "baseline": result.baseline,
        "missing": result.missing,
        "skipped_rules": result.skipped,
        **({"missing": result.missing} if result.missing else {}),
        "lang": lang,
    }


def candidate_records(candidates: pd.DataFrame) -> list[dict[str, object]]:
    """The candidate serving cells as plain JSON values."""
    records = []
    for row in candidates.to_dict("records"):
        records.append({k: (v.item() if hasattr(v, "item") else none_if_missing(v)) for k, v in row.items()})
    return records


def finding_records(findings: pd.DataFrame, lang: str) -> list[dict[str, object]]:
    records = []
    for row in findings.to_dict("records"):
        records.append(
            {
                "cell": none_if_missing(row["cell"]),
                "bsc": none_if_missing(row["bsc"]),
                "object": row["object"],
                "cause": row["cause"],
                "rule": row["rule"],
                "symptoms": list(row["symptoms"]),
                "severity": row["severity"],
                "score": float(row["score"]),
                "confidence": row["confidence"],
                "evidence": row["evidence"],
                "title": row[f"title_{lang}"],
                "remedy": row[f"remedy_{lang}"],
            }
        )
    return records


def scan_document(diagnosis: Diagnosis, lang: str, changes: ScanChanges | None = None) -> dict[str, object]:
    """The scan JSON contract; with `changes` (--since) each finding has its status, and the
    previous findings gone are listed as cleared."""
    findings = diagnosis.findings
    records = finding_records(findings, lang)
    summary: dict[str, object] = {
        "findings": int(len(findings)),
        "by_severity": {k: int(v) for k, v in findings["severity"].value_counts().items()} if len(findings) else {},
        "by_cause": {k: int(v) for k, v in findings["cause"].value_counts().items()} if len(findings) else {},
    }
    document: dict[str, object] = {"findings": records, "summary": summary}
    if changes is not None:
        for record, status in zip(records, changes.status):
            record["status"] = status
        summary.update(new=int((changes.status == NEW).sum()), persisting=int((changes.status == PERSISTING).sum()),
                       cleared=len(changes.cleared))
        document.update(since=changes.since, cleared=changes.cleared)
    return {**document, "skipped_rules": diagnosis.skipped, "lang": lang}


def to_json(document: dict[str, object]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def scan_csv(diagnosis: Diagnosis, lang: str, changes: ScanChanges | None = None) -> str:
    """One row per finding; evidence as `label: value; ...` in the language, in plain form, so it reads
    in Excel (the JSON keeps the names and exact numbers). With
    `changes`, a first column says new or persisting (the cleared ones are in the JSON)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["severity", "score", "confidence", "cause", "rule", "object", "cell", "bsc", "symptoms", "title", "evidence", "remedy"]
    writer.writerow((["status"] if changes is not None else []) + header)
    statuses = list(changes.status) if changes is not None else None
    for i, record in enumerate(finding_records(diagnosis.findings, lang)):
        writer.writerow(
            ([statuses[i]] if statuses is not None else [])
            + [record["severity"], record["score"], record["confidence"], record["cause"], record["rule"], record["object"],
               record["cell"] or "", record["bsc"] or "", " ".join(record["symptoms"]), record["title"],
               evidence_text(record["evidence"], lang, sep="; "), record["remedy"]]
        )
    return buffer.getvalue()




def batch_record(row: dict) -> dict[str, object]:
    """One triaged ticket as plain JSON values."""
    out = {}
    for key in [*RESULT_COLUMNS, "top"]:
        value = row.get(key)
        if isinstance(value, pd.Timestamp):
            value = value.isoformat(sep=" ")
        elif is_missing(value):
            value = None
        out[key] = value
    return out


def batch_document(results: pd.DataFrame, lang: str) -> dict[str, object]:
    """`triage --complaints --format json`: every ticket's row and the verdicts counted."""
    counts = results["verdict"].value_counts()
    return {"complaints": [batch_record(r) for r in results.to_dict("records")],
            "summary": {k: int(v) for k, v in counts.items()}, "lang": lang}


def inspection(found: Inspection, lang: str = "en") -> dict[str, object]:
    """`data inspect --format json`: how each file was read, why the others were not, what looks wrong
    in the data, and what stops a run on it (`error`)."""
    root = str(found.root) + "/"

    def short(path: str) -> str:
        return path[len(root):] if path.startswith(root) else path

    files = []
    for report in found.reports:
        files.append(
            {
                "file": short(report.path),
                "table": report.table,
                "format": report.format,
                "encoding": report.encoding,
                "delimiter": "(xml)" if "XML" in report.format else {"\t": "tab", "": "(sheet)"}.get(report.delimiter, report.delimiter),
                "header_line": report.header_line,
                "columns": report.columns,
                "ignored_columns": report.ignored_columns,
                "rows": report.rows,
                "rejected": len(report.rejected),
                "rejected_rows": [{"line": line, "reason": why} for line, why in report.rejected[:20]],
                "footer_rows": report.footer_rows,
                "time_range": list(report.time_range) if report.time_range else None,
                "recognised_by": report.recognised_by,
                "scores": report.scores,
                "counters": report.counters,
                "unreliable_rows": report.unreliable_rows,
                "notes": report.notes,
            }
        )
    skipped = [
        {"file": short(s.path), "why": s.why, "reason": skip_reason(s, lang), "detail": s.detail,
         **({"scores": s.recognition.scores} if s.recognition is not None else {})}
        for s in found.skipped
    ]
    return {"folder": str(found.root), "files": files, "skipped": skipped, "flags": found.flags, "notes": found.notes,
            "missing_tables": found.missing, "error": found.error}


def skip_reason(skipped: Skipped, lang: str) -> str:
    """Why a file was not used, in the user's language."""
    labels = INSPECT_LABELS[lang]
    recognition = skipped.recognition
    if skipped.why == NOT_A_TABLE and recognition is not None:
        tables = ", ".join(recognition.tied or sorted(recognition.scores))
        return labels[recognition.why].format(tables=tables)
    if skipped.why == UNKNOWN_XML:
        return labels["unknown_xml"].format(root=skipped.detail[0]) if skipped.detail else labels["no_xml_root"]
    if skipped.why == NO_COUNTERS:
        return labels["no_counters"].format(counters=", ".join(skipped.detail[:12]) + (" ..." if len(skipped.detail) > 12 else ""))
    if skipped.why == ERROR:
        return labels["broken"].format(message=skipped.message)
    if skipped.why == OTHER_TECHNOLOGY:
        return labels["other_technology"].format(tech=skipped.detail[0] if skipped.detail else "?")
    return labels[skipped.why]


def import_report_lines(report: ImportReport) -> list[str]:
    lines = [f"note: {message}" for message in report.notes]
    lines += [f"note: {f['table']}: {f['check']}: {f['rows']} rows (e.g. {f['example']})" for f in report.flags]
    if report.same_as is not None:
        return lines + [f"{report.store} already holds these files (import {report.same_as}): nothing changed (--force imports them again)"]
    if report.import_id is None:
        return lines + [f"{report.store}: every table and day as already stored: nothing changed"]
    lines.append(f"imported {report.source} into {report.store} (import {report.import_id})")
    grouped: dict[tuple[str, str], list] = {}
    for change in report.changes:
        if change.table != CONTEXT:
            grouped.setdefault((change.table, change.action), []).append(change)
    for (table, action), changes in grouped.items():
        days = sorted(c.day for c in changes if c.day)
        span = "" if not days else days[0] if len(days) == 1 else f"{len(days)} days {days[0]}..{days[-1]}"
        rows = sum(c.rows for c in changes)
        lines.append(f"  {table}: {action} {span}{f' ({rows} rows)' if rows else ''}".rstrip())
    lines.append(f"{report.count('added')} added, {report.count('replaced')} replaced, {report.count('unchanged')} unchanged")
    return lines
