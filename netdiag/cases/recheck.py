"""The re-check after a fix: a case's cells before against after its fix date, from a store (or a
data folder whose statistics span the fix).

    result = recheck_case(log, 42, Inputs(store=Path("store/")), days=7)
    result.verdict            # resolved | not_resolved | not_enough_data

Before: the `days` days ending the day before the fix date; after: the `days` days from the day
after it (the fix day itself is left out: the work happened some time during it). Each side reads
the statistics of the case's cells (the cells it involved and those its causes were found on) and,
from a store, only those with the network's context. The KPIs of the case (kpis.kpis_for) are
compared with significance (kpis.compare), and the rules are run on the after side to see whether
the case's data causes are still found there on its cells. The verdict (kpis.verdict) is written
to the case (its recheck field, with history) unless the data was not enough to judge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from ..dataset.model import Dataset
from ..diagnosis.diagnose import diagnose
from ..diagnosis.source import Inputs, Notes, ignore
from ..errors import UsageError
from ..io.schema import COUNTER_TABLES
from .classification import cause_kinds
from .db import CaseLog
from .desk import get_case, update_case
from .kpis import DEFAULT_ALPHA, KpiChange, compare, kpis_for, verdict
from .linking import narrowed

DEFAULT_DAYS = 7
TABLES = ("cell_kpi", "gprs_kpi")


@dataclass
class Recheck:
    case_id: int
    complaint_id: str
    verdict: str
    fix_date: date
    cells: list[str]
    before: tuple[date, date]  # the days asked for on each side
    after: tuple[date, date]
    before_days: int  # days with statistics of the cells
    after_days: int
    changes: list[KpiChange] = field(default_factory=list)
    causes_before: list[str] = field(default_factory=list)  # the case's data causes
    causes_after: list[str] | None = None  # those found again after the fix (None: not looked for)
    alpha: float = DEFAULT_ALPHA
    saved: bool = False

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out.update(
            fix_date=self.fix_date.isoformat(), before=[d.isoformat() for d in self.before],
            after=[d.isoformat() for d in self.after], changes=[c.as_dict() for c in self.changes],
        )
        return out


def recheck_case(
    log: CaseLog,
    case: int | str,
    inputs: Inputs,
    *,
    days: int = DEFAULT_DAYS,
    alpha: float = DEFAULT_ALPHA,
    save: bool = True,
    user: str | None = None,
    now: datetime | None = None,
    on_note: Notes = ignore,
) -> Recheck:
    """Judge whether the fix of `case` (case_id or complaint_id) worked; see the module's docstring."""
    if days < 1:
        raise UsageError("--days: at least 1")
    inputs.check()
    found = get_case(log, case)
    if found.fix_date is None:
        raise UsageError(f"case {found.case_id} has no fix date: set it with netdiag cases update {found.case_id} --fix-date DATE")
    kinds = cause_kinds()
    data_causes = list(dict.fromkeys(c["cause"] for c in found.causes if (c.get("kind") or kinds.get(c["cause"], "data")) == "data"))
    cause_cells = [c.get("cell") for c in found.causes if c.get("cell") and c["cause"] in data_causes]
    cells = list(dict.fromkeys(c for c in [found.cell, *found.cells, *cause_cells] if c))
    if not cells:
        raise UsageError(f"case {found.case_id} names no cell to re-check")
    fix = found.fix_date
    before = (fix - timedelta(days=days), fix - timedelta(days=1))
    after = (fix + timedelta(days=1), fix + timedelta(days=days))
    folder = inputs.dataset(on_note) if inputs.store is None else None
    side_before = _side(inputs, folder, cells, *before)
    side_after = _side(inputs, folder, cells, *after)
    comparison = compare(_rows(side_before, cells), _rows(side_after, cells), kpis_for(found.symptom, data_causes), alpha)
    causes_after = None
    if side_after is not None and _days_with_statistics(side_after, cells):
        causes_after = _found_again(side_after, inputs, data_causes, cells, on_note)
    result = Recheck(
        case_id=found.case_id, complaint_id=found.complaint_id, verdict=verdict(comparison, data_causes, causes_after),
        fix_date=fix, cells=cells, before=before, after=after,
        before_days=_days_with_statistics(side_before, cells), after_days=_days_with_statistics(side_after, cells),
        changes=comparison.changes, causes_before=data_causes, causes_after=causes_after, alpha=alpha,
    )
    if save and result.verdict != "not_enough_data":
        update_case(log, found.case_id, recheck=result.verdict, user=user, now=now)
        result.saved = True
    return result


def _side(inputs: Inputs, folder: Dataset | None, cells: list[str], first: date, last: date) -> Dataset | None:
    """The statistics of `cells` over the days first..last (None when the store holds none of those days)."""
    start, end = pd.Timestamp(first), pd.Timestamp(last) + pd.Timedelta(days=1)
    if folder is None:
        from ..store import load_store
        from ..store.manifest import read_manifest

        manifest = read_manifest(inputs.store)
        held = sorted(d for t in COUNTER_TABLES for d in manifest.partitions.get(t, {}) if first.isoformat() <= d <= last.isoformat())
        if not held:
            return None
        until = date.fromisoformat(held[-1])
        return load_store(inputs.store, days=(until - first).days + 1, until=until, cells=cells)
    return narrowed(folder, start, end)


def _rows(side: Dataset | None, cells: list[str]) -> dict[str, pd.DataFrame]:
    if side is None:
        return {}
    out = {}
    for name in TABLES:
        if side.has(name):
            frame = side[name]
            out[name] = frame[frame["cell"].astype(object).isin(cells)]
    return out


def _days_with_statistics(side: Dataset | None, cells: list[str]) -> int:
    rows = _rows(side, cells).get("cell_kpi")
    return 0 if rows is None or rows.empty else int(rows["start_time"].dt.normalize().nunique())


def _found_again(side: Dataset, inputs: Inputs, causes: list[str], cells: list[str], on_note: Notes) -> list[str]:
    if not causes:
        return []
    findings = diagnose(side, inputs.rule_base(on_note)).findings
    if findings.empty:
        return []
    here = findings["cell"].astype(object).isin(cells) | (findings["cell"].isna() & findings["bsc"].astype(object).isin(_bscs(side, cells)))
    return sorted(set(findings.loc[here & findings["cause"].isin(causes), "cause"]))


def _bscs(side: Dataset, cells: list[str]) -> list[str]:
    config = side["cells"]
    return sorted(set(config.loc[config["cell"].astype(object).isin(cells), "bsc"].dropna().astype(str)))
