"""netdiag: tells a GSM/GPRS radio engineer why a subscriber complains.

Data walks one way: io (files -> canonical frames) -> dataset -> measures -> rules -> diagnosis
(diagnose, triage, suspects) -> render; the command line (netdiag.cli) parses, calls one of these,
renders. The names below are loaded when first used.

    from pathlib import Path
    import netdiag

    inputs = netdiag.Inputs(data=Path("exports/"))
    result = netdiag.triage_request(inputs, netdiag.TriageRequest(symptom="经常掉话", cell="S0042B"))
    findings = netdiag.scan(inputs).findings
"""

from .lazy import lazy_api

__version__ = "0.1.0"

_EXPORTS = {
    "Complaint": ".diagnosis.triage",
    "DataError": ".errors",
    "Dataset": ".dataset.model",
    "Diagnosis": ".diagnosis.diagnose",
    "Inputs": ".diagnosis.source",
    "NetdiagError": ".errors",
    "RuleError": ".errors",
    "RuleSet": ".rules.loader",
    "SuspectList": ".diagnosis.suspects",
    "TriageRequest": ".diagnosis.request",
    "TriageResult": ".diagnosis.triage",
    "UsageError": ".errors",
    "build_dataset": ".dataset.complete",
    "diagnose": ".diagnosis.diagnose",
    "drive_test_suspects": ".diagnosis.suspects",
    "inspect_folder": ".dataset.inspect",
    "load_catalogue": ".catalogue",
    "load_counter_dictionary": ".io.counters",
    "load_dataset": ".dataset.load",
    "load_rules": ".rules.loader",
    "open_source": ".diagnosis.source",
    "profiled_rules": ".rules.profile",
    "rank_suspects": ".diagnosis.suspects",
    "read_complaints": ".diagnosis.tickets",
    "scan": ".diagnosis.scan",
    "triage": ".diagnosis.triage",
    "triage_request": ".diagnosis.request",
    "triage_tickets": ".diagnosis.batch",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
