"""`netdiag cases recheck|hotspots|surges|report`: what the case log tells, with the network's data beside it."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NetdiagError, UsageError
from .cases import DataOpt, DbOpt, OutputOpt, ShowMsisdnOpt, StoreOpt, UserOpt, cases_app, data_inputs, opened, output_format
from .common import DebugOpt, EncodingOpt, LangOpt, ProfileOpt, RulesOpt, fail, note, resolve_lang

class RecheckFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class HotspotFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    geojson = "geojson"
    kml = "kml"


class SurgeFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class ReportFormat(str, Enum):
    """The report's formats: render.desk_report.REPORT_WRITERS, and the table on the terminal."""

    table = "table"
    xlsx = "xlsx"
    json = "json"
    html = "html"


# ------------------------------------------------------------------------------------------ recheck
@cases_app.command("recheck")
def recheck_command(
    case: Annotated[str, typer.Argument(help="Case number or ticket id (the case needs a fix date).", show_default=False)],
    store: StoreOpt = None,
    data: DataOpt = None,
    days: Annotated[int, typer.Option("--days", min=1, help="Days compared on each side of the fix date (the fix day left out).")] = 7,
    alpha: Annotated[float, typer.Option("--alpha", min=1e-6, max=0.5, help="Significance level (Bonferroni over the KPIs tested).")] = 0.05,
    save: Annotated[bool, typer.Option("--save/--no-save", help="Write the verdict to the case (with history).")] = True,
    fmt: Annotated[Optional[RecheckFormat], typer.Option("--format", help="table, csv (the KPIs) or json.")] = None,
    db: DbOpt = None,
    user: UserOpt = None,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The case's cells before against after its fix date, with significance: resolved / not resolved / not enough data."""
    from ..cases import recheck_case
    from ..render.desk_emit import emit_recheck

    try:
        inputs = data_inputs(data, store, rules, profile)
        if inputs is None:
            raise UsageError("give --store (or --data with statistics on both sides of the fix date)")
        with opened(db, user) as log:
            result = recheck_case(log, case, inputs, days=days, alpha=alpha, save=save, on_note=note)
        emit_recheck(result, fmt.value if fmt else "table", None, resolve_lang(lang))
    except NetdiagError as error:
        fail(error, debug)


# ------------------------------------------------------------------------------------------ hotspots, surges
@cases_app.command("hotspots")
def hotspots_command(
    days: Annotated[float, typer.Option("--days", min=0.1, help="The complaints of the last N days.")] = 7,
    end: Annotated[Optional[datetime], typer.Option("--end", help="Up to this moment (default: the latest complaint).")] = None,
    radius: Annotated[float, typer.Option("--radius", min=50, metavar="M", help="Neighbourhood radius, metres.")] = 500,
    min_count: Annotated[int, typer.Option("--min-count", min=2, help="Least subscribers complaining within the radius.")] = 5,
    data: DataOpt = None,
    store: StoreOpt = None,
    fmt: Annotated[Optional[HotspotFormat], typer.Option("--format", help="table, csv, json, geojson or kml.")] = None,
    output: OutputOpt = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    encoding: EncodingOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Complaints clustered in space and time, ranked; with --data/--store the network's findings and alarms there."""
    from ..cases import hotspot_events
    from ..render.desk_emit import emit_events

    _events(lambda log, inputs: hotspot_events(log, days=days, end=end, radius_m=radius, min_count=min_count, inputs=inputs, on_note=note),
            fmt, output, ("table", "csv", "json", "geojson", "kml"), data, store, db, rules, profile, lang, encoding, debug, emit_events)


@cases_app.command("surges")
def surges_command(
    days: Annotated[int, typer.Option("--days", min=1, help="Days tested, ending --end.")] = 1,
    end: Annotated[Optional[datetime], typer.Option("--end", formats=["%Y-%m-%d"], help="The last day tested (default: the latest complaint's).")] = None,
    baseline_days: Annotated[int, typer.Option("--baseline-days", min=7, help="Each unit's own history a day is tested against.")] = 28,
    alpha: Annotated[float, typer.Option("--alpha", min=1e-6, max=0.5, help="False discovery rate (Benjamini-Hochberg).")] = 0.05,
    min_count: Annotated[int, typer.Option("--min-count", min=1, help="Least complaints in a day for a surge.")] = 3,
    level: Annotated[Optional[list[str]], typer.Option("--level", help="cell, bsc, region (repeatable; default all three).")] = None,
    data: DataOpt = None,
    store: StoreOpt = None,
    fmt: Annotated[Optional[SurgeFormat], typer.Option("--format", help="table, csv or json.")] = None,
    output: OutputOpt = None,
    db: DbOpt = None,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    encoding: EncodingOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Cells and areas whose complaints of a day stand significantly above their own history (the early warning).

    An exact conditional Poisson test of each cell, BSC and region on each day against its own baseline,
    Benjamini-Hochberg over every unit and day tested. With --data or --store, the alarms and findings of
    that window: a surge with a fault found is a network event.
    """
    from ..cases import surge_events
    from ..render.desk_emit import emit_events

    def run(log, inputs):
        levels = tuple(level or ("cell", "bsc", "region"))
        unknown = [x for x in levels if x not in ("cell", "bsc", "region")]
        if unknown:
            raise UsageError(f"--level {unknown[0]}: one of cell, bsc, region")
        return surge_events(log, end=end, days=days, baseline_days=baseline_days, alpha=alpha, min_count=min_count, levels=levels,
                            inputs=inputs, on_note=note)

    _events(run, fmt, output, ("table", "csv", "json"), data, store, db, rules, profile, lang, encoding, debug, emit_events)


def _events(call, fmt, output, allowed, data, store, db, rules, profile, lang, encoding, debug, emit) -> None:
    from ..render.labels import CASE_TEXTS

    language = resolve_lang(lang)
    try:
        kind = output_format(fmt, output, allowed)
        inputs = data_inputs(data, store, rules, profile, encoding)
        with opened(db) as log:
            events = call(log, inputs)
        left_out = emit(events, kind, output, language)
    except NetdiagError as error:
        fail(error, debug)
        return
    if left_out:
        note(CASE_TEXTS[language]["left_out"].format(n=left_out, fmt=kind))
    if output is not None:
        note(CASE_TEXTS[language]["wrote"].format(path=output))


# ------------------------------------------------------------------------------------------ report
@cases_app.command("report")
def report_command(
    month: Annotated[str, typer.Option("--month", help="The month reported (2026-11).", show_default=False)],
    subscribers: Annotated[Optional[Path], typer.Option("--subscribers", help="Subscribers per region (or BSC, LAC) and month (CSV or XLSX) for 万人投诉比.")] = None,
    sla_ack: Annotated[float, typer.Option("--sla-ack", min=0.1, metavar="HOURS", help="Acknowledge within.")] = 24.0,
    sla_close: Annotated[float, typer.Option("--sla-close", min=0.1, metavar="HOURS", help="Close within.")] = 72.0,
    trend_months: Annotated[int, typer.Option("--trend-months", min=1, help="Months in the ratio's trend, the reported one included.")] = 6,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows of the top-cells and hotspot views.")] = 10,
    show_msisdn: ShowMsisdnOpt = False,
    fmt: Annotated[Optional[ReportFormat], typer.Option("--format", help="xlsx (one sheet per view, with --output), html (charts and a map of the hotspots), json or table.")] = None,
    output: OutputOpt = None,
    db: DbOpt = None,
    lang: LangOpt = None,
    encoding: EncodingOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The month's complaint report (万人投诉比 by region and its trend, SLA, repeats, top cells, hotspots, surges)."""
    from ..cases import Sla, report_of
    from ..render.desk_report import emit_report, report_notes
    from ..render.labels import CASE_TEXTS

    language = resolve_lang(lang)
    try:
        kind = output_format(fmt, output, tuple(f.value for f in ReportFormat))
        _check_month(month)
        with opened(db) as log:
            report = report_of(log, month, subscribers=subscribers, sla=Sla(sla_ack, sla_close), trend_months=trend_months, top=top,
                               show_msisdn=show_msisdn, encoding=encoding)
        emit_report(report, kind, output, language)
    except NetdiagError as error:
        fail(error, debug)
        return
    if kind != "table":
        for line in report_notes(report, language):
            note(f"note: {line}")
    if output is not None:
        note(CASE_TEXTS[language]["wrote"].format(path=output))


def _check_month(month: str) -> None:
    import re

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month.strip()):
        raise UsageError(f"--month {month!r}: a month such as 2026-11")
