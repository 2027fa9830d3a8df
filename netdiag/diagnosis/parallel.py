"""A diagnosis on two cores: the measure levels shared between this process and a forked one.

After the load, a scan's work is the measures of each level and the rules over them, and the levels
are independent once the network context (baselines, busy periods, target load) is worked out. A
process forked from this one (inheriting the dataset copy-on-write: nothing is pickled but the
context and the radio plan crossing and the findings coming back) works out the radio plan, sent
here, and with the context from here the adjacency, A interface, TRX, BSC and LAC levels and their
rules, while this process works out the context and the cell level, which asks for the radio plan
last (by when it has come). Each sends in a thread of its own, so neither waits for the other to read.
The rules' results are put back in the rule base's order and finished as `evaluate` finishes them,
so the findings are those of `diagnose`, row for row.

Measured at 20,000 cells (seconds of one core): context 0.3, radio plan 0.47; cell 0.9 without the
plan, adjacency 0.62, TRX 0.31, A interface 0.28, BSC and LAC 0.07; the cell rules 0.6, the others
0.3. After the load, 3.0 s of one core became about 1.7 s here (context, cell level and its rules)
and 1.7 s in the fork (radio plan, its levels and rules), the two side by side (neither waits for the
other: the plan comes as the cell level asks for it). Two parts is what the levels allow (the cell
level and its rules alone are half): more cores do not make it faster.

Only on Linux (the "fork" start method, safe there); elsewhere, and for networks too small
to gain what a fork costs, the diagnosis stays in this process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Mapping

from ..dataset.context import context_plan
from ..dataset.model import Dataset
from ..errors import DataError
from ..measures.compute import compute, level_groups
from ..measures.context import context_parts, network_context
from ..measures.radio import radio_plan
from ..memory import release_memory
from ..rules.engine import RuleResult, gathered_findings, rule_result, runnable_rules
from ..rules.loader import RuleSet
from .diagnose import Diagnosis, diagnose

Overrides = Mapping[str, Mapping[str, object]] | None

# The levels the forked process works out; the others (among them every level judged over
# stretches, whose frames the explained findings are checked on) stay here.
FORKED_LEVELS = frozenset({"adjacency", "circuit", "circuit_group", "trx", "bsc", "lac"})
# Below this many statistics rows (about 400 cells over a day of hours) the second core saves too
# little to be worth a second process. Measured (CPU of this process, the critical path when the
# other core is free): 200 cells 1.52 -> 1.40 s, 600 cells 1.67 -> 1.45 s, 2,000 cells 2.20 ->
# 1.91 s, 20,000 cells 6.33 -> 5.11 s; the fork itself spends 0.25 s of the other core at 200 cells.
MIN_FORKED_ROWS = 50_000
STATISTICS = ("cell_kpi", "trx_kpi", "gprs_kpi", "adjacency_ho", "a_circuits", "a_circuit_state", "sccp", "gpu_kpi")


def can_fork() -> bool:
    """Linux only: macOS has fork, but its system libraries (Accelerate, Objective-C) are not safe
    in a forked child of a process that used them; Python itself no longer forks there by default."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def usable_cores() -> int:
    """The cores this process may run on (its affinity, e.g. a container's or taskset's share)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def busy_cores() -> float:
    """The cores other work keeps busy: the 1-minute load average (0 where the system has none)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0


def auto_jobs(ds: Dataset) -> int:
    """Processes for a scan of `ds`: 2 where there are 2 usable cores, not all of them busy, fork
    exists and the network is large enough to gain; else 1. On a machine whose cores are all busy
    (the load average at or above them) the second process only takes turns with the first: measured
    at 20,000 cells beside a test suite (load 9-16 on 2 cores), 15.0 s with two against 13.8 s."""
    cores = usable_cores()
    if not can_fork() or cores < 2 or busy_cores() >= cores:
        return 1
    rows = sum(len(ds.tables[name]) for name in STATISTICS if name in ds.tables)
    return 2 if rows >= MIN_FORKED_ROWS else 1


def diagnose_forked(ds: Dataset, rules: RuleSet, overrides: Overrides = None, jobs: int | None = None) -> Diagnosis:
    """`diagnose(ds, rules, overrides)` with `jobs` processes (None: `auto_jobs`); the same findings
    and skipped rules. The Diagnosis holds the measures of the levels worked out in this process."""
    jobs = auto_jobs(ds) if jobs is None else jobs
    if jobs < 1:
        raise ValueError("jobs: at least 1")
    runnable, skipped = runnable_rules(ds, rules)
    forked = [i for i, rule in enumerate(runnable) if rule.rule.level in FORKED_LEVELS]
    if jobs == 1 or not forked or len(forked) == len(runnable) or not can_fork():
        return diagnose(ds, rules, overrides)
    here = [i for i in range(len(runnable)) if i not in set(forked)]
    with _Worker(_forked_part, ds, runnable, forked, overrides) as worker:
        context = ds.context if ds.context is not None else network_context(context_parts(ds))
        worker.send_later(context)
        plan = _Received(worker)  # (the cell level asks for it last, in radio_features)
        measured = dataclasses.replace(ds, context=dataclasses.replace(context, radio_plan=plan))
        measures, mine = _results(measured, runnable, here, overrides)
        plan()  # (sent first: read before the findings, whether a measure here asked for it or not)
        theirs = worker.receive()
    by_index = {**dict(zip(here, mine)), **dict(zip(forked, theirs))}
    failed: list[dict[str, object]] = []
    findings = gathered_findings(runnable, [by_index[i] for i in range(len(runnable))], measures, overrides, failed)
    return Diagnosis(findings=findings, skipped=skipped + failed, dataset=ds, measures=measures)


