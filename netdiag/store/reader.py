"""Reading the history store: the last N days as one Dataset, or only what one complaint needs.

A read follows the manifest: the partitions of the window's days, the latest configuration
snapshot at or before its last day (else the earliest one), and the alarms raised before the window
that were still open in it. A partial read (some cells, some BSCs) carries the network's context,
combined from the days' stored summaries, so it measures its cells as a read of the whole would.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, partial
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads

from ..dataset.model import Dataset
from ..dataset.complete import build_dataset
from ..dataset.selection import Selection, selection_of, with_targets
from ..errors import DataError, UsageError
from ..measures.context import network_context
from ..io.schema import COUNTER_TABLES
from . import daily
from .layout import BSC_TABLES, CELL_TABLES, CONTEXT, MANIFEST, SNAPSHOT_TABLES, TIME_COLUMN, arrow_schema, partition_dir, to_frame
from .manifest import Manifest, read_manifest
from .parts import reading

# Days read when none are asked for.
DEFAULT_DAYS = 7
# A file an import retired between our reading the manifest and opening the file: read again.
ATTEMPTS = 3


@dataclass(frozen=True)
class Window:
    first: date
    last: date

    @cached_property
    def days(self) -> list[str]:
        count = (self.last - self.first).days + 1
        return [(self.first + timedelta(days=i)).isoformat() for i in range(count)]

    def __str__(self) -> str:
        return f"{self.first}..{self.last} ({(self.last - self.first).days + 1} days)"


def load_store(
    store: str | Path,
    days: int | None = None,
    until: date | None = None,
    cells: Iterable[str] | None = None,
    bscs: Iterable[str] | None = None,
) -> Dataset:
    """The last `days` days up to `until` (default: the store's last day of statistics).

    With `cells` and/or `bscs`, only their rows (the cells of those BSCs, the reports of those
    BSCs; configuration stays whole) and the network's context: findings about other objects mean
    nothing then. A table with rows in the window but none selected keeps one row from outside the
    selection, so rules needing it run as over the whole network.
    """
    def read(reader: StoreReader) -> Dataset:
        window = reader.window(days, until)
        return reader.load(window, reader.selection(window, cells, bscs))

    return read_store(store, read)


def read_store(store: str | Path, read):
    store = Path(store)
    for attempt in range(ATTEMPTS):
        try:
            return read(StoreReader(store))
        except FileNotFoundError as error:
            if attempt == ATTEMPTS - 1:
                named = error.filename or str(error)  # pyarrow's message is the path
                raise DataError(f"{store}: a file the manifest names is missing ({named}); was the store changed by hand?") from error
    raise AssertionError("unreachable")


# A day holding under this share of the rows of the fullest day of its table is no real day of statistics.
STRAY_DAY_SHARE = 0.01
# The large statistics tables that a reader of many complaints keeps a day of, decoded, for the next.
KEPT_TABLES = (*CELL_TABLES, *BSC_TABLES, "neighbours")
# Statistics tables read at once (threads issuing pyarrow scans, which use their own pools).
READ_THREADS = 4


class StoreReader:
    """Reads of one store against the manifest read when it was made.

    `keep_days`: a reader of many complaints (a batch of tickets) keeps the statistics files of that
    many days decoded (the days used last), so that each complaint's selection is taken from memory
    rather than from decoding the day's files again; a read gives the same rows either way.
    """

    def __init__(self, store: Path, keep_days: int = 0) -> None:
        if not (store / MANIFEST).is_file():
            raise DataError(f"{store}: not a netdiag store (no {MANIFEST}); fill one with netdiag import")
        self.store = store
        self.manifest: Manifest = read_manifest(store)
        self.notes: list[str] = []
        self._snapshots: dict[tuple[str, str | None], pd.DataFrame] = {}
        self.keep_days = keep_days
        self._kept: OrderedDict[Path, pa.Table] = OrderedDict()  # file -> its whole table, last used last

    # -- what to read ---------------------------------------------------------------------------

    def window(self, days: int | None, until: date | None) -> Window:
        if days is not None and days < 1:
            raise UsageError(f"--days: at least 1 (got {days})")
        parts = self.manifest.partitions
        stats = self._real_days()
        dated = stats or {d for t in TIME_COLUMN for d in parts.get(t, {})}
        if until is None:
            if not dated:
                raise DataError(f"{self.store}: the store holds no statistics or alarms")
            until = date.fromisoformat(max(dated))
            passed = sorted({d for t in COUNTER_TABLES for d in parts.get(t, {})} - stats - {d for d in dated if d <= max(dated)})
            for day in passed:
                rows = sum(int(parts.get(t, {}).get(day, {}).get("rows") or 0) for t in COUNTER_TABLES)
                self.notes.append(f"{day}: only {rows} row{'s' if rows != 1 else ''} of statistics, no real day; "
                                  f"the window ends at {until}")
        return Window(until - timedelta(days=(days or DEFAULT_DAYS) - 1), until)

    def _real_days(self) -> set[str]:
        """The days with real statistics: a day whose rows of a statistics table are fewer than a
        hundredth of that table's fullest day is a stray (one row dated 2200), not where a window ends."""
        real: set[str] = set()
        for table in COUNTER_TABLES:
            rows = {d: int(e.get("rows") or 0) for d, e in self.manifest.partitions.get(table, {}).items()}
            fullest = max(rows.values(), default=0)
            real |= {d for d, n in rows.items() if n >= STRAY_DAY_SHARE * fullest}
        return real

    def window_between(self, start: pd.Timestamp, end: pd.Timestamp) -> Window:
        """The days a stretch of time touches."""
        if not start < end:
            raise UsageError(f"an empty stretch of time ({start} to {end})")
        return Window(start.date(), (end - pd.Timedelta(microseconds=1)).date())

    def columns(self, name: str, window: Window, columns: list[str]) -> pd.DataFrame:
        """Some columns of a table over the whole network, for the window's days."""
        entries = self.manifest.partitions.get(name, {})
        files = [self._path(name, d) for d in window.days if d in entries]
        table = self._scan(files, name, None, columns) if files else arrow_schema(name).empty_table().select(columns)
        return to_frame(table, name)

    def selection(self, window: Window, cells: Iterable[str] | None, bscs: Iterable[str] | None) -> Selection | None:
        if cells is None and bscs is None:
            return None
        config = self.snapshot("cells", window)
        chosen = set(cells or ())
        bscs = set(bscs or ())
        chosen |= set(config.loc[config["bsc"].isin(bscs), "cell"].dropna())
        return self.selection_of(config, chosen, bscs)

    @staticmethod
    def selection_of(config: pd.DataFrame, cells: set[str], bscs: set[str]) -> Selection:
        return selection_of(config, cells, bscs)

    # -- reading --------------------------------------------------------------------------------

    def load(self, window: Window, selection: Selection | None, context=None) -> Dataset:
        """The window's tables (the selection's rows); a partial read gets the network's context, from
        the days' summaries unless `context(reader, window, known_cells)` gives it."""
        tables: dict[str, pd.DataFrame] = {}
        for name in SNAPSHOT_TABLES:
            if self.snapshot_day(name, window) is None:
                continue
            if name == "cells":
                tables[name] = self.snapshot(name, window)
                continue
            wanted = _snapshot_filter(name, selection)
            frame = self.snapshot(name, window) if wanted is None else self.read_snapshot(name, window, wanted)
            if selection is not None and frame.empty:
                frame = self.read_snapshot(name, window, None, head=True)
            tables[name] = frame
        if "cells" not in tables:
            raise DataError(f"{self.store}: no cell configuration stored for {window}")
        kpi_selection = selection
        if selection is not None:
            report = self._time_table("adjacency_ho", window, selection)
            tables["adjacency_ho"] = report
            # The targets a cell's handover report names are judged by their congestion (cell_kpi).
            kpi_selection = with_targets(selection, report)
        names = [name for name in TIME_COLUMN if name not in tables]
        reads = [partial(self._time_table, name, window, kpi_selection if name == "cell_kpi" else selection) for name in names]
        tables.update(zip(names, self._each(reads, threads=selection is not None)))
        tables = {name: frame for name, frame in tables.items() if name == "cells" or not frame.empty}
        dictionary = self.manifest.files.get("alarm_dictionary")
        dataset = build_dataset(
            tables, root=self.store, notes=self._window_notes(window) + self.notes,
            alarm_dictionary_file=str(self.store / dictionary) if dictionary else None,
        )
        if selection is not None:
            parts = (context or StoreReader._context)(self, window, tables["cells"]["cell"])
            # Cell-level rows only for the cells read: the rest of the configuration is there for
            # distances and neighbours, and measuring it would cost as much as the whole network.
            dataset.context = dataclasses.replace(network_context(parts), focus=frozenset(kpi_selection.cells))
        return dataset

    def _each(self, reads: list[Callable[[], pd.DataFrame]], threads: bool) -> list[pd.DataFrame]:
        """Each read's table, in order. With `threads` (a complaint's scope: a few cells' rows) the
        reads run in threads: pyarrow scans a table's days without the GIL, and a scope's 8 tables of
        30 days took 0.5 s one after another at 20,000 cells. Not for the whole network: its tables
        converted at once held 40 % more memory (3 days of 20,000 cells: 3.3 GB against 2.3 GB) and
        were no faster; nor for a reader that keeps days for many complaints (its cache is not shared)."""
        if not threads or self.keep_days or len(reads) < 2:
            return [read() for read in reads]
        with ThreadPoolExecutor(min(READ_THREADS, len(reads)), thread_name_prefix="netdiag-store") as pool:
            return list(pool.map(lambda read: read(), reads))

    def _time_table(self, name: str, window: Window, selection: Selection | None) -> pd.DataFrame:
        sources = self._sources(name, window)
        wanted = _row_filter(name, selection)
        pieces = [self._scan(files, name, _both(when, wanted)) for files, when in sources]
        table = pa.concat_tables(pieces) if pieces else arrow_schema(name).empty_table()
        if selection is not None and table.num_rows == 0:
            for files, when in sources:  # keep one row from outside the selection (see load_store)
                table = _head(files, name, when)
                if table.num_rows:
                    break
        return to_frame(table, name)

    def _sources(self, name: str, window: Window) -> list[tuple[list[Path], object]]:
        """The files of a table that the window reads, each group with the rows it takes from them."""
        entries = self.manifest.partitions.get(name, {})
        sources = []
        inside = [self._path(name, d) for d in window.days if d in entries]
        if inside:
            sources.append((inside, None))
        if name == "alarms":
            # Alarms raised before the window and still open at its start belong to it too.
            start = pd.Timestamp(window.first)
            earlier = [d for d, e in sorted(entries.items())
                       if d < window.days[0] and (e.get("open") or str(e.get("cleared_until") or "") >= str(start))]
            if earlier:
                cleared = pads.field("cleared_at")
                still_open = cleared.is_null() | (cleared >= pa.scalar(start.to_pydatetime(), pa.timestamp("ns")))
                sources.insert(0, ([self._path(name, d) for d in earlier], still_open))
        return sources

    def _scan(self, files: list[Path], name: str, wanted, columns: list[str] | None = None) -> pa.Table:
        """The rows of these files that `wanted` keeps (their columns), from the kept days if kept."""
        if not self.keep_days or name not in KEPT_TABLES:
            return _scan(files, name, wanted, columns)
        tables = [self._whole(path, name) for path in files]
        return pads.dataset(tables, schema=arrow_schema(name)).to_table(columns=columns, filter=wanted)

    def _whole(self, path: Path, name: str) -> pa.Table:
        table = self._kept.get(path)
        if table is None:
            table = self._kept[path] = _scan([path], name, None)
            days = list(dict.fromkeys(p.parent.name for p in reversed(self._kept)))  # most recent first
            stale = set(days[self.keep_days:])
            for old in [p for p in self._kept if p.parent.name in stale]:
                del self._kept[old]
        else:
            self._kept.move_to_end(path)
        return table

    def snapshot(self, name: str, window: Window) -> pd.DataFrame:
        """A whole configuration snapshot (read once per snapshot day: a batch reads many windows)."""
        key = (name, self.snapshot_day(name, window))
        if key not in self._snapshots:
            self._snapshots[key] = self.read_snapshot(name, window, None)
        return self._snapshots[key]

    def read_snapshot(self, name: str, window: Window, wanted, head: bool = False) -> pd.DataFrame:
        path = self._path(name, self.snapshot_day(name, window))
        if head:
            return to_frame(_head([path], name, None), name)
        return to_frame(self._scan([path], name, wanted), name)

    def snapshot_day(self, name: str, window: Window) -> str | None:
        days = sorted(self.manifest.partitions.get(name, {}))
        before = [d for d in days if d <= window.days[-1]]
        if before:
            return before[-1]
        if days:
            note = f"{name}: no snapshot at or before {window.last}; the earliest ({days[0]}) is used"
            if note not in self.notes:
                self.notes.append(note)
            return days[0]
        return None

    def _path(self, name: str, day: str) -> Path:
        return partition_dir(self.store, name, day) / str(self.manifest.partitions[name][day]["file"])

    def _window_notes(self, window: Window) -> list[str]:
        stats = {d for t in COUNTER_TABLES for d in self.manifest.partitions.get(t, {})}
        covered = [d for d in window.days if d in stats]
        config = self.snapshot_day("cells", window)
        return [f"store {self.store}: {window}, statistics on {len(covered)} of them; configuration of {config}"]

    # -- the network's context ------------------------------------------------------------------

    def _context(self, window: Window, known_cells: pd.Series):
        entries = self.manifest.partitions.get(CONTEXT, {})
        days = [d for d in window.days if d in entries]
        stale = [d for d in days if not daily.complete(self.manifest.days.get(d))]
        if stale:
            raise DataError(f"{self.store}: the day summaries of {stale[0]}..{stale[-1]} predate this netdiag; "
                            "import those days' exports again with --force to bring them up to date")
        with_date = daily.schema().append(pa.field("date", pa.string()))
        summaries = pads.dataset(
            [str(self._path(CONTEXT, d)) for d in days], format="parquet", schema=with_date,
            partitioning=pads.partitioning(pa.schema([("date", pa.string())]), flavor="hive"),
            partition_base_dir=str(self.store / CONTEXT),
        )

        def read_part(name: str, columns: list[str]) -> pa.Table:
            # Each day's rows come part by part: row-group statistics skip the other parts.
            if not days:
                return with_date.empty_table().select([*columns, "date"])
            with reading(self.store, [self._path(CONTEXT, d) for d in days]):
                return summaries.to_table(columns=[*columns, "date"], filter=pads.field("part") == name)

        ends = [self.manifest.days[d] for d in days if d in self.manifest.days]
        return daily.window_parts(read_part, ends, known_cells, lambda stale: self._recount(stale, known_cells))

    def _recount(self, days: list[str], known_cells: pd.Series) -> pd.DataFrame:
        """Per-period traffic of the configured cells only, for days whose statistics name others."""
        files = [self._path("cell_kpi", d) for d in days]
        with reading(self.store, files):
            table = pads.dataset([str(f) for f in files], schema=arrow_schema("cell_kpi"), format="parquet").to_table(
                columns=["start_time", "tch_traffic_erl"], filter=pads.field("cell").isin(pa.array(known_cells.dropna().astype(str).tolist(), pa.string())),
            )
        rows = table.to_pandas()
        summed = rows.groupby("start_time", sort=True)["tch_traffic_erl"].sum(min_count=1).reset_index()
        return summed.assign(date=summed["start_time"].dt.strftime("%Y-%m-%d"))


def _scan(files: list[Path], name: str, wanted, columns: list[str] | None = None) -> pa.Table:
    with reading(_store_of(files), files):
        dataset = pads.dataset([str(f) for f in files], schema=arrow_schema(name), format="parquet")
        return dataset.to_table(columns=columns, filter=wanted)


def _head(files: list[Path], name: str, wanted) -> pa.Table:
    with reading(_store_of(files), files):
        dataset = pads.dataset([str(f) for f in files], schema=arrow_schema(name), format="parquet")
        return dataset.head(1, filter=wanted)


def _store_of(files: list[Path]) -> Path:
    return Path(files[0]).parents[2]  # STORE/<table>/date=<day>/<part>


def _both(first, second):
    if first is None:
        return second
    return first if second is None else first & second


def _values(values: Iterable[str]) -> pa.Array:
    return pa.array(sorted(values), type=pa.string())


def _row_filter(name: str, selection: Selection | None):
    if selection is None:
        return None
    if name in CELL_TABLES:
        return pads.field("cell").isin(_values(selection.cells))
    if name in BSC_TABLES:
        return pads.field("bsc").isin(_values(selection.bscs))
    if name == "alarms":
        cell, site = pads.field("cell"), pads.field("site")
        return (cell.isin(_values(selection.cells)) | site.isin(_values(selection.sites))
                | (cell.is_null() & site.is_null() & pads.field("bsc").isin(_values(selection.bscs))))
    return None


def _snapshot_filter(name: str, selection: Selection | None):
    if selection is None:
        return None
    if name == "neighbours":
        return pads.field("cell").isin(_values(selection.cells))
    if name == "a_circuit_state":
        return pads.field("bsc").isin(_values(selection.bscs))
    return None
