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

from ..lazy import lazy_api

_EXPORTS = {
    "add_case": ".desk",
    "ANALYSIS_COLUMNS": ".query",
    "AUTO": ".desk",
    "Case": ".model",
    "CaseInput": ".model",
    "CaseLog": ".db",
    "cases_frame": ".query",
    "classify": ".classification",
    "Clock": ".clock",
    "default_db_path": ".paths",
    "find_hotspots": ".hotspots",
    "find_surges": ".surges",
    "FixedClock": ".clock",
    "get_case": ".desk",
    "HistoryEntry": ".model",
    "Hotspot": ".hotspots",
    "import_tickets": ".importer",
    "ImportSummary": ".importer",
    "list_cases": ".query",
    "monthly_report": ".report",
    "open_log": ".db",
    "Report": ".report",
    "Sla": ".model",
    "StatusError": ".model",
    "Surge": ".surges",
    "SYSTEM_CLOCK": ".clock",
    "TriageOutcome": ".model",
    "update_case": ".desk",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
