"""Renderers: triage results and scan findings as rich tables, JSON (formats.md contract) or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .catalogue import load_catalogue
from .diagnosis import TriageResult
from .rules.engine import Diagnosis

LABELS = {
    "zh": {"verdict": "结论", "fault_found": "发现故障", "no_fault_found": "未发现网络故障", "cause": "可能原因",
           "object": "对象", "score": "得分", "confidence": "置信度", "evidence": "证据", "remedy": "处理建议",
           "checks": "现场核查", "severity": "级别", "findings": "项发现", "none": "未发现问题", "where": "位置",
           "serving": "服务小区", "bsc": "所属BSC", "lac": "位置区", "neighbour": "邻区", "via": "经由小区",
           "candidates": "可能的服务小区", "distance": "距离", "off_axis": "偏离主瓣", "weight": "权重",
           "location": "投诉位置", "time": "时间", "unlocated": "该位置附近没有小区",
           "high": "高", "medium": "中", "low": "低", "critical": "紧急"},
    "en": {"verdict": "verdict", "fault_found": "fault found", "no_fault_found": "no network fault found", "cause": "likely cause",
           "object": "object", "score": "score", "confidence": "confidence", "evidence": "evidence", "remedy": "remedy",
           "checks": "on-site checks", "severity": "severity", "findings": "findings", "none": "nothing found", "where": "where",
           "serving": "serving cell", "bsc": "its BSC", "lac": "its LAC", "neighbour": "neighbour", "via": "via cell",
           "candidates": "candidate serving cells", "distance": "distance", "off_axis": "off axis", "weight": "weight",
           "location": "complaint location", "time": "time", "unlocated": "no cell near this spot",
           "high": "high", "medium": "medium", "low": "low", "critical": "critical"},
}


def _none(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def triage_document(result: TriageResult, lang: str) -> dict[str, object]:
    """The triage JSON contract: complaint, verdict, causes ranked best first."""
    causes = []
    for row in result.causes.to_dict("records"):
        causes.append(
            {
                "cause": row["cause"],
                "rule": _none(row.get("rule")),
                "cell": _none(row.get("cell")),
                "object": _none(row.get("object")),
                "score": float(row["rank_score"]),
                "confidence": row["confidence"],
                "evidence": row["evidence"],
                "remedy": row[f"remedy_{lang}"],
                "title": row[f"title_{lang}"],
                "kind": row["kind"],
                "relation": _none(row.get("relation")),
                "via": _none(row.get("via")),
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
        "skipped_rules": result.skipped,
        "lang": lang,
    }


def candidate_records(candidates: pd.DataFrame) -> list[dict[str, object]]:
    """The candidate serving cells as plain JSON values."""
    records = []
    for row in candidates.to_dict("records"):
        records.append({k: (v.item() if hasattr(v, "item") else _none(v)) for k, v in row.items()})
    return records


def finding_records(findings: pd.DataFrame, lang: str) -> list[dict[str, object]]:
    records = []
    for row in findings.to_dict("records"):
        records.append(
            {
                "cell": _none(row["cell"]),
                "bsc": _none(row["bsc"]),
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


def scan_document(diagnosis: Diagnosis, lang: str) -> dict[str, object]:
    findings = diagnosis.findings
    return {
        "findings": finding_records(findings, lang),
        "summary": {
            "findings": int(len(findings)),
            "by_severity": {k: int(v) for k, v in findings["severity"].value_counts().items()} if len(findings) else {},
            "by_cause": {k: int(v) for k, v in findings["cause"].value_counts().items()} if len(findings) else {},
        },
        "skipped_rules": diagnosis.skipped,
        "lang": lang,
    }


def to_json(document: dict[str, object]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def scan_csv(diagnosis: Diagnosis, lang: str) -> str:
    """One row per finding; evidence flattened to `name=value; ...` so it reads in Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["severity", "score", "confidence", "cause", "rule", "object", "cell", "bsc", "symptoms", "title", "evidence", "remedy"]
    writer.writerow(header)
    for record in finding_records(diagnosis.findings, lang):
        writer.writerow(
            [record["severity"], record["score"], record["confidence"], record["cause"], record["rule"], record["object"],
             record["cell"] or "", record["bsc"] or "", " ".join(record["symptoms"]), record["title"],
             format_evidence(record["evidence"]), record["remedy"]]
        )
    return buffer.getvalue()


