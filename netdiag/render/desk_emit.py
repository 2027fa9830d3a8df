"""Each `netdiag cases` command's result written where the user asked: the terminal, stdout in a
format, or a file (atomically, render.files). Notes for stderr are returned as lines, not printed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from . import files
from .console import captured, terminal
from .desk import case_document, case_fields, case_rows, cases_document, event_rows, recheck_rows, value_name, when
from .labels import CASE_COLUMNS, CASE_TEXTS, HISTORY_COLUMNS, REPORT_TITLES


def _draw(draw, output: Path | None) -> None:
    if output is not None:
        files.write_text(captured(draw), output)
    else:
        draw(terminal())


def _frame_table(console: Console, frame: pd.DataFrame, title: str | None = None) -> None:
    table = Table(title=title, title_justify="left")
    for column in frame.columns:
        table.add_column(escape(str(column)), overflow="fold")
    for row in frame.itertuples(index=False, name=None):
        table.add_row(*("" if v is None or (isinstance(v, float) and v != v) or v is pd.NA else escape(str(v)) for v in row))
    console.print(table)


# ------------------------------------------------------------------------------------------ lists
def emit_cases(frame: pd.DataFrame, fmt: str, output: Path | None, lang: str, show_msisdn: bool = False) -> list[str]:
    """`cases list`: the matching cases; returns the notes for stderr."""
    notes = [CASE_TEXTS[lang]["listed"].format(n=len(frame))]
    if not show_msisdn and frame["msisdn"].notna().any():
        notes.append(CASE_TEXTS[lang]["masked"])
    if output is not None:
        notes.append(CASE_TEXTS[lang]["wrote"].format(path=output))
    target = output if output is not None else sys.stdout
    if fmt == "json":
        files.write_json({"cases": cases_document(frame, show_msisdn), "lang": lang}, target)
    elif fmt in ("csv", "xlsx"):
        files.write_table(case_rows(frame, lang, show_msisdn), target, fmt)
    else:
        rows = case_rows(frame, lang, show_msisdn)
        _draw(lambda c: _frame_table(c, rows) if not rows.empty else c.print(CASE_TEXTS[lang]["no_cases"]), output)
    return notes


def emit_case(case, fmt: str, output: Path | None, lang: str, show_msisdn: bool = True) -> None:
    """`cases show` (and add, update): one case with its history."""
    if fmt == "json":
        files.write_json(case_document(case, show_msisdn), output if output is not None else sys.stdout)
        return

    def draw(console: Console) -> None:
        texts = CASE_TEXTS[lang]
        console.print(f"[bold]{escape(texts['case'].format(case_id=case.case_id, complaint_id=case.complaint_id))}[/bold]")
        table = Table(show_header=False, box=None)
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for label, value in case_fields(case, lang, show_msisdn):
            table.add_row(escape(label), escape(value))
        console.print(table)
        history = pd.DataFrame([{"at": when(h.at), "user": h.user, "field": CASE_COLUMNS[lang].get(h.field, h.field),
                                 "old": _history_value(h.old, lang), "new": _history_value(h.new, lang)} for h in case.history],
                               columns=HISTORY_COLUMNS)
        _frame_table(console, history.rename(columns=CASE_COLUMNS[lang]), title=texts["history"])

    _draw(draw, output)


def _history_value(value: str | None, lang: str) -> str:
    return "" if value is None else value_name(value, lang)


# ------------------------------------------------------------------------------------------ import
def emit_import(summary, fmt: str, output: Path | None, lang: str) -> None:
    """`cases import`: with --format json or csv the refused and flagged tickets (the counts go to stderr)."""
    rows = pd.DataFrame(
        [{"complaint_id": t, "status": value_name("refused", lang), "reason": r} for t, r in summary.refused]
        + [{"complaint_id": t, "status": value_name("flagged", lang), "reason": "; ".join(value_name(f, lang) for f in fs)}
           for t, fs in summary.flagged],
        columns=["complaint_id", "status", "reason"],
    )
    target = output if output is not None else sys.stdout
    if fmt == "json":
        files.write_json({**summary.as_dict(), "lang": lang}, target)
    elif fmt == "csv":
        files.write_table(rows.rename(columns=CASE_COLUMNS[lang]), target, "csv")
    elif fmt == "table" and not rows.empty:
        _draw(lambda c: _frame_table(c, rows.rename(columns=CASE_COLUMNS[lang])), output)


# ------------------------------------------------------------------------------------------ events
def emit_events(events, fmt: str, output: Path | None, lang: str) -> int:
    """`cases hotspots` / `cases surges`; returns how many had no coordinates for a map format."""
    target = output if output is not None else sys.stdout
    if fmt == "json":
        files.write_json({**events.as_dict(), "lang": lang}, target)
        return 0
    rows = event_rows(events, lang)
    labels = CASE_COLUMNS[lang]
    if fmt == "kml":
        return files.write_kml(rows, target, name=f"netdiag {REPORT_TITLES[lang]['hotspots']}", label="rank",
                               description_columns=[c for c in rows.columns if c not in ("lat", "lon")], labels=labels)
    if fmt == "geojson":
        return files.write_geojson(rows, target)
    if fmt in ("csv", "xlsx"):
        files.write_table(rows.rename(columns=labels), target, fmt)
        return 0
    texts = CASE_TEXTS[lang]
    start, end = when(events.start), when(events.end)
    head = texts[events.kind if events.items else f"no_{events.kind}"].format(n=len(events.items), cases=events.cases, start=start, end=end)
    shown = rows if events.with_data else rows.drop(columns=["network_event", "findings", "alarms"])
    _draw(lambda c: (c.print(escape(head)), _frame_table(c, shown.rename(columns=labels)) if events.items else None), output)
    return 0


# ------------------------------------------------------------------------------------------ re-check
def emit_recheck(result, fmt: str, output: Path | None, lang: str) -> None:
    """`cases recheck`: the verdict and the KPIs before and after (json: the stable ids; csv: the KPI table)."""
    if fmt == "json":
        files.write_json(result.as_dict(), output if output is not None else sys.stdout)
        return
    if fmt == "csv":
        files.write_table(recheck_rows(result, lang), output if output is not None else sys.stdout, "csv")
        return
    texts = CASE_TEXTS[lang]

    def draw(console: Console) -> None:
        console.print(escape(texts["recheck"].format(
            case_id=result.case_id, verdict=value_name(result.verdict, lang), fix_date=result.fix_date,
            before=f"{result.before[0]}..{result.before[1]}", after=f"{result.after[0]}..{result.after[1]}",
            before_days=result.before_days, after_days=result.after_days)))
        if result.changes:
            _frame_table(console, recheck_rows(result, lang))
        if result.causes_after is None:
            console.print(escape(texts["recheck_not_looked"]))
        else:
            console.print(escape(texts["recheck_causes"].format(before=", ".join(result.causes_before) or "-",
                                                                after=", ".join(result.causes_after) or "-")))
        if result.saved:
            console.print(escape(texts["recheck_saved"]))

    _draw(draw, output)


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr (on a terminal only) fed by `callback(done, total)`."""
    err = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance
