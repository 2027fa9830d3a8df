"""The field suite: a second scenario generator, written to break the rule base rather than to fit it.

The lab generator (`netdiag.sample`) and the rules grew up together, so its networks only measure
their consistency. This package is written apart from both, from the documents alone (formats.md,
causes.yaml, the field notes): its own topology, traffic model and fault scenarios, sharing nothing
with the lab's knobs or injectors but the plain CSV writer. Its networks are meant to look like the
exports of a real region rather than a tidy city:

- two or three days of 15-minute periods, one of them weekend-like;
- a dense urban core and a rural third of the cells with 5-10 x less traffic (quiet periods at night
  are normal there), some urban cells with a deliberately limited TA;
- healthy baselines with heavy tails (drop, congestion and failure rates spread up to the usual
  thresholds, bursts, mild interference now and then), still normal by them;
- faults that start and stop (a cell hung since yesterday evening), whose effects reach only the
  cells that really take the displaced traffic or fail handovers towards them;
- a missing optional table on some networks, messy presentations on others;
- two faults in one complaint's scope where the symptom decides which comes first;
- complaints by cell, by time and by spot, some at the edge of coverage.

    generate_field_network(outdir, seed) -> FieldTruth (faults, complaints)
"""

from ...lazy import lazy_api

_EXPORTS = {
    "FieldTruth": ".suite",
    "generate_field_network": ".suite",
    "score_field_network": ".score",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
