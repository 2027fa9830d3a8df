"""What a PM XML read gives: one block per measInfo/mi, and the report of what the read met."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd


MEAS_COLLEC = "measCollec"
MDC = "mdc"
NS_32435 = "http://www.3gpp.org/ftp/specs/archive/32_series/32.435#measCollec"
NS_32401 = "http://www.3gpp.org/ftp/specs/archive/32_series/32.401#measCollec"

KEY_COLUMNS = ("object", "cell", "cgi", "start_time", "period_min", "meas_info")

MAX_NOTES = 20


@dataclass
class PmReport:
    """What a read met, for `data inspect` to explain the files: counts, and a few notes."""

    files: int = 0
    blocks: int = 0
    rows: int = 0
    suspect_left_out: int = 0
    absent_values: int = 0
    non_numeric_values: int = 0
    bad_rows: int = 0
    formats: Counter[str] = field(default_factory=Counter)
    counters: dict[str, int] = field(default_factory=dict)  # counter name -> blocks that carry it
    offsets: Counter[str] = field(default_factory=Counter)  # "+08:00", "Z", "none" -> blocks
    periods: Counter[float] = field(default_factory=Counter)  # period in minutes -> blocks
    notes: list[str] = field(default_factory=list)

    def note(self, where: str, why: str) -> None:
        """Keep the first few `file:line: why` notes (the counts say how many there were)."""
        if len(self.notes) < MAX_NOTES:
            self.notes.append(f"{where}: {why}")

    def describe(self) -> list[str]:
        """One line per fact, in words, for `data inspect`."""
        lines = [
            f"{self.files} file(s) ({', '.join(f'{k} {v}' for k, v in sorted(self.formats.items()))}), "
            f"{self.blocks} block(s), {self.rows} object row(s)",
            f"periods: {', '.join(f'{_minutes_text(p)} min x{n}' for p, n in sorted(self.periods.items()))}",
            f"time offsets dropped (wall clock kept): {', '.join(f'{k} x{v}' for k, v in sorted(self.offsets.items()))}",
            f"{len(self.counters)} counter(s): {', '.join(self.counters)}",
            f"{self.suspect_left_out} suspect result(s) left out, {self.absent_values} absent value(s), "
            f"{self.non_numeric_values} non-numeric value(s) read as absent, {self.bad_rows} malformed row(s) skipped",
        ]
        return lines + self.notes


@dataclass
class PmBlock:
    """One measInfo (32.435) or mi (32.401): one period, one list of counters, one row per object."""

    source: str
    line: int
    meas_info: str | None
    start_time: datetime
    period_s: float
    offset: str | None
    counters: tuple[str, ...]
    objects: list[str]
    values: np.ndarray  # float64, len(objects) x len(counters); NaN = absent

    @property
    def period_min(self) -> float:
        """The granularity period in minutes."""
        return self.period_s / 60

    def to_frame(self) -> pd.DataFrame:
        """This block as a table with the key columns and one column per counter."""
        from .table import concat_blocks  # (table.py builds on this module)

        return concat_blocks([self], merge=False)


def _minutes_text(minutes: float) -> str:
    return str(int(minutes)) if minutes == int(minutes) else f"{minutes:g}"
