"""`netdiag triage`: one complaint (by cell, LAC+CI or spot, with its time and words) or a file of them."""

from __future__ import annotations

import io
import sys
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Annotated, Optional

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from . import render
from .cli_common import (
    DaysOpt, DebugOpt, EncodingOpt, LangOpt, OptionalDataArg, ProfileOpt, RulesOpt, StoreOpt, UntilOpt, fail,
    load_source, note, note_skipped, resolve_lang, stdout_console,
)
from .catalogue import load_catalogue
from .complaints import RESULT_COLUMNS, Triager, is_missing, read_complaints, triage_all
from .diagnosis import Complaint, candidate_cells
from .errors import NetdiagError, UsageError
from .export import write_table, write_text
from .locate import CellLocator, parse_spot
from .profile import find_profile
from .symptoms import lexicon_for
from .window import DEFAULT_HOURS, parse_time, window_bounds


class TriageFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


BATCH_LABELS = {
    "zh": {"complaint_id": "工单", "verdict": "结论", "symptom": "现象", "cell": "小区", "title": "最可能原因",
           "object": "对象", "score": "得分", "confidence": "置信度", "note": "说明",
           "fault_found": "发现故障", "no_fault_found": "未发现网络故障", "needs_symptom": "需确认现象",
           "needs_location": "需补充位置", "error": "无法诊断", "done": "条投诉已诊断"},
    "en": {"complaint_id": "ticket", "verdict": "verdict", "symptom": "symptom", "cell": "cell", "title": "most likely cause",
           "object": "object", "score": "score", "confidence": "confidence", "note": "note",
           "fault_found": "fault found", "no_fault_found": "no network fault", "needs_symptom": "symptom unclear",
           "needs_location": "location missing", "error": "cannot triage", "done": "complaints triaged"},
}


def triage_command(
    data: OptionalDataArg = None,
    cell: Annotated[Optional[str], typer.Option("--cell", help="Serving cell of the complaint.")] = None,
    lac: Annotated[Optional[int], typer.Option("--lac", help="LAC of the serving cell (with --ci).")] = None,
    ci: Annotated[Optional[int], typer.Option("--ci", help="CI of the serving cell (with --lac).")] = None,
    at: Annotated[Optional[str], typer.Option("--at", metavar="LAT,LON", help="Where the subscriber was, WGS84 degrees: the cells serving that spot are diagnosed together.")] = None,
    radius: Annotated[Optional[float], typer.Option("--radius", metavar="M", help="Search radius around --at, metres (default: from the site spacing).")] = None,
    symptom: Annotated[Optional[str], typer.Option("--symptom", help="Symptom id (call_drop, one_way_audio, ...) or the subscriber's words in Chinese or English.")] = None,
    time: Annotated[Optional[str], typer.Option("--time", help="When it happened (2026-11-20 14:30): only the periods around it are diagnosed.")] = None,
    window: Annotated[float, typer.Option("--window", min=0.5, metavar="HOURS", help="Hours before --time to diagnose (and one after).")] = DEFAULT_HOURS,
    complaints: Annotated[Optional[Path], typer.Option("--complaints", help="CSV or XLSX of complaints (formats.md): triage them all, one row each.")] = None,
    lexicon: Annotated[Optional[list[Path]], typer.Option("--lexicon", help="Extra symptom phrases (YAML, repeatable); also symptom_lexicon in the profile.")] = None,
    output: Annotated[Optional[TriageFormat], typer.Option("--format", help="Output format (csv and xlsx with --complaints).")] = None,
    out_file: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (format from its suffix unless --format).")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Causes shown in the table.")] = 3,
    store: StoreOpt = None,
    days: DaysOpt = None,
    until: UntilOpt = None,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    encoding: EncodingOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Rank the likely causes of a complaint (or a file of complaints), with evidence and remedy."""
    language = resolve_lang(lang)
    try:
        fmt = _format(output, out_file, batch=complaints is not None)
        # The symptom lexicon (shipped phrases and the operator's) is read when words need it.
        words = partial(lexicon_for, find_profile(profile, data or store), lexicon or ())
        if complaints is not None:
            if any(v is not None for v in (cell, lac, ci, at, symptom, time)):
                raise UsageError("--complaints takes location, symptom and time from the file; drop --cell/--lac/--ci/--at/--symptom/--time")
            table = read_complaints(complaints, encoding)
            # Many complaints: the whole network over the days asked for, narrowed per complaint hour.
            dataset, ruleset = load_source(rules, data, store, days, until, encoding, profile)
            triager = Triager(dataset, ruleset, window, on_diagnosis=note_skipped)
            rows = _with_progress(triage_all(triager, table, words(), language), len(table), language)
            _write_batch(pd.DataFrame(rows), fmt, out_file, language)
            return
        complaint = _one_complaint(cell, lac, ci, at, radius, symptom, time, words, language)
        if store is None:
            dataset, ruleset = load_source(rules, data, store, days, until, encoding, profile)
        else:  # one complaint: only its scope is read from the store, with the network's context
            dataset, ruleset = _scope_from_store(complaint, rules, store, days, until, encoding, profile, window)
        triager = Triager(dataset, ruleset, window, on_diagnosis=note_skipped)
        result = triager.triage(complaint)
    except NetdiagError as error:
        fail(error, debug)
        return
    if fmt == "json":
        write_text(render.to_json(render.triage_document(result, language)) + "\n", out_file or sys.stdout)
    elif out_file is not None:
        write_text(_captured(lambda console: render.print_triage(console, result, language, top)), out_file)
    else:
        render.print_triage(stdout_console(), result, language, top)


def _format(output: TriageFormat | None, out_file: Path | None, batch: bool) -> str:
    fmt = output.value if output else None
    if fmt is None and out_file is not None:
        fmt = {".json": "json", ".csv": "csv", ".xlsx": "xlsx"}.get(out_file.suffix.lower(), "table")
    fmt = fmt or "table"
    if fmt in ("csv", "xlsx") and not batch:
        raise UsageError(f"--format {fmt} is for --complaints; one complaint prints as table or json")
    if fmt == "xlsx" and out_file is None:
        raise UsageError("--format xlsx needs --output FILE.xlsx")
    return fmt


def _one_complaint(cell, lac, ci, at, radius, symptom, time, words, lang) -> Complaint:
    given = [name for name, value in (("--cell", cell), ("--lac/--ci", lac if lac is not None else ci), ("--at", at)) if value is not None]
    if len(given) != 1:
        raise UsageError("say where the complaint is with one of --cell, --lac with --ci, or --at LAT,LON" +
                         (f" (got {' and '.join(given)})" if given else ""))
    if (lac is None) != (ci is None):
        raise UsageError("--lac and --ci go together")
    if radius is not None and at is None:
        raise UsageError("--radius goes with --at")
    if not symptom:
        raise UsageError("--symptom is required: a symptom id or the subscriber's words")
    resolved = symptom if symptom in load_catalogue().symptoms else words().resolve(symptom, lang)  # an id needs no lexicon
    return Complaint(
        symptom=resolved, cell=cell, lac=lac, ci=ci,
        spot=parse_spot(at, radius) if at is not None else None,
        time=parse_time(time) if time is not None else None,
        text=symptom if symptom != resolved else None,
    )


def _scope_from_store(complaint: Complaint, rules, store: Path, days, until, encoding, profile, window: float):
    """The candidate cells are found on the store's configuration, then only their scope is read."""
    from .store import store_cells

    if complaint.cell is not None:
        cells = [complaint.cell]
    else:
        last = until.date() if until else None
        cells = list(candidate_cells(complaint, CellLocator(store_cells(store, days, last)))["cell"])
    between = window_bounds(complaint.time, window) if complaint.time is not None else None
    return load_source(rules, None, store, days, until, encoding, profile, cells=cells, between=between)