def format_evidence(evidence: dict[str, object]) -> str:
    return "; ".join(f"{k}={_short(v)}" for k, v in evidence.items())


def _short(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "-" if value is None else str(value)


def print_triage(console: Console, result: TriageResult, lang: str, top: int) -> None:
    labels = LABELS[lang]
    catalogue = load_catalogue()
    symptom = catalogue.symptoms[result.complaint.symptom][lang]
    colour = "red" if result.verdict == "fault_found" else "green"
    complaint = result.complaint
    where = complaint.cell or (f"LAC {complaint.lac} CI {complaint.ci}" if complaint.lac is not None else None)
    where = where or (f"{complaint.spot.lat:.5f},{complaint.spot.lon:.5f}" if complaint.spot else "-")
    when = f" · {complaint.time:%Y-%m-%d %H:%M}" if complaint.time is not None else ""
    console.print(
        Text.assemble(
            (where, "bold"), when, " · ", symptom, " · ", f"{labels['verdict']}: ", (labels[result.verdict], f"bold {colour}"),
        )
    )
    if complaint.spot is not None:
        _print_candidates(console, result.candidates, labels)
    causes = result.causes
    data = causes[causes["kind"] != "advice"].head(top)
    if not data.empty:
        table = Table(show_lines=True)
        for column in ("#", labels["cause"], labels["object"], labels["where"], labels["score"], labels["confidence"], labels["evidence"], labels["remedy"]):
            table.add_column(column, overflow="fold")
        for i, row in enumerate(data.to_dict("records"), start=1):
            table.add_row(
                str(i), f"{row[f'title_{lang}']}\n[dim]{row['cause']}[/dim]", str(_none(row["object"]) or "-"),
                _where(row, labels), f"{row['rank_score']:.2f}", labels.get(str(row["confidence"]), str(row["confidence"])),
                _evidence_lines(row["evidence"]), row[f"remedy_{lang}"],
            )
        console.print(table)
    advice = causes[causes["kind"] == "advice"]
    if not advice.empty:
        console.print(f"[bold]{labels['checks']}[/bold]")
        for row in advice.to_dict("records"):
            console.print(f"  • {row[f'title_{lang}']} — {row[f'remedy_{lang}']} [dim]({row['cause']})[/dim]")


def _where(row: dict, labels: dict[str, str]) -> str:
    """How the cause relates to the complaint, and through which candidate cell when there are several."""
    if row.get("kind") == "location":
        return labels["location"]
    relation = labels.get(str(row.get("relation")), "-")
    via = _none(row.get("via"))
    return f"{relation} ({via})" if via and via != row.get("cell") else relation


def _print_candidates(console: Console, candidates: pd.DataFrame, labels: dict[str, str]) -> None:
    if candidates.empty:
        console.print(f"  {labels['unlocated']}")
        return
    parts = [
        f"{row['cell']} ({row['distance_m']:.0f} m, {labels['off_axis']} {row['off_axis_deg']:.0f}°, {labels['weight']} {row['weight']:.2f})"
        for row in candidates.to_dict("records")
    ]
    console.print(f"{labels['candidates']}: " + "; ".join(parts))


def _evidence_lines(evidence: dict[str, object]) -> str:
    lines = []
    for key, value in evidence.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={_short(v)}" for k, v in value.items())
        lines.append(f"{key}={_short(value) if not isinstance(value, str) else value}")
    return "\n".join(lines)


def print_scan(console: Console, diagnosis: Diagnosis, lang: str, limit: int | None = None) -> None:
    labels = LABELS[lang]
    findings = diagnosis.findings
    if findings.empty:
        console.print(labels["none"])
        return
    table = Table()
    for column in (labels["severity"], labels["score"], labels["cause"], labels["object"], labels["evidence"]):
        table.add_column(column, overflow="fold")
    rows: Iterable[dict] = finding_records(findings.head(limit) if limit else findings, lang)
    for record in rows:
        table.add_row(labels.get(record["severity"], record["severity"]), f"{record['score']:.2f}", f"{record['title']}\n[dim]{record['cause']}[/dim]",
                      record["object"], format_evidence(record["evidence"]))
    console.print(table)
    console.print(f"{len(findings)} {labels['findings']}")
