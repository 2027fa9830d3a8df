"""The complaint case log: each complaint from receipt to closing, in one SQLite file, and what it tells.

    log = open_log()                                  # default_db_path(): NETDIAG_DB or the user's data dir
    summary = import_tickets(log, tickets, triage=triage, cells=cells)
    update_case(log, case_id, status="acknowledged", owner="Li")
    frame = list_cases(log, status="received", overdue=True)
    report = monthly_report(cases_frame(log, columns=ANALYSIS_COLUMNS), "2026-11", subscribers=subs, cells=cells)

Triage is injected (a callable CaseInput -> TriageOutcome): this package never imports the
diagnosis code, the command line or any presentation. Names are imported on first use (PEP 562),
so `import netdiag.cases` costs neither pandas nor scipy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = [
    "ANALYSIS_COLUMNS",
    "AUTO",
    "Case",
    "CaseInput",
    "CaseLog",
    "Clock",
    "FixedClock",
    "HistoryEntry",
    "Hotspot",
    "ImportSummary",
    "LABELS",
    "Report",
    "SYSTEM_CLOCK",
    "Sla",
    "StatusError",
    "Surge",
    "TriageOutcome",
    "add_case",
    "cases_frame",
    "classify",
    "default_db_path",
    "find_hotspots",
    "find_surges",
    "get_case",
    "import_tickets",
    "list_cases",
    "monthly_report",
    "open_log",
    "update_case",
]

_WHERE = {
    "AUTO": "desk", "add_case": "desk", "get_case": "desk", "update_case": "desk",
    "Case": "model", "CaseInput": "model", "HistoryEntry": "model", "Sla": "model", "StatusError": "model",
    "TriageOutcome": "model",
    "CaseLog": "db", "open_log": "db",
    "Clock": "clock", "FixedClock": "clock", "SYSTEM_CLOCK": "clock",
    "ImportSummary": "importer", "import_tickets": "importer",
    "ANALYSIS_COLUMNS": "query", "cases_frame": "query", "list_cases": "query",
    "classify": "classification",
    "default_db_path": "paths",
    "Hotspot": "hotspots", "find_hotspots": "hotspots",
    "Surge": "surges", "find_surges": "surges",
    "Report": "report", "monthly_report": "report",
    "LABELS": "labels",
}

if TYPE_CHECKING:
    from .classification import classify
    from .clock import SYSTEM_CLOCK, Clock, FixedClock
    from .db import CaseLog, open_log
    from .desk import AUTO, add_case, get_case, update_case
    from .hotspots import Hotspot, find_hotspots
    from .importer import ImportSummary, import_tickets
    from .labels import LABELS
    from .model import Case, CaseInput, HistoryEntry, Sla, StatusError, TriageOutcome
    from .paths import default_db_path
    from .query import ANALYSIS_COLUMNS, cases_frame, list_cases
    from .report import Report, monthly_report
    from .surges import Surge, find_surges


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
