"""`netdiag triage`: one complaint (by cell, LAC+CI or spot, with its time and words) or a file of them."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NetdiagError, UsageError
from .common import (
    DaysOpt, DebugOpt, EncodingOpt, Gcj02Opt, LangOpt, OptionalDataArg, ProfileOpt, RulesOpt, StoreOpt, TilesOpt, UntilOpt,
    begin_reading, fail, inputs, map_options, note, output_inside, resolve_lang,
)

DEFAULT_WINDOW_HOURS = 12.0  # (netdiag.dataset.window.DEFAULT_HOURS, not imported for --help's sake)


class TriageFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


def triage_command(
    data: OptionalDataArg = None,
    cell: Annotated[Optional[str], typer.Option("--cell", help="Serving cell of the complaint.")] = None,
    lac: Annotated[Optional[int], typer.Option("--lac", help="LAC of the serving cell (with --ci).")] = None,
    ci: Annotated[Optional[int], typer.Option("--ci", help="CI of the serving cell (with --lac).")] = None,
    at: Annotated[Optional[str], typer.Option("--at", metavar="LAT,LON", help="Where the subscriber was, WGS84 degrees: the cells serving that spot are diagnosed together.")] = None,
    radius: Annotated[Optional[float], typer.Option("--radius", metavar="M", help="Search radius around --at, metres (default: from the site spacing).")] = None,
    symptom: Annotated[Optional[str], typer.Option("--symptom", help="Symptom id (call_drop, one_way_audio, ...) or the subscriber's words in Chinese or English.")] = None,
    time: Annotated[Optional[str], typer.Option("--time", help="When it happened (2026-11-20 14:30): only the periods around it are diagnosed.")] = None,
    window: Annotated[float, typer.Option("--window", min=0.5, metavar="HOURS", help="Hours before --time to diagnose (and one after).")] = DEFAULT_WINDOW_HOURS,
    complaints: Annotated[Optional[Path], typer.Option("--complaints", help="CSV or XLSX of complaints (formats.md): triage them all, one row each.")] = None,
    lexicon: Annotated[Optional[list[Path]], typer.Option("--lexicon", help="Extra symptom phrases (YAML, repeatable); also symptom_lexicon in the profile.")] = None,
    output: Annotated[Optional[TriageFormat], typer.Option("--format", help="Output format (csv and xlsx with --complaints; html: one complaint's report with charts and a map).")] = None,
    out_file: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (format from its suffix unless --format).")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Causes shown in the table.")] = 3,
    tiles: TilesOpt = None,
    gcj02: Gcj02Opt = False,
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
    begin_reading(data, store, encoding)
    from ..render import emit

    language = resolve_lang(lang)
    source = inputs(data, store, days, until, encoding, rules, profile)
    try:
        fmt = _format(output, out_file, batch=complaints is not None)
        output_inside(out_file, data, store)
        if complaints is not None:
            if any(v is not None for v in (cell, lac, ci, at, symptom, time)):
                raise UsageError("--complaints takes location, symptom and time from the file; drop --cell/--lac/--ci/--at/--symptom/--time")
            _batch(source, complaints, fmt, out_file, language, window, lexicon or ())
            return
        from ..diagnosis.request import TriageRequest, triage_request

        request = TriageRequest(symptom=symptom, cell=cell, lac=lac, ci=ci, at=at, radius=radius, time=time,
                                window_hours=window, lexicons=tuple(lexicon or ()))
        if fmt == "html":
            from ..diagnosis.pictures import complaint_view

            options = map_options(tiles, gcj02)
            view = complaint_view(source, request, language, note)
            written = emit.emit_triage_html(view, out_file, language, options, str(source.root))
            if out_file is not None:
                from ..render.labels import PICTURE_LABELS

                note(PICTURE_LABELS[language]["wrote_report"].format(path=out_file, kb=f"{written / 1024:.0f}"))
            return
        result = triage_request(source, request, language, note)
    except NetdiagError as error:
        fail(error, debug)
        return
    emit.emit_triage(result, fmt, out_file, language, top)


def _batch(source, complaints: Path, fmt: str, out_file: Path | None, lang: str, window: float, lexicons) -> None:
    import pandas as pd

    from ..diagnosis.batch import triage_tickets
    from ..render import emit
    from ..render.console import progress_rows
    from ..render.labels import BATCH_LABELS

    batch = triage_tickets(source, complaints, lang, window, lexicons, note)
    results = pd.DataFrame(progress_rows(batch.rows, len(batch), BATCH_LABELS[lang]["done"]))
    note(emit.batch_summary(results, lang))
    emit.emit_batch(results, fmt, out_file, lang)


SUFFIXES = {".json": "json", ".html": "html", ".htm": "html", ".txt": "table", ".csv": "csv", ".xlsx": "xlsx"}


def _format(output: TriageFormat | None, out_file: Path | None, batch: bool) -> str:
    """The output format: --format, else the file's suffix (an unknown one refused, as formats.md says);
    `.txt` keeps the terminal's table as text, to attach to a ticket."""
    kinds = "csv, xlsx, json or txt" if batch else "json, html or txt"
    fmt = output.value if output else None
    if fmt is None and out_file is not None:
        fmt = SUFFIXES.get(out_file.suffix.lower())
        if fmt is None:
            raise UsageError(f"--output {out_file}: cannot tell the format from '{out_file.suffix or 'no suffix'}'; triage writes {kinds}")
    fmt = fmt or "table"
    if fmt == "html" and batch:
        raise UsageError("--format html is one complaint's report; a file of complaints writes csv, xlsx or json")
    if fmt in ("csv", "xlsx") and not batch:
        raise UsageError(f"--format {fmt} is for --complaints; one complaint prints as table or json")
    if fmt == "xlsx" and out_file is None:
        raise UsageError("--format xlsx needs --output FILE.xlsx")
    return fmt