def _with_progress(rows, total: int, lang: str) -> list[dict[str, object]]:
    """Collect rows with a progress bar on stderr (only on a terminal: logs and pipes stay clean)."""
    err = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task(BATCH_LABELS[lang]["done"], total=total)
        out = []
        for row in rows:
            out.append(row)
            progress.advance(task)
    return out


def _write_batch(results: pd.DataFrame, fmt: str, out_file: Path | None, lang: str) -> None:
    counts = results["verdict"].value_counts()
    note("note: " + ", ".join(f"{BATCH_LABELS[lang].get(k, k)}: {v}" for k, v in counts.items()))
    if fmt == "json":
        records = [_json_row(r) for r in results.to_dict("records")]
        text = render.to_json({"complaints": records, "summary": {k: int(v) for k, v in counts.items()}, "lang": lang}) + "\n"
        write_text(text, out_file or sys.stdout)
        return
    flat = results.reindex(columns=RESULT_COLUMNS)
    if fmt in ("csv", "xlsx"):
        write_table(flat, out_file if out_file else sys.stdout, fmt)
        return
    if out_file is not None:
        write_text(_captured(lambda console: console.print(_batch_table(flat, lang))), out_file)
    else:
        stdout_console().print(_batch_table(flat, lang))


def _batch_table(results: pd.DataFrame, lang: str) -> Table:
    labels = BATCH_LABELS[lang]
    symptoms = load_catalogue().symptoms
    table = Table()
    for column in ("complaint_id", "verdict", "symptom", "cell", "title", "object", "score", "confidence", "note"):
        table.add_column(labels[column], overflow="fold")
    for row in results.to_dict("records"):
        row = {k: "" if is_missing(v) else v for k, v in row.items()}
        symptom = symptoms.get(row["symptom"], {}).get(lang, row["symptom"])
        table.add_row(
            str(row["complaint_id"]), labels.get(row["verdict"], row["verdict"]), str(symptom), str(row["cell"]),
            f"{row['title']}\n[dim]{row['cause']}[/dim]" if row["cause"] else "", str(row["object"]),
            f"{row['score']:.2f}" if row["score"] != "" else "", render.LABELS[lang].get(row["confidence"], row["confidence"]), str(row["note"]),
        )
    return table


def _json_row(row: dict) -> dict[str, object]:
    out = {}
    for key in [*RESULT_COLUMNS, "top"]:
        value = row.get(key)
        if isinstance(value, pd.Timestamp):
            value = value.isoformat(sep=" ")
        elif is_missing(value):
            value = None
        out[key] = value
    return out


def _captured(draw) -> str:
    """What a rich drawing prints, as plain text for a file."""
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    draw(console)
    return console.export_text()