def _forked_part(channel, ds: Dataset, runnable: list, indices: list[int], overrides: Overrides) -> list[RuleResult]:
    """In the worker: the radio plan (what the configuration alone says, 0.5 s at 20,000 cells) sent
    to the parent, then, with the network context received, the results of its rules."""
    plan = context_plan(ds.context)
    if plan is None:
        plan = radio_plan(ds)
    sending = _sent_in_thread(channel, ("ok", plan))
    context = channel.recv()
    sending.join()  # (before the findings are written on the same channel)
    return _results_by_level(dataclasses.replace(ds, context=dataclasses.replace(context, radio_plan=plan)), runnable, indices, overrides)


class _Received:
    """The worker's radio plan, received when first asked for (then kept; pickled as the plan)."""

    def __init__(self, worker: _Worker) -> None:
        self._worker: _Worker | None = worker
        self._plan = None

    def __call__(self):
        if self._worker is not None:
            self._plan, self._worker = self._worker.receive(), None
        return self._plan

    def __reduce__(self):
        return (_plan_itself, (self(),))


def _plan_itself(plan):
    return plan


def _results(ds: Dataset, runnable: list, indices: list[int], overrides: Overrides) -> tuple[dict, list[RuleResult]]:
    """The measures of these rules' levels and each rule's result (findings or failure)."""
    measures = compute(ds, {runnable[i].rule.level for i in indices})
    return measures, [rule_result(runnable[i], measures, overrides) for i in indices]


def _results_by_level(ds: Dataset, runnable: list, indices: list[int], overrides: Overrides) -> list[RuleResult]:
    """Each rule's result, a level at a time: its measures worked out, its rules run, its frames let
    go before the next level's (the fork holds one level's measures at a time, not all of them, beside
    this process's: at 20,000 cells the two processes' memory together peaked 0.94 GB, 3.2x the
    inputs' Arrow size, with the fork holding every level to the end)."""
    results: dict[int, RuleResult] = {}
    for group in level_groups({runnable[i].rule.level for i in indices}):
        measures = compute(ds, group)
        results.update({i: rule_result(runnable[i], measures, overrides) for i in indices if runnable[i].rule.level in group})
        del measures
        release_memory()
    return [results[i] for i in indices]


class _Worker:
    """One forked process running `function(channel, *args)`, which may exchange messages with this
    one on `channel` (`send_later` / `receive` here) before its result (or exception) comes back.

    Leaving the block ends the process if it still runs (this process failed or was interrupted);
    a worker that dies without answering is an error, never a wait."""

    def __init__(self, function, *args) -> None:
        context = multiprocessing.get_context("fork")
        self._channel, self._theirs = context.Pipe(duplex=True)
        self._process = context.Process(target=_work, args=(self._theirs, os.getpid(), function, args), daemon=True)
        self._sending: threading.Thread | None = None

    def __enter__(self) -> _Worker:
        self._process.start()
        self._theirs.close()  # only the worker holds its end: its closing is the worker's end
        return self

    def send_later(self, value: object) -> None:
        """Send `value` in a thread: this process goes on while the worker is busy before reading it.
        A worker gone before it read is told by `receive`."""
        self._sending = _sent_in_thread(self._channel, value)

    def receive(self):
        try:
            status, value = self._channel.recv()
        except (EOFError, OSError):
            self._process.join()
            raise DataError(f"the forked scan process ended without its findings (exit code {self._process.exitcode})") from None
        if status == "error":
            raise value
        return value

    def __exit__(self, *exc: object) -> None:
        if self._process.is_alive() and exc[0] is not None:
            self._process.terminate()
        self._process.join()
        if self._sending is not None:
            self._sending.join()  # (the worker's end is closed: the send has ended either way)
        self._channel.close()


def _sent_in_thread(channel, value: object) -> threading.Thread:
    """`value` being sent on `channel` by a thread of its own (started; join it before the channel
    carries anything else): the sender goes on while the peer is busy before reading."""
    sending = threading.Thread(target=_send_quietly, args=(channel, value), name="netdiag-send", daemon=True)
    sending.start()
    return sending


def _send_quietly(channel, value: object) -> None:
    """Send, in a thread: a peer gone before it read is told on the receiving side (an error, its
    exit code), not here."""
    try:
        channel.send(value)
    except OSError:
        pass


def _work(writer, parent: int, function, args) -> None:
    """In the forked process: the work, its result or exception written back; Ctrl-C ends it quietly
    (the parent, in the same process group, has it too) and so does its parent's death."""
    _die_with_parent(parent)
    try:
        value = ("ok", function(writer, *args))
    except KeyboardInterrupt:
        os._exit(130)
    except BaseException as error:  # noqa: BLE001 - sent back to be raised where the scan was asked for
        error.add_note(f"in the forked scan process:\n{traceback.format_exc()}")  # shown by --debug
        value = ("error", error)
    try:
        writer.send(value)
    except Exception as error:  # noqa: BLE001 - an exception that cannot be pickled: its text
        writer.send(("error", RuntimeError(f"{type(value[1]).__name__}: {value[1]}" if value[0] == "error" else str(error))))
    writer.close()


def _die_with_parent(parent: int) -> None:
    """Linux: SIGTERM to this process when its parent dies (killed before it could end it)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # died already, between the fork and the prctl
        os._exit(1)
