"""Diagnosis: findings of a dataset, a complaint triaged (located, its words read, its causes
ranked), tickets in a batch, the drive-test suspect list, and where their inputs come from."""

from ..lazy import lazy_api

_EXPORTS = {
    "CellLocator": ".locate",
    "Complaint": ".triage",
    "complaint_from_row": ".tickets",
    "diagnose": ".diagnose",
    "diagnose_forked": ".parallel",
    "Diagnosis": ".diagnose",
    "drive_test_suspects": ".suspects",
    "Inputs": ".source",
    "Lexicon": ".symptoms",
    "load_lexicon": ".symptoms",
    "open_source": ".source",
    "parse_spot": ".locate",
    "rank_suspects": ".suspects",
    "read_complaints": ".tickets",
    "resolve_symptom": ".symptoms",
    "scan": ".scan",
    "Spot": ".locate",
    "spot_towards": ".locate",
    "SuspectList": ".suspects",
    "SymptomQuestion": ".symptoms",
    "TicketBatch": ".batch",
    "triage": ".triage",
    "triage_request": ".request",
    "triage_tickets": ".batch",
    "Triager": ".batch",
    "TriageRequest": ".request",
    "TriageResult": ".triage",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
