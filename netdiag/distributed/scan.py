"""A scan in two passes over BSC partitions: first the network context, then the findings.

Pass 1: each partition sums its part of the network context (measures.context.context_parts), and
one task works out the radio plan of the shared configuration; the client combines them into one
NetworkContext. Pass 2: each partition is diagnosed with that context and keeps the findings of its
own BSCs; the client puts them in report order. The result is the findings frame of `diagnose` over
the whole dataset, row for row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from ..dataset.model import Dataset
from ..dataset.context import ContextParts, NetworkContext
from ..measures.context import combine, context_parts, network_context
from ..measures.radio import radio_plan
from ..rules.engine import FINDING_COLUMNS, ranked
from ..diagnosis.diagnose import Diagnosis, diagnose
from ..diagnosis.scan import network_findings
from ..diagnosis.source import Inputs, Notes, ignore, skipped_notes
from ..rules.loader import RuleSet
from .store import diagnose_store_distributed
from .partition import Split, owned, partition_dataset, present_tables, shared_tables, split_by_bsc

if TYPE_CHECKING:  # dask is optional: imported by the caller that has a client
    from distributed import Client

Overrides = Mapping[str, Mapping[str, object]] | None
Partitions = int | Mapping[str, int] | None


def diagnose_distributed(ds: Dataset, rules: RuleSet, client: Client, partitions: Partitions = None,
                         overrides: Overrides = None) -> Diagnosis:
    """`diagnose(ds, rules)` on a Dask cluster: one task per partition of whole BSCs.

    `partitions`: how many (default: the cluster's worker threads), or the partition of each BSC.
    The returned Diagnosis has the findings and skipped rules of the whole network but no measure
    frames (they stay on the workers).
    """
    # The shared configuration goes out first, so that a worker works out the radio plan while the
    # client is still splitting and sending the partitions.
    [shared] = client.scatter([shared_tables(ds)], broadcast=True, hash=False)
    plan = client.submit(shared_plan, shared, present_tables(ds), pure=False)
    split = split_by_bsc(ds, partitions or sum(client.nthreads().values()) or 1)
    parts = client.scatter(split.parts, hash=False)
    group, present = split.group, split.present
    del split  # the partitioned copy lives on the workers now
    summed = client.gather([client.submit(part_context, part, shared, present, pure=False) for part in parts])
    context = dataclasses.replace(network_context(combine(summed)), radio_plan=plan.result())
    context_there, rules_there = client.scatter([context, rules], broadcast=True, hash=False)
    results = client.gather([
        client.submit(part_findings, part, shared, present, context_there, rules_there, overrides, group, index,
                      pure=False)
        for index, part in enumerate(parts)
    ])
    return _gathered(ds, results)


def diagnose_in_parts(ds: Dataset, rules: RuleSet, partitions: Partitions, overrides: Overrides = None) -> Diagnosis:
    """The same two passes one partition after another in this process (no Dask needed)."""
    split = split_by_bsc(ds, partitions or 1)
    context = network_context(combine(
        part_context(part, split.shared, split.present) for part in split.parts
    ))
    context = dataclasses.replace(context, radio_plan=shared_plan(split.shared, split.present))
    return _gathered(ds, [_findings(split, index, context, rules, overrides) for index in range(len(split.parts))])


def part_context(part: dict[str, pd.DataFrame], shared: dict[str, pd.DataFrame], present: frozenset[str]) -> ContextParts:
    """Pass 1 on a worker: the partition's additive share of the network context."""
    return context_parts(partition_dataset(part, shared, present))


def shared_plan(shared: dict[str, pd.DataFrame], present: frozenset[str]) -> pd.DataFrame:
    """Pass 1, once: what the shared configuration says of every cell (sites, frequency reuse)."""
    return radio_plan(partition_dataset({}, shared, present))


def part_findings(part: dict[str, pd.DataFrame], shared: dict[str, pd.DataFrame], present: frozenset[str],
                  context: NetworkContext, rules: RuleSet, overrides: Overrides, group: dict[str, int],
                  index: int) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    """Pass 2 on a worker: the partition diagnosed against the network context; its own findings.

    Findings that a more specific cause on the same cell explains are already gone: a cell's
    findings all come from its own partition.
    """
    diagnosis = diagnose(partition_dataset(part, shared, present, context), rules, overrides)
    return owned(diagnosis.findings, group, index), diagnosis.skipped


def _findings(split: Split, index: int, context: NetworkContext, rules: RuleSet, overrides: Overrides):
    return part_findings(split.parts[index], split.shared, split.present, context, rules, overrides, split.group, index)


def _gathered(ds: Dataset, results: list[tuple[pd.DataFrame, list[dict[str, object]]]]) -> Diagnosis:
    found = [findings for findings, _ in results if not findings.empty]
    findings = ranked(pd.concat(found, ignore_index=True)) if found else pd.DataFrame(columns=FINDING_COLUMNS)
    # Every partition has the network's tables, so each skips the same rules; a rule may fail on
    # one partition's data only: listed once.
    skipped: dict[object, dict[str, object]] = {}
    for _, part in results:
        for entry in part:
            skipped.setdefault(entry["rule"], entry)
    return Diagnosis(findings=findings, skipped=list(skipped.values()), dataset=ds, measures={})


def scan_on_cluster(inputs: Inputs, workers: int | None = None, scheduler: str | None = None,
                    on_note: Notes = ignore) -> Diagnosis:
    """`scan --workers N` / `--scheduler ADDRESS`: a data folder is read here, on the client, and the
    partitions, the network context and the compiled rules go to the workers; a store's partitions
    are read by the workers themselves (distributed.store), the client reading only its manifest,
    configuration, alarms and day summaries."""
    from .cluster import dask_client

    # The cluster first: a wrong option or address, or no Dask installed, fails before the data is read.
    with dask_client(workers=workers, scheduler=scheduler) as client:
        threads = sum(client.nthreads().values())
        if inputs.store is not None:  # each worker reads its own partitions from the store
            inputs.check()
            ruleset = inputs.rule_base(on_note)
            on_note(f"note: scanning on Dask ({scheduler or 'local cluster'}): {len(client.nthreads())} workers, "
                    f"{threads} threads, each reading its partitions of whole BSCs from {inputs.store}")
            diagnosis = network_findings(diagnose_store_distributed(inputs, ruleset, client, on_note=on_note))
        else:
            dataset, ruleset = inputs.open(on_note)
            on_note(f"note: scanning on Dask ({scheduler or 'local cluster'}): {len(client.nthreads())} workers, "
                    f"{threads} threads, partitions of whole BSCs")
            diagnosis = network_findings(diagnose_distributed(dataset, ruleset, client))
    for line in skipped_notes(diagnosis.skipped):
        on_note(line)
    return diagnosis
