"""The complaint case log: each complaint from receipt to closing, in one SQLite file, and what it tells.

    log = open_log()                                  # default_db_path(): NETDIAG_DB or the user's data dir
    summary = import_tickets(log, tickets, triage=triage, cells=cells)
    update_case(log, case_id, status="acknowledged", owner="Li")
    frame = list_cases(log, status="received", overdue=True)
    report = monthly_report(cases_frame(log, columns=ANALYSIS_COLUMNS), "2026-11", subscribers=subs, cells=cells)

Triage is injected (a callable CaseInput -> TriageOutcome): the log's core never imports the
diagnosis code, the command line or any presentation. The wiring modules bring the rest of netdiag
in: `desk_triage` (triaging) makes the Triage callable of a data folder or store, `NetworkRecord`
(linking) links hotspots and surges to a scan's findings and the alarms, `recheck_case` (recheck)
compares a case's cells before and after its fix, and the commands' calls (actions: import_file,
take_case, hotspot_events, surge_events, report_of) put these together as `netdiag cases` does.
Names are imported on first use (PEP 562), so `import netdiag.cases` costs neither pandas nor scipy.
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
    "cell_directory": ".directory",
    "classify": ".classification",
    "Clock": ".clock",
    "default_db_path": ".paths",
    "desk_triage": ".triaging",
    "DeskTriage": ".triaging",
    "Events": ".actions",
    "Evidence": ".linking",
    "find_hotspots": ".hotspots",
    "find_surges": ".surges",
    "FixedClock": ".clock",
    "get_case": ".desk",
    "HistoryEntry": ".model",
    "Hotspot": ".hotspots",
    "hotspot_events": ".actions",
    "import_file": ".actions",
    "import_tickets": ".importer",
    "ImportSummary": ".importer",
    "list_cases": ".query",
    "monthly_report": ".report",
    "NetworkRecord": ".linking",
    "open_log": ".db",
    "read_subscribers": ".files",
    "read_tickets": ".files",
    "Recheck": ".recheck",
    "recheck_case": ".recheck",
    "remember_cells": ".directory",
    "Report": ".report",
    "report_of": ".actions",
    "Sla": ".model",
    "StatusError": ".model",
    "Surge": ".surges",
    "surge_events": ".actions",
    "SYSTEM_CLOCK": ".clock",
    "take_case": ".actions",
    "TriageOutcome": ".model",
    "update_case": ".desk",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
