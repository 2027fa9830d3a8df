"""`netdiag cases`: the complaint desk. Cases from receipt to closing (import, add, list, show, update)
here; the analyses (recheck, hotspots, surges, report) in cases_analysis."""

from __future__ import annotations

from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import NetdiagError, UsageError
from .common import DebugOpt, EncodingOpt, LangOpt, ProfileOpt, RulesOpt, fail, note, resolve_lang

if TYPE_CHECKING:
    from ..diagnosis.source import Inputs

cases_app = typer.Typer(help="The complaint desk: a case log from receipt to closing, hotspots, surges, monthly reports.",
                        no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

DbOpt = Annotated[Optional[Path], typer.Option(
    "--db", envvar="NETDIAG_DB", show_envvar=True,
    help="The case log (an SQLite file on a local disk). Default: $NETDIAG_DB, else netdiag/cases.db in the user's data folder.")]
UserOpt = Annotated[Optional[str], typer.Option("--user", help="Who the case history names for this change (default: the login name).")]
DataOpt = Annotated[Optional[Path], typer.Option("--data", help="Folder of the network's exports to triage against.")]
StoreOpt = Annotated[Optional[Path], typer.Option("--store", help="History store (netdiag import) to triage against.")]
WindowOpt = Annotated[float, typer.Option("--window", min=0.5, metavar="HOURS", help="Hours before each complaint's time to diagnose.")]
LexiconOpt = Annotated[Optional[list[Path]], typer.Option("--lexicon", help="Extra symptom phrases (YAML, repeatable).")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (format from its suffix unless --format).")]
ShowMsisdnOpt = Annotated[bool, typer.Option("--show-msisdn", help="Show subscriber numbers in full (masked to the last four digits otherwise).")]


class ListFormat(str, Enum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


class ShowFormat(str, Enum):
    table = "table"
    json = "json"


class ImportFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@contextmanager
def opened(db: Path | None, user: str | None = None, create: bool = False):
    """The case log, opened for one command (created only by the commands that write cases)."""
    from ..cases import open_log

    with open_log(db, user=user, create=create) as log:
        yield log


def data_inputs(data: Path | None, store: Path | None, rules: list[Path] | None = None, profile: Path | None = None,
                encoding: str | None = None) -> Inputs | None:
    """--data or --store (not both) as the library's Inputs; None when neither is given."""
    if data is None and store is None:
        return None
    if data is not None and store is not None:
        raise UsageError("give --data or --store, not both")
    from ..diagnosis.source import Inputs

    return Inputs(data=data, store=store, encoding=encoding, rules=tuple(rules or ()), profile=profile)


def output_format(fmt: Enum | None, output: Path | None, allowed: tuple[str, ...], files_only: tuple[str, ...] = ("xlsx",)) -> str:
    """The format asked for, else the output file's suffix, else table; a binary format needs a file."""
    from ..render.files import format_for

    kind = fmt.value if fmt is not None else format_for(output) if output is not None else "table"
    if kind not in allowed:
        raise UsageError(f"--format {kind}: this command writes {', '.join(allowed)}")
    if kind in files_only and output is None:
        raise UsageError(f"--format {kind} writes a file: give --output FILE.{kind}")
    return kind


# ------------------------------------------------------------------------------------------ import
@cases_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="Tickets (CSV or XLSX with the complaints columns; Chinese headers such as 工单号, 受理时间 are read).",
                                         show_default=False)],
    data: DataOpt = None,
    store: StoreOpt = None,
    window: WindowOpt = 12.0,
    lexicon: LexiconOpt = None,
    fmt: Annotated[Optional[ImportFormat], typer.Option("--format", help="The refused and flagged tickets as a table, csv or json (the counts go to stderr).")] = None,
    output: OutputOpt = None,
    db: DbOpt = None,
    user: UserOpt = None,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    encoding: EncodingOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Tickets become cases (idempotent: a re-import changes only what changed upstream); --data/--store triages each."""
    from ..cases import import_file
    from ..render.desk import import_lines
    from ..render.desk_emit import emit_import, progress_bar
    from ..render.labels import CASE_NOTES, CASE_TEXTS

    language = resolve_lang(lang)
    try:
        kind = output_format(fmt, output, ("table", "csv", "json"))
        inputs = data_inputs(data, store, rules, profile, encoding)
        with opened(db, user, create=True) as log, progress_bar(CASE_TEXTS[language]["importing"]) as progress:
            summary = import_file(log, file, inputs=inputs, lang=language, window_hours=window, lexicons=lexicon or (),
                                  texts=CASE_NOTES[language], encoding=encoding, on_note=note, progress=progress)
        for line in import_lines(summary, file, language):
            note(line)
        emit_import(summary, kind, output, language)
    except NetdiagError as error:
        fail(error, debug)


# ------------------------------------------------------------------------------------------ add
@cases_app.command("add")
def add_command(
    cell: Annotated[Optional[str], typer.Option("--cell", help="The complaint's cell.")] = None,
    lac: Annotated[Optional[int], typer.Option("--lac", help="Its LAC (with --ci).")] = None,
    ci: Annotated[Optional[int], typer.Option("--ci", help="Its CI (with --lac).")] = None,
    at: Annotated[Optional[str], typer.Option("--at", metavar="LAT,LON", help="Where the subscriber was, WGS84 degrees.")] = None,
    text: Annotated[Optional[str], typer.Option("--text", help="The subscriber's words (or a symptom id), e.g. 经常掉话.")] = None,
    msisdn: Annotated[Optional[str], typer.Option("--msisdn", help="The subscriber's number.")] = None,
    time: Annotated[Optional[str], typer.Option("--time", help="When it happened (2026-11-20 19:30).")] = None,
    received: Annotated[Optional[str], typer.Option("--received", help="When the complaint was received (default: now).")] = None,
    address: Annotated[Optional[str], typer.Option("--address", help="The subscriber's address.")] = None,
    category: Annotated[str, typer.Option("--category", help="network, service, billing or other.")] = "network",
    complaint_id: Annotated[Optional[str], typer.Option("--id", help="The ticket's id (default: DESK-<time taken>).")] = None,
    data: DataOpt = None,
    store: StoreOpt = None,
    window: WindowOpt = 12.0,
    lexicon: LexiconOpt = None,
    fmt: Annotated[Optional[ShowFormat], typer.Option("--format", help="table or json.")] = None,
    db: DbOpt = None,
    user: UserOpt = None,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """One case taken at the desk (a call, a walk-in), triaged with --data or --store."""
    from ..cases import take_case
    from ..render.desk_emit import emit_case
    from ..render.labels import CASE_NOTES

    language = resolve_lang(lang)
    try:
        lat = lon = None
        if at is not None:
            from ..diagnosis.locate import parse_spot

            spot = parse_spot(at)
            lat, lon = spot.lat, spot.lon
        if (lac is None) != (ci is None):
            raise UsageError("--lac and --ci go together")
        inputs = data_inputs(data, store, rules, profile)
        with opened(db, user, create=True) as log:
            case = take_case(log, complaint_id=complaint_id, inputs=inputs, lang=language, window_hours=window,
                             lexicons=lexicon or (), texts=CASE_NOTES[language], on_note=note, received_at=received,
                             occurred_at=time, msisdn=msisdn, text=text, cell=cell, lac=lac, ci=ci, lat=lat, lon=lon,
                             address=address, category=category)
        emit_case(case, fmt.value if fmt else "table", None, language)
    except NetdiagError as error:
        fail(error, debug)


# ------------------------------------------------------------------------------------------ list, show
@cases_app.command("list")
def list_command(
    status: Annotated[Optional[list[str]], typer.Option("--status", help="received, acknowledged, investigating, responded, closed, reopened (repeatable).")] = None,
    region: Annotated[Optional[str], typer.Option("--region", help="The cases of a region (or, where cells have none, a BSC).")] = None,
    bsc: Annotated[Optional[str], typer.Option("--bsc", help="The cases of a BSC.")] = None,
    symptom: Annotated[Optional[str], typer.Option("--symptom", help="A symptom id (call_drop, no_coverage, ...).")] = None,
    cause: Annotated[Optional[str], typer.Option("--cause", help="A cause id the triage found (any of a case's causes).")] = None,
    overdue: Annotated[Optional[bool], typer.Option("--overdue/--not-overdue", help="Past the SLA (not acknowledged in time, or open too long).")] = None,
    repeat: Annotated[Optional[bool], typer.Option("--repeat/--not-repeat", help="Repeat complaints (same number within 30 days, same cell within 7).")] = None,
    sla_ack: Annotated[float, typer.Option("--sla-ack", min=0.1, metavar="HOURS", help="Acknowledge within (for --overdue).")] = 24.0,
    sla_close: Annotated[float, typer.Option("--sla-close", min=0.1, metavar="HOURS", help="Close within (for --overdue).")] = 72.0,
    fmt: Annotated[Optional[ListFormat], typer.Option("--format", help="table, csv, xlsx (with --output) or json.")] = None,
    output: OutputOpt = None,
    show_msisdn: ShowMsisdnOpt = False,
    db: DbOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The cases matching every filter given, oldest first."""
    from ..cases import Sla, list_cases
    from ..render.desk_emit import emit_cases

    language = resolve_lang(lang)
    try:
        kind = output_format(fmt, output, ("table", "csv", "xlsx", "json"))
        with opened(db) as log:
            frame = list_cases(log, status=status or None, region=region, bsc=bsc, symptom=symptom, cause=cause, overdue=overdue,
                               repeat=repeat, sla=Sla(sla_ack, sla_close))
        for line in emit_cases(frame, kind, output, language, show_msisdn):
            note(line)
    except NetdiagError as error:
        fail(error, debug)


@cases_app.command("show")
def show_command(
    case: Annotated[str, typer.Argument(help="Case number or ticket id.", show_default=False)],
    fmt: Annotated[Optional[ShowFormat], typer.Option("--format", help="table or json.")] = None,
    db: DbOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """One case: every field and its history (who changed what, when)."""
    from ..cases import get_case
    from ..render.desk_emit import emit_case

    try:
        with opened(db) as log:
            found = get_case(log, case)
        emit_case(found, fmt.value if fmt else "table", None, resolve_lang(lang))
    except NetdiagError as error:
        fail(error, debug)


# ------------------------------------------------------------------------------------------ update
@cases_app.command("update")
def update_command(
    case: Annotated[str, typer.Argument(help="Case number or ticket id.", show_default=False)],
    status: Annotated[Optional[str], typer.Option("--status", help="The next step: acknowledged, investigating, responded, closed, reopened.")] = None,
    note_text: Annotated[Optional[str], typer.Option("--note", help="A line for the case's notes.")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner", help="Who handles the case.")] = None,
    fix: Annotated[Optional[str], typer.Option("--fix", help="What was done.")] = None,
    fix_date: Annotated[Optional[str], typer.Option("--fix-date", help="When it was fixed (2026-11-21).")] = None,
    category: Annotated[Optional[str], typer.Option("--category", help="network, service, billing or other.")] = None,
    klass: Annotated[Optional[str], typer.Option("--class", help="valid or explained (the desk's judgement), or auto (back to the triage's).")] = None,
    symptom: Annotated[Optional[str], typer.Option("--symptom", help="The symptom id, when the triage read the words wrong.")] = None,
    followup: Annotated[Optional[str], typer.Option("--followup", help="The follow-up call: satisfied, unsatisfied or unreachable.")] = None,
    when: Annotated[Optional[str], typer.Option("--at", help="When this was done (default: now), e.g. a call logged afterwards.")] = None,
    fmt: Annotated[Optional[ShowFormat], typer.Option("--format", help="table or json.")] = None,
    db: DbOpt = None,
    user: UserOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Move a case along its steps, add a note, the fix and its date, category, class: each change kept in its history."""
    from ..cases import get_case, update_case
    from ..render.desk_emit import emit_case

    try:
        with opened(db, user) as log:
            found = get_case(log, case)
            changed = update_case(log, found.case_id, status=status, note=note_text, owner=owner, fix=fix, fix_date=fix_date,
                                  category=category, klass=klass, symptom=symptom, followup=followup, at=_moment(when))
        emit_case(changed, fmt.value if fmt else "table", None, resolve_lang(lang))
    except NetdiagError as error:
        fail(error, debug)


def _moment(text: str | None):
    """--at as a datetime, or None for now (update_case refuses a time after now)."""
    from ..cases.tickets import given_time

    return None if text is None else given_time(text, "--at")


from . import cases_analysis  # noqa: E402,F401  (registers recheck, hotspots, surges, report on cases_app)
