"""Each command's result written where the user asked: the terminal, stdout in a format, or a file.

The command line calls one of these after its one library call; they choose the renderer for the
format and write atomically (render.files).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from ..diagnosis.batch import RESULT_COLUMNS
from ..diagnosis.diagnose import Diagnosis
from ..diagnosis.suspects import SuspectList
from ..diagnosis.triage import TriageResult
from . import files
from .console import batch_table, captured, print_inspection, print_scan, print_suspects, print_triage, terminal
from .documents import batch_document, scan_csv, scan_document, to_json, triage_document
from .labels import BATCH_LABELS, SUSPECT_LABELS

KML_DESCRIPTION = ["rank", "score", "severity", "causes", "titles", "tests", "remedy", "objects", "bsc", "site"]


def emit_scan(diagnosis: Diagnosis, fmt: str, lang: str) -> None:
    """Every finding on stdout: table, json or csv."""
    if fmt == "json":
        sys.stdout.write(to_json(scan_document(diagnosis, lang)) + "\n")
    elif fmt == "csv":
        sys.stdout.write(scan_csv(diagnosis, lang))
    else:
        print_scan(terminal(), diagnosis, lang)


def emit_triage(result: TriageResult, fmt: str, out_file: Path | None, lang: str, top: int) -> None:
    """One complaint's causes: json, or the table on the terminal or as text in a file."""
    if fmt == "json":
        files.write_text(to_json(triage_document(result, lang)) + "\n", out_file or sys.stdout)
    elif out_file is not None:
        files.write_text(captured(lambda console: print_triage(console, result, lang, top)), out_file)
    else:
        print_triage(terminal(), result, lang, top)


def batch_summary(results: pd.DataFrame, lang: str) -> str:
    """The verdicts of a batch counted, for stderr."""
    counts = results["verdict"].value_counts()
    return "note: " + ", ".join(f"{BATCH_LABELS[lang].get(k, k)}: {v}" for k, v in counts.items())


def emit_batch(results: pd.DataFrame, fmt: str, out_file: Path | None, lang: str) -> None:
    """One row per ticket: json, csv, xlsx, or a table."""
    if fmt == "json":
        files.write_text(to_json(batch_document(results, lang)) + "\n", out_file or sys.stdout)
        return
    flat = results.reindex(columns=RESULT_COLUMNS)
    if fmt in ("csv", "xlsx"):
        files.write_table(flat, out_file if out_file else sys.stdout, fmt)
        return
    if out_file is not None:
        files.write_text(captured(lambda console: console.print(batch_table(flat, lang))), out_file)
    else:
        terminal().print(batch_table(flat, lang))


def emit_suspects(found: SuspectList, kind: str, output: Path | None, lang: str) -> int:
    """The drive-test list; returns how many suspects had no coordinates for a map format."""
    suspects = found.suspects
    target = output if output is not None else sys.stdout
    if kind == "table":
        print_suspects(terminal(), suspects, lang)
        return 0
    if kind == "json":
        return files.write_json({"suspects": suspects, "lang": lang, "area_findings": found.area_findings}, target)
    if kind == "kml":
        name = "netdiag suspects" if lang == "en" else "netdiag 可疑小区"
        return files.write_kml(suspects, target, name=name, description_columns=KML_DESCRIPTION, labels=SUSPECT_LABELS[lang])
    return files.write_table(suspects, target, kind)


def emit_inspection(doc: dict, fmt: str, title: str, lang: str = "en") -> None:
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    print_inspection(terminal(), doc, title, lang)
