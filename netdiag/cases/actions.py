"""The desk's commands as library calls: each `netdiag cases` command is one of these (or one of the
core's list_cases, get_case, update_case, recheck_case).

    summary = import_file(log, Path("tickets.xlsx"), inputs=Inputs(data=Path("exports/")))
    case = take_case(log, cell="S0042B", text="经常掉话", msisdn="13907100001", inputs=inputs)
    found = hotspot_events(log, days=7, inputs=inputs)      # each hotspot with the network's record of it
    found = surge_events(log, inputs=inputs)
    report = report_of(log, "2026-11", subscribers=Path("subscribers.csv"))

Where a command is given data (a folder or a store), the cells come from its configuration; without
it, from the log's cell directory (what the configuration said at the last import with data).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .db import CaseLog
from .desk import add_case, get_case
from .directory import cell_directory
from .hotspots import DEFAULT_DAYS, DEFAULT_MIN_COUNT, DEFAULT_RADIUS_M, Hotspot, find_hotspots
from .importer import ImportSummary, import_tickets
from .model import Case, Sla
from .query import ANALYSIS_COLUMNS, cases_frame
from .report import Report, monthly_report
from .surges import LEVELS, Surge, find_surges

if TYPE_CHECKING:  # (the diagnosis is imported where data is given: the report and the lists need none of it)
    from ..diagnosis.source import Inputs, Notes
    from .linking import Evidence

DEFAULT_HOURS = 12.0  # before a complaint's time (netdiag.dataset.window.DEFAULT_HOURS)


def _ignore(_: str) -> None:
    """Notes nobody reads."""


def import_file(
    log: CaseLog,
    path: Path,
    *,
    inputs: Inputs | None = None,
    lang: str = "en",
    window_hours: float = DEFAULT_HOURS,
    lexicons: Sequence[Path] = (),
    texts: Mapping[str, str] | None = None,
    encoding: str | None = None,
    user: str | None = None,
    now: datetime | None = None,
    on_note: Notes = _ignore,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """`netdiag cases import FILE`: tickets into the log, each triaged when `inputs` gives data.

    Rows the reader cannot take are refused as `file:line` with the reason; the rest go on.
    `progress(done, total)`: after each ticket triaged (of the file's tickets), else after each chunk written."""
    from .files import read_tickets
    from .triaging import desk_triage

    tickets, refused = read_tickets(path, encoding)
    triage = desk_triage(inputs, lang, window_hours, lexicons, on_note, texts) if inputs is not None else None
    cells = triage.cells if triage is not None else cell_directory(log)
    if triage is not None and progress is not None:
        triage = _counted(triage, len(tickets), progress)
    summary = import_tickets(log, tickets, triage, cells=cells, user=user, now=now, progress=progress,
                             read_symptom=symptom_reader(inputs, lang, lexicons))
    summary.refused[:0] = refused
    return summary


def symptom_reader(inputs: Inputs | None, lang: str = "en", lexicons: Sequence[Path] = ()) -> Callable[[str], str | None]:
    """The symptom id a subscriber's words name (None when they name none or several), by netdiag's
    lexicon (with the profile's phrases when `inputs` says where it is, and `lexicons`)."""
    from ..diagnosis.symptoms import SymptomQuestion, lexicon_for

    lexicon = lexicon_for(inputs.profile_path() if inputs is not None else None, tuple(lexicons))

    def read(words: str) -> str | None:
        try:
            return lexicon.resolve(words, lang)
        except SymptomQuestion:
            return None

    return read


def _counted(triage: Callable[[Any], Any], total: int, progress: Callable[[int, int], None]) -> Callable[[Any], Any]:
    done = 0

    def counted(ticket: Any) -> Any:
        nonlocal done
        out = triage(ticket)
        done += 1
        progress(min(done, total), total)
        return out

    return counted


def take_case(
    log: CaseLog,
    *,
    complaint_id: str | None = None,
    inputs: Inputs | None = None,
    lang: str = "en",
    window_hours: float = DEFAULT_HOURS,
    lexicons: Sequence[Path] = (),
    texts: Mapping[str, str] | None = None,
    user: str | None = None,
    now: datetime | None = None,
    on_note: Notes = _ignore,
    **ticket: Any,
) -> Case:
    """`netdiag cases add`: one case taken at the desk (fields as add_case's), triaged when `inputs`
    gives data; without a complaint id it gets `DESK-YYYYMMDD-HHMMSS` (the time it was taken)."""
    from .triaging import desk_triage

    now = now or log.clock.now()
    triage = desk_triage(inputs, lang, window_hours, lexicons, on_note, texts) if inputs is not None else None
    cells = triage.cells if triage is not None else cell_directory(log)
    complaint_id = complaint_id or _desk_id(log, now)
    case_id = add_case(log, complaint_id, triage=triage, cells=cells, user=user, now=now,
                       read_symptom=symptom_reader(inputs, lang, lexicons), **ticket)
    return get_case(log, case_id)


def _desk_id(log: CaseLog, now: datetime) -> str:
    base = f"DESK-{now:%Y%m%d-%H%M%S}"
    with log.read() as conn:
        taken = {r[0] for r in conn.execute("SELECT complaint_id FROM cases WHERE complaint_id LIKE ?", (base + "%",))}
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


# ------------------------------------------------------------------------------------------ events
@dataclass
class Events:
    """Hotspots or surges, each with the network's record of its place and time (None without data)."""

    kind: str  # hotspots | surges
    start: datetime  # the complaints looked at: received in [start, end)
    end: datetime
    cases: int
    items: list[tuple[Hotspot | Surge, Evidence | None]] = field(default_factory=list)
    with_data: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "start": self.start.isoformat(sep=" "), "end": self.end.isoformat(sep=" "), "cases": self.cases,
            self.kind: [{**item.as_dict(), **({"network": evidence.as_dict()} if evidence is not None else {})}
                        for item, evidence in self.items],
        }


