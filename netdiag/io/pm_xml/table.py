"""Blocks put together as one table: the key columns, then one column per counter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .model import PmBlock
from .names import cell_and_cgi


def concat_blocks(blocks: Iterable[PmBlock], *, merge: bool = True) -> pd.DataFrame:
    """Blocks as one table: the key columns, then every counter seen (in the order first seen).

    With `merge` the rows of one object and period from several blocks (a file's measInfo blocks
    split the counters of a cell) become one row; where two blocks give the same counter the first
    value that is not absent wins, and ``meas_info`` lists the blocks' ids joined by ``+``. Without,
    every block row stays a row of its own.
    """
    stack = BlockStack()
    for block in blocks:
        stack.add(block)
    return stack.frame(merge)


@dataclass
class Repeats:
    """Values reported twice for one object and period (two files, or two blocks of one file): the
    first read is kept, the others are left out."""

    rows: int = 0  # rows with a value reported twice
    values: int = 0
    example: str | None = None  # `object start`: kept from one source, left out from another
    kept: str | None = None
    left_out: str | None = None


@dataclass
class Stacked:
    """Stacked blocks as arrays: per row its object (a code into `names`), start (us since 1970, wall
    time), period (s) and measInfo bits; `values` is counters x rows."""

    codes: np.ndarray
    names: list[str]
    starts: np.ndarray
    periods: np.ndarray
    masks: np.ndarray
    values: np.ndarray
    counters: list[str]


class BlockStack:
    """Blocks reduced to arrays as they come (object names coded once), then put together in one go."""

    def __init__(self) -> None:
        self.repeats = Repeats()
        self.sources: dict[str, int] = {}  # a block's source (file) -> code
        self.object_codes: dict[str, int] = {}
        self.counters: dict[str, int] = {}  # counter -> output column, in order of first sight
        self.infos: dict[str | None, int] = {}  # measInfoId -> bit, in order of first sight
        self.columns: dict[tuple[str, ...], np.ndarray] = {}  # a block's counters -> their output columns
        # per block: object codes, start (us since 1970, wall time), period (s), measInfo bit, columns, values
        self.blocks: list[tuple[np.ndarray, int, float, int, np.ndarray, np.ndarray]] = []
        self.block_sources: list[int] = []
        self._last_objects: list[str] = []  # the last block's objects, and their codes: a file's blocks share them
        self._last_coded = np.empty(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.blocks)

    def add(self, block: PmBlock) -> None:
        """Keep a block's numbers; its list of object names is not kept."""
        if block.objects == self._last_objects:
            coded = self._last_coded
        else:
            codes = self.object_codes
            known = list(map(codes.get, block.objects))  # (objects seen before: the usual case, without a Python loop)
            if None in known:
                known = [codes.setdefault(obj, len(codes)) for obj in block.objects]
            coded = np.array(known, dtype=np.int64)
            self._last_objects, self._last_coded = block.objects, coded
        columns = self.columns.get(block.counters)
        if columns is None:
            columns = np.array([self.counters.setdefault(c, len(self.counters)) for c in block.counters], dtype=np.int64)
            self.columns[block.counters] = columns
        start = int(np.datetime64(block.start_time, "us").astype(np.int64))
        info = self.infos.setdefault(block.meas_info, len(self.infos))
        self.blocks.append((coded, start, block.period_s, info, columns, block.values))
        self.block_sources.append(self.sources.setdefault(block.source, len(self.sources)))

    def frame(self, merge: bool) -> pd.DataFrame:
        """The table: rows in block order, merged by (object, start, period) when asked."""
        stacked = self.arrays(merge)
        return self._table(stacked.codes, stacked.starts, stacked.periods, _joined_ids(stacked.masks, list(self.infos)),
                           stacked.values)

    def arrays(self, merge: bool) -> Stacked:
        """The table as arrays (what frame() makes a DataFrame of); the blocks are let go."""
        counts = np.array([len(b[0]) for b in self.blocks], dtype=np.int64)
        codes = np.concatenate([b[0] for b in self.blocks]) if self.blocks else np.empty(0, dtype=np.int64)
        # per block (not per row: a block's rows share them): its start, period, and the two as one code
        block_starts = np.array([b[1] for b in self.blocks], dtype=np.int64)
        block_periods = np.array([b[2] for b in self.blocks], dtype=np.float64)
        if merge and len(codes):
            times: dict[tuple[int, float], int] = {}
            block_times = np.array([times.setdefault((b[1], b[2]), len(times)) for b in self.blocks], dtype=np.int64)
            keys = codes * len(times)
            keys += np.repeat(block_times, counts)
            out_row, _ = pd.factorize(keys)  # numbered in order of first sight
            del keys
            first = _first_sights(out_row)
        else:
            out_row = first = np.arange(len(codes))
        first_block = np.searchsorted(np.cumsum(counts), first, side="right")  # the block each row is first seen in
        starts, periods = block_starts[first_block], block_periods[first_block]  # each output row's
        clashing = np.zeros(len(first), dtype=bool)
        values = np.full((len(self.counters), len(first)), np.nan)  # one row per counter: pandas' own layout
        masks = np.zeros(len(first), dtype=object if len(self.infos) > 62 else np.int64)
        at = 0
        for i, (coded, _start, _period, info, columns, block_values) in enumerate(self.blocks):
            here = out_row[at : at + len(coded)]
            at += len(coded)
            self.blocks[i] = None  # type: ignore[call-overload]  # freed as it is placed
            if not len(coded):
                continue  # a block whose every row was left out: its counters stay columns
            masks[here] |= 1 << info
            cells = (columns[:, None], here[None, :])
            if merge:  # the first value that is not absent wins
                placed, incoming = values[cells], block_values.T
                absent = np.isnan(placed)
                clash = ~absent & ~np.isnan(incoming)
                if clash.any():
                    self._repeated(clash, here, clashing, first_block, self.block_sources[i], codes, starts, first)
                values[cells] = np.where(absent, incoming, placed)
            else:
                values[cells] = block_values.T
        self.blocks, self.block_sources = [], []
        self.repeats.rows = int(clashing.sum())
        return Stacked(codes[first], list(self.object_codes), starts, periods, masks, values, list(self.counters))

    def _repeated(self, clash, here, clashing, first_block, source, codes, starts, first) -> None:
        """Count values placed where a value already was, and name the first such place."""
        rows = here[clash.any(axis=0)]
        clashing[rows] = True
        self.repeats.values += int(clash.sum())
        if self.repeats.example is None:
            row = int(rows[0])
            names, sources = list(self.object_codes), list(self.sources)
            when = np.datetime64(int(starts[row]), "us").astype("datetime64[m]")
            self.repeats.example = f"{names[int(codes[first[row]])]} {str(when).replace('T', ' ')}"
            self.repeats.kept = sources[self.block_sources[int(first_block[row])]]
            self.repeats.left_out = sources[source]

    def _table(self, codes, starts, periods, infos: list[str | None], values: np.ndarray) -> pd.DataFrame:
        """Key columns from the coded arrays, then the counter columns (`values` is counters x rows)."""
        names = list(self.object_codes)
        split = [cell_and_cgi(name) for name in names]
        take = np.asarray(codes, dtype=np.int64)

        def strings(items: list) -> pd.api.extensions.ExtensionArray:
            return pd.array(np.array(items, dtype=object)[take] if items else np.array([], dtype=object), dtype="str")

        minutes = np.asarray(periods, dtype=np.float64) / 60
        frame = pd.DataFrame(values.T, columns=list(self.counters), copy=False)
        keys = {
            "object": strings(names),
            "cell": strings([cell for cell, _cgi in split]),
            "cgi": strings([cgi for _cell, cgi in split]),
            "start_time": np.asarray(starts, dtype=np.int64).astype("datetime64[us]").astype("datetime64[ns]"),
            "period_min": minutes.astype(np.int64) if np.all(minutes == np.round(minutes)) else minutes,
            "meas_info": pd.array(np.array(infos, dtype=object), dtype="str"),
        }
        for position, (name, column) in enumerate(keys.items()):
            frame.insert(position, name, column)
        return frame


def _first_sights(numbered: np.ndarray) -> np.ndarray:
    """Where each number first stands in `numbered`, numbers given in order of first sight (0, then
    1, ...): where the running maximum goes up (no sort, one array of the input's length)."""
    if not len(numbered):
        return np.empty(0, dtype=np.int64)
    running = np.maximum.accumulate(numbered)
    new = np.empty(len(numbered), dtype=bool)
    new[0] = True
    np.greater(running[1:], running[:-1], out=new[1:])
    return np.flatnonzero(new)


def _joined_ids(masks: np.ndarray, ids: list[str | None]) -> list[str | None]:
    """Each row's blocks (a bit mask over `ids`) as their ids joined by '+' (None when none has an id)."""
    names: dict[int, str | None] = {}
    for mask in set(masks.tolist()):
        chosen = [i for bit, i in enumerate(ids) if mask >> bit & 1 and i is not None]
        names[mask] = "+".join(chosen) if chosen else None
    return [names[mask] for mask in masks.tolist()]
