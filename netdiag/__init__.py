"""netdiag: tells a GSM/GPRS radio engineer why a subscriber complains.

The library flows one way: read (load_dataset) -> measures -> rules (diagnose) -> triage / scan.
The command line (netdiag.cli) only parses arguments and renders what these return.
"""

from .catalogue import load_catalogue
from .dataset import Dataset, build_dataset, load_dataset
from .diagnosis import Complaint, TriageResult, triage
from .errors import DataError, NetdiagError, RuleError, UsageError
from .rules.engine import Diagnosis, diagnose
from .rules.loader import RuleSet, load_rules

__version__ = "0.1.0"

__all__ = [
    "Complaint",
    "DataError",
    "Dataset",
    "Diagnosis",
    "NetdiagError",
    "RuleError",
    "RuleSet",
    "TriageResult",
    "UsageError",
    "build_dataset",
    "diagnose",
    "load_catalogue",
    "load_dataset",
    "load_rules",
    "triage",
]