def hotspot_events(
    log: CaseLog,
    *,
    days: float = DEFAULT_DAYS,
    end: datetime | str | None = None,
    radius_m: float = DEFAULT_RADIUS_M,
    min_count: int = DEFAULT_MIN_COUNT,
    inputs: Inputs | None = None,
    on_note: Notes = _ignore,
) -> Events:
    """`netdiag cases hotspots`: the hotspots of the `days` days up to `end` (default: the latest complaint)."""
    record, cells, cases, latest = _looking(log, inputs, on_note)
    stop = pd.Timestamp(end) if end is not None else latest
    spots = find_hotspots(cases, cells, end=stop, days=days, radius_m=radius_m, min_count=min_count)
    start = stop - pd.Timedelta(days=days)
    looked = int(((cases["received_at"] > start) & (cases["received_at"] <= stop)).sum())
    items = [(spot, record.for_hotspot(spot) if record is not None else None) for spot in spots]
    return Events("hotspots", start.to_pydatetime(), stop.to_pydatetime(), looked, items, record is not None)


def surge_events(
    log: CaseLog,
    *,
    end: date | datetime | str | None = None,
    days: int = 1,
    baseline_days: int = 28,
    alpha: float = 0.05,
    min_count: int = 3,
    levels: Sequence[str] = LEVELS,
    inputs: Inputs | None = None,
    on_note: Notes = _ignore,
) -> Events:
    """`netdiag cases surges`: surges on the `days` days ending `end` (default: the day of the latest complaint)."""
    record, cells, cases, latest = _looking(log, inputs, on_note)
    last = pd.Timestamp(end).normalize() if end is not None else latest.normalize()
    found = find_surges(cases, cells, end=last, days=days, baseline_days=baseline_days, alpha=alpha, min_count=min_count,
                        levels=tuple(levels))
    start, stop = last - pd.Timedelta(days=days - 1), last + pd.Timedelta(days=1)
    looked = int(((cases["received_at"] >= start) & (cases["received_at"] < stop)).sum())
    items = [(surge, record.for_surge(surge) if record is not None else None) for surge in found]
    return Events("surges", start.to_pydatetime(), stop.to_pydatetime(), looked, items, record is not None)


def _looking(log: CaseLog, inputs: Inputs | None, on_note: Notes):
    """What an analysis of events looks at: the network's record (with data), the cells (the data's, else the
    log's directory), the cases, and the latest complaint's time (now, for an empty log)."""
    from .linking import NetworkRecord

    record = NetworkRecord(inputs, on_note) if inputs is not None else None
    cells = record.cells if record is not None else cell_directory(log)
    cases = cases_frame(log, columns=ANALYSIS_COLUMNS)
    latest = cases["received_at"].max() if not cases.empty else pd.Timestamp(log.clock.now())
    return record, cells, cases, latest


# ------------------------------------------------------------------------------------------ report
def report_of(
    log: CaseLog,
    month: str,
    *,
    subscribers: Path | pd.DataFrame | None = None,
    cells: pd.DataFrame | None = None,
    sla: Sla | None = None,
    trend_months: int = 6,
    top: int = 10,
    show_msisdn: bool = False,
    encoding: str | None = None,
    now: datetime | None = None,
) -> Report:
    """`netdiag cases report`: the month's report over the whole log (earlier months for the trend and
    repeats). `cells` (default: the log's cell directory) places the cases in regions; `now` (default:
    the log's clock) judges the SLAs of cases still waiting."""
    sla = sla or Sla()
    if isinstance(subscribers, (str, Path)):
        from .files import read_subscribers

        subscribers = read_subscribers(Path(subscribers), encoding)
    if cells is None:
        cells = cell_directory(log)
    cases = cases_frame(log, columns=ANALYSIS_COLUMNS)
    return monthly_report(cases, month, subscribers=subscribers, cells=cells, sla_hours=sla.ack_hours, close_hours=sla.close_hours,
                          trend_months=trend_months, top=top, show_msisdn=show_msisdn, now=now or log.clock.now())
