"""Each command's result written where the user asked: the terminal, stdout in a format, or a file.

The command line calls one of these after its one library call; they choose the renderer for the
format and write atomically (render.files).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from ..diagnosis.batch import RESULT_COLUMNS
from ..diagnosis.changes import ScanChanges
from ..diagnosis.diagnose import Diagnosis
from ..diagnosis.suspects import SuspectList
from ..diagnosis.triage import TriageResult
from . import files
from .console import batch_table, captured, print_inspection, print_scan, print_suspects, print_triage, terminal
from .documents import batch_document, scan_csv, scan_document, to_json, triage_document
from .labels import BATCH_LABELS, SUSPECT_LABELS, WORKBOOK_LABELS, workbook_frame

SECTOR = ("azimuth", "beam_deg", "reach_m")  # the columns a wedge is drawn from
KML_DESCRIPTION = ["rank", "score", "severity", "causes", "titles", "tests", "remedy", "objects", "bsc", "site"]


def emit_scan(diagnosis: Diagnosis, fmt: str, lang: str, out_file: Path | None = None, options=None,
              source: str | None = None, changes: ScanChanges | None = None) -> None:
    """Every finding: table on the terminal, json or csv (stdout or a file), or an html page with a
    map; with --since (`changes`), each one's status and those cleared."""
    target = out_file if out_file is not None else sys.stdout
    if fmt == "json":
        files.write_text(to_json(scan_document(diagnosis, lang, changes)) + "\n", target)
    elif fmt == "csv":
        text = scan_csv(diagnosis, lang, changes)
        files.write_text(("\ufeff" + text) if out_file is not None else text, target)  # a file for Excel: with a BOM
    elif fmt == "html":
        from .html.findings import scan_page

        files.write_text(scan_page(diagnosis, lang, options, source), target)
    else:
        print_scan(terminal(), diagnosis, lang, changes=changes)


def emit_triage(result: TriageResult, fmt: str, out_file: Path | None, lang: str, top: int) -> None:
    """One complaint's causes: json, or the table on the terminal or as text in a file."""
    if fmt == "json":
        files.write_text(to_json(triage_document(result, lang)) + "\n", out_file or sys.stdout)
    elif out_file is not None:
        files.write_text(captured(lambda console: print_triage(console, result, lang, top)), out_file)
    else:
        print_triage(terminal(), result, lang, top)


def emit_triage_html(view, out_file: Path | None, lang: str, options=None, source: str | None = None) -> int:
    """One complaint's report as a self-contained HTML file (or on stdout); returns its size in bytes."""
    from .html.complaint import complaint_page

    page = complaint_page(view, lang, options, source)
    files.write_text(page, out_file or sys.stdout)
    return len(page.encode("utf-8"))


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
    if fmt == "csv":
        files.write_table(flat, out_file if out_file else sys.stdout, fmt)
        return
    if fmt == "xlsx":
        sheet = WORKBOOK_LABELS[lang]["triage_sheet"]
        files.write_xlsx(workbook_frame(flat, lang, BATCH_LABELS[lang], ("verdict", "confidence")), out_file, sheet=sheet)
        return
    if out_file is not None:
        files.write_text(captured(lambda console: console.print(batch_table(flat, lang))), out_file)
    else:
        terminal().print(batch_table(flat, lang))


def emit_suspects(found: SuspectList, kind: str, output: Path | None, lang: str, options=None, source: str | None = None) -> int:
    """The drive-test list; returns how many suspects had no coordinates for a map format.

    KML and GeoJSON draw each suspect as its sector (a wedge polygon: azimuth, beam, expected
    reach), its site's position kept as the lat and lon properties."""
    suspects = found.suspects
    target = output if output is not None else sys.stdout
    if kind == "table":
        print_suspects(terminal(), suspects, lang)
        return 0
    if kind == "html":
        from .html.findings import suspects_page

        files.write_text(suspects_page(found, lang, options, source), target)
        return len(suspects) - len(found.sectors())
    if kind == "json":
        return files.write_json({"suspects": suspects, "lang": lang, "area_findings": found.area_findings}, target)
    if kind in ("kml", "geojson"):
        sectors = found.sectors()[["cell", "beam_deg", "reach_m"]]
        with_sectors = suspects.merge(sectors, on="cell", how="left")
        if kind == "geojson":
            return files.write_geojson(with_sectors, target, sector=SECTOR)
        name = "netdiag suspects" if lang == "en" else "netdiag 可疑小区"
        return files.write_kml(with_sectors, target, name=name, description_columns=KML_DESCRIPTION, labels=SUSPECT_LABELS[lang],
                               sector=SECTOR)
    if kind == "xlsx":
        sheet = WORKBOOK_LABELS[lang]["suspects_sheet"]
        return files.write_xlsx(workbook_frame(suspects, lang, SUSPECT_LABELS[lang], ("severity",)), target, sheet=sheet)
    return files.write_table(suspects, target, kind)


def emit_cell(view, fmt: str, lang: str) -> None:
    """`netdiag show`: the drill-down on the terminal, or its data as JSON."""
    if fmt == "json":
        files.write_json({**view.as_dict(), "lang": lang}, sys.stdout)
        return
    from .drilldown import print_cell

    print_cell(terminal(), view, lang)


def emit_inspection(doc: dict, fmt: str, title: str, lang: str = "en") -> None:
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    print_inspection(terminal(), doc, title, lang)
