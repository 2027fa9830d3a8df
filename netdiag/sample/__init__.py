"""Synthetic sample network: OMC-R style exports of an invented GSM/GPRS network with known faults,
and the accuracy harness that scores the rule base against them.

    generate_network(outdir, cells=600, hours=24, seed=7) -> truth frame
    generate_tickets(network_dir, outdir, seed=7) -> the surge's truth (the complaint desk's sample)
    write_vendor_network(outdir, "huawei" | "3gpp", ...) -> truth frame (the same network in vendor forms)
"""

from ..lazy import lazy_api

_EXPORTS = {
    "affected_cells": ".generate",
    "DEFAULT_CELLS": ".generate",
    "evaluate": ".accuracy",
    "FAULT_CAUSES": ".generate",
    "generate_network": ".generate",
    "generate_tickets": ".tickets",
    "SurgeTruth": ".tickets",
    "MIN_CELLS": ".generate",
    "VENDORS": ".vendor",
    "write_vendor_network": ".vendor",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
