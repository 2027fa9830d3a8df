"""The monthly complaint report written out: XLSX (one sheet per view, headers and values in Chinese or
English), JSON (the views' records with their stable ids, and the labels of the language asked for),
or tables on the terminal.

REPORT_WRITERS maps a format to its writer `(report, target, lang) -> None`; `netdiag cases report
--format` offers exactly these (cli.cases_analysis.ReportFormat). The HTML report is drawn by
render.html.cases (charts and the hotspots over the network's sectors).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Union

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from ..cases.report import Report
from .desk import cause_name, symptom_name, value_name, when
from .files import write_text, write_workbook
from .labels import CASE_TEXTS, REPORT_COLUMNS, REPORT_LABELS, REPORT_NOTES, REPORT_TITLES

Target = Union[str, Path, IO[str]]
# Views whose first column holds ids to be named: column -> how
_NAMED = {"symptom": symptom_name, "cause": cause_name, "class": value_name, "category": value_name, "stage": value_name,
          "level": value_name}


def report_views(report: Report, lang: str) -> list[tuple[str, str, pd.DataFrame]]:
    """(view id, title, frame with named values and headers in `lang`) for every view, in the report's order."""
    out = []
    for view, frame in report.views.items():
        columns = REPORT_COLUMNS.get(view, list(frame.columns))
        shown = frame.reindex(columns=columns).copy()
        for column, name in _NAMED.items():
            if column in shown:
                shown[column] = shown[column].map(lambda v, name=name: _named(v, name, lang))
        for column in shown.columns:
            if pd.api.types.is_datetime64_any_dtype(shown[column]):
                shown[column] = shown[column].map(when)
        labels = REPORT_LABELS[lang].get(view, {})
        out.append((view, REPORT_TITLES[lang].get(view, view), shown.rename(columns=labels)))
    return out


def _named(value: Any, name: Callable[[Any, str], str], lang: str) -> Any:
    if value == "-":
        return value
    if value == "unclassified":
        return REPORT_LABELS[lang]["summary"]["unclassified"]
    return name(value, lang)


def report_notes(report: Report, lang: str) -> list[str]:
    """The report's notes in `lang`."""
    return [REPORT_NOTES[lang][key].format(**values) if key in REPORT_NOTES[lang] else key for key, values in report.note_keys]


def write_report_xlsx(report: Report, target: Target, lang: str) -> None:
    """One sheet per view, titled in `lang`; the notes (if any) on a last sheet."""
    sheets = [(title, frame) for _, title, frame in report_views(report, lang)]
    notes = report_notes(report, lang)
    if notes:
        sheets.append((CASE_TEXTS[lang]["report_notes"], pd.DataFrame({CASE_TEXTS[lang]["report_notes"]: notes})))
    write_workbook(sheets, target)


def report_document(report: Report, lang: str) -> dict[str, Any]:
    """The report's views as records of stable ids (Report.as_dict), with the titles and column labels of `lang`."""
    document = report.as_dict()
    document["lang"] = lang
    document["titles"] = {view: REPORT_TITLES[lang].get(view, view) for view in report.views}
    document["labels"] = {view: REPORT_LABELS[lang].get(view, {}) for view in report.views}
    document["notes_text"] = report_notes(report, lang)
    return document


def write_report_json(report: Report, target: Target, lang: str) -> None:
    from .files import write_json

    write_json(report_document(report, lang), target)


def write_report_html(report: Report, target: Target, lang: str) -> None:
    """The report as one self-contained HTML page, the hotspots drawn over the cells it placed them with."""
    from .html.cases import cases_report_page

    write_text(cases_report_page(report, lang, cells=getattr(report, "cells", None)), target)


REPORT_WRITERS: dict[str, Callable[[Report, Target, str], None]] = {
    "xlsx": write_report_xlsx, "json": write_report_json, "html": write_report_html,
}


def print_report(console: Console, report: Report, lang: str) -> None:
    """Every view as a terminal table under its title."""
    console.print(f"[bold]{CASE_TEXTS[lang]['report'].format(month=report.month)}[/bold]")
    for view, title, frame in report_views(report, lang):
        table = Table(title=title, title_justify="left")
        for column in frame.columns:
            table.add_column(str(column), overflow="fold")
        for row in frame.itertuples(index=False, name=None):
            table.add_row(*(_cell(v) for v in row))
        console.print(table)
    for note in report_notes(report, lang):
        console.print(f"{CASE_TEXTS[lang]['report_notes']}: {note}", markup=False)


def _cell(value: Any) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (float, np.floating)):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def emit_report(report: Report, fmt: str, output: Path | None, lang: str) -> None:
    if fmt == "table":
        from .console import captured, terminal

        if output is not None:
            write_text(captured(lambda c: print_report(c, report, lang)), output)
        else:
            print_report(terminal(), report, lang)
        return
    REPORT_WRITERS[fmt](report, output if output is not None else sys.stdout, lang)
