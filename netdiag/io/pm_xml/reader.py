"""The streaming reader: one file (plain or gzipped) to its blocks, elements freed as read."""

from __future__ import annotations

import gzip as gzip_module
import io
import os
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import chain
from typing import BinaryIO

import numpy as np
import pandas as pd
from lxml import etree

from ...errors import DataError, UnknownTable
from .model import MEAS_COLLEC, PmBlock, PmReport
from .names import parse_duration, parse_wall_time
from .recognise import HEAD_BYTES, _probe
from .table import concat_blocks
from .values import parse_list_runs, parse_lists, to_floats


class _Prefixed(io.RawIOBase):
    """A binary stream that gives back bytes already read from it before the rest."""

    def __init__(self, prefix: bytes, rest: BinaryIO):
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._prefix:
            if size is None or size < 0:
                data, self._prefix = self._prefix + self._rest.read(), b""
                return data
            data, self._prefix = self._prefix[:size], self._prefix[size:]
            return data
        return self._rest.read(size)

    def readinto(self, buffer) -> int:  # io.RawIOBase's contract, for anything that wraps this stream
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_head(stream: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes, reading again when a stream gives fewer than asked (gzip, pipes)."""
    parts, total = [], 0
    while total < size:
        chunk = stream.read(size - total)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def _source_name(source: str | os.PathLike | BinaryIO) -> str:
    """How a source is named in notes and errors."""
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    return str(getattr(source, "name", "<stream>"))


def iter_pm_blocks(
    source: str | os.PathLike | BinaryIO, report: PmReport | None = None, name: str | None = None
) -> Iterator[PmBlock]:
    """Stream the blocks of one PM XML file (a path to ``.xml`` or ``.xml.gz``, or a binary stream).

    Gzip is recognised by its magic bytes. Raises :class:`UnknownTable` for XML of another kind and
    :class:`DataError` (naming file and line) for malformed XML, a refused DTD, or an unreadable block.
    `name`: how notes, errors and blocks name the file (default: the path, or the stream's name).
    """
    report = report if report is not None else PmReport()
    name = name or _source_name(source)
    owned = isinstance(source, (str, os.PathLike))
    try:
        raw = open(source, "rb") if owned else source  # noqa: SIM115 - closed in finally
    except OSError as exc:
        raise DataError(f"{name}: cannot read ({exc.strerror})") from exc
    try:
        yield from _read_stream(raw, name, report)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{name}: cannot read ({exc})") from exc
    finally:
        if owned:
            raw.close()


def iter_pm_frames(source: str | os.PathLike | BinaryIO, report: PmReport | None = None) -> Iterator[pd.DataFrame]:
    """The blocks of one file as tables, one per measInfo/mi (see :func:`concat_blocks` to join them)."""
    for block in iter_pm_blocks(source, report):
        yield block.to_frame()


def read_pm_xml(
    sources: str | os.PathLike | BinaryIO | Iterable[str | os.PathLike | BinaryIO],
    report: PmReport | None = None,
    *,
    merge: bool = True,
) -> pd.DataFrame:
    """Read one PM XML file, or several, as one table (see :func:`concat_blocks` for `merge`)."""
    if isinstance(sources, (str, os.PathLike)) or hasattr(sources, "read"):
        sources = [sources]  # type: ignore[list-item]
    report = report if report is not None else PmReport()
    blocks = (block for source in sources for block in iter_pm_blocks(source, report))  # type: ignore[union-attr]
    return concat_blocks(blocks, merge=merge)


def _read_stream(raw: BinaryIO, name: str, report: PmReport) -> Iterator[PmBlock]:
    """Undo gzip, recognise the root from the head, refuse entity declarations, then stream."""
    magic = _read_head(raw, 2)
    stream: BinaryIO = _Prefixed(magic, raw)  # type: ignore[assignment]
    if magic == b"\x1f\x8b":
        stream = gzip_module.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
    head = _read_head(stream, HEAD_BYTES)
    root = _probe(head)
    if root is None or root.kind is None:
        if b"<!DOCTYPE" in head and root is None:
            raise DataError(f"{name}: refused: no root element in the first {HEAD_BYTES // 1024} KiB (a DTD that long)")
        what = "no XML" if root is None else f"XML of another kind (namespace {root.namespace})"
        raise UnknownTable(f"{name}: not a 3GPP PM XML file ({what})")
    if root.declares_entities:
        line = head[: head.find(b"<!ENTITY")].count(b"\n") + 1
        raise DataError(f"{name}:{line}: refused: the DTD declares entities (PM files need none; an entity bomb?)")
    report.files += 1
    report.formats[root.kind] += 1
    reader = _MeasCollecReader if root.kind == MEAS_COLLEC else _MdcReader
    yield from reader(name, root.namespace, report).blocks(_Prefixed(head, stream))


def _complete_rows(parent, row_tag: str, most: int) -> list:
    """The rows (`row_tag` children) of a block still growing that the parser is done with, in order,
    at most `most` of them: every child but the last (the parser may be in it)."""
    rows: list = []
    last = parent[-1] if len(parent) else None
    for row in parent.iterchildren(row_tag):
        if row is last or len(rows) == most:
            break
        rows.append(row)
    return rows


def _free_upto(parent, upto) -> None:
    """Drop the children of `parent` up to and including `upto`, the last row read (the parser is past
    it: it builds a later child)."""
    del parent[: parent.index(upto) + 1]


class _BlockReader:
    """The state of one file's current block; subclasses know the element names of their format."""

    # Local names: the elements that raise an event besides the block, each with its _on_<name>
    # handler; the row element (one measured object, handled by _on_row); the block.
    EVENTS: tuple[str, ...] = ()
    ROW = ""
    BLOCK = ""
    # Rows read between two purges of the rows already read (freeing them one by one costs more):
    # the rows raise no event; after each chunk of bytes parsed, a block holding more children than
    # this gives its first PURGE_EVERY complete rows to be read, then drops them.
    PURGE_EVERY = 256
    # Bytes fed to the parser at a time (a chunk adds a few hundred rows at most to a block).
    CHUNK = 32 * 1024
    # Values kept as text at most, in a block of many objects: past this many they are converted.
    CONVERT_AT = 1 << 16
    # Blocks of usual rows only wait (as text) until this many values are waiting, or the file ends,
    # to be converted together (parse_list_runs): a few Arrow calls per file instead of per block.
    WAIT_VALUES = 1 << 13

    def __init__(self, name: str, namespace: str | None, report: PmReport):
        self.name = name
        self.report = report
        self.prefix = f"{{{namespace}}}" if namespace else ""
        self.waiting: list[tuple[PmBlock, list[tuple[str, str, int]]]] = []  # blocks of usual rows, their values as text
        self.waiting_values = 0
        self.ready: list[PmBlock] = []  # blocks complete, to come out
        self._reset()

    def _reset(self) -> None:
        """Forget the block just read."""
        self.counters: list[str] = []
        self.positions: dict[str, int] = {}
        self.end: tuple[datetime, str | None] | None = None
        self.period_s: float | None = None
        self.objects: list[str] = []
        self.tokens: list[str | None] = []  # values as written, of whole rows, not yet converted
        self.texts = _Usual()  # usual rows, their result lists as written, not yet converted
        self.converted: list[np.ndarray] = []
        self.absent = self.odd = 0

    def blocks(self, stream: BinaryIO) -> Iterator[PmBlock]:
        """Parse the stream a chunk at a time, yielding each block once its end tag is parsed (a block
        of usual rows only may wait for the next ones, up to WAIT_VALUES values, to be converted with
        them); what was read is freed as it goes."""
        prefix = self.prefix
        row_tag, block_tag = prefix + self.ROW, prefix + self.BLOCK
        handlers = {prefix + local: getattr(self, f"_on_{local}") for local in self.EVENTS}
        parser = etree.XMLPullParser(
            events=("start", "end"),
            tag=[block_tag, *handlers],
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            remove_comments=True,
            remove_pis=True,
            huge_tree=False,
        )
        block = None  # the block element the parser is in
        try:
            while True:
                data = stream.read(self.CHUNK)
                if data:
                    parser.feed(data)
                else:
                    parser.close()
                for event, element in parser.read_events():
                    tag = element.tag
                    if event == "start":
                        if tag == block_tag:
                            block = element
                    elif tag == block_tag:
                        self._read_rows(element.iterchildren(row_tag))  # (the block is emptied whole below)
                        block = None
                        done, read = self._finish_block(element)
                        element.clear(keep_tail=False)
                        _drop_before(element)
                        if isinstance(read, tuple):  # converted: the blocks before it come out first
                            self._settle()
                            self.ready.append(self._complete(done, *read))
                        else:
                            self.waiting.append((done, read))
                            self.waiting_values += len(read) * len(done.counters)
                            if self.waiting_values >= self.WAIT_VALUES:
                                self._settle()
                        if self.ready:
                            ready, self.ready = self.ready, []
                            yield from ready
                    else:
                        handlers[tag](element)
                while block is not None and len(block) > self.PURGE_EVERY:
                    rows = _complete_rows(block, row_tag, self.PURGE_EVERY)
                    if not rows:
                        break
                    self._read_rows(rows)
                    _free_upto(block, rows[-1])
                    if len(self.tokens) + len(self.texts) * len(self.counters) >= self.CONVERT_AT:
                        self._convert()
                if not data:
                    break
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if exc.lineno else "?"
            raise DataError(f"{self.name}:{line}: malformed XML ({exc.msg})") from exc
        self._settle()
        yield from self.ready

    def _read_rows(self, rows: Iterable) -> None:
        """Read these rows (complete, in order): each by _on_row."""
        on_row = self._on_row
        for row in rows:
            on_row(row)

    def _on_row(self, element) -> None:
        raise NotImplementedError

    def _set_counters(self, names: list[str]) -> None:
        """The block's counters in order; p="k" of the indexed form maps to the k-th."""
        self.counters = names
        self.positions = {str(i + 1): i for i in range(len(names))}

    def _add_row(self, obj: str, values: list[str | None], line: int) -> None:
        """One object's values in counter order; a row of the wrong length is skipped and noted."""
        fitted = _fitted(obj, values, len(self.counters), f"{self.name}:{line}", self.report)
        if fitted is not None:
            self.objects.append(obj)
            self.tokens.extend(fitted)

    def _convert(self) -> None:
        """Turn the values kept as text into floats (a big block is not held as millions of strings)."""
        if self.texts:
            self._flush_texts()
        values, absent, odd = to_floats(self.tokens)
        self.converted.append(values)
        self.absent += absent
        self.odd += odd
        self.tokens = []

    def _flush_texts(self) -> None:
        """The rows kept as whole result lists (the usual row: one list, not suspect), parsed in one go
        by numpy; when they do not give every row its values (a row too short or too long, a value
        that is no number), row by row as any other row."""
        self._settle()
        usual = self.texts.take()  # (emptied in place: _read_rows holds it)
        values = parse_lists(usual.texts, len(self.counters))
        if values is not None:
            self.objects += usual.objects
            self.converted.append(values)
            self.absent += int(np.count_nonzero(np.isnan(values)))
            return
        for obj, text, line in usual.rows():
            self._add_row(obj, _split(text), line)

    def _finish_block(self, element) -> tuple[PmBlock, _Usual | tuple[np.ndarray, int, int]]:
        """The block read so far, then a fresh state: a PmBlock without its values yet, and either
        (values, absent, odd) to _complete it with, or, when all its rows are usual rows kept as
        written, those rows (see _convert_waiting)."""
        line = element.sourceline or 0
        try:
            if self.end is None or self.period_s is None:
                raise DataError(f"{self.name}:{line}: a {self.BLOCK} block without its end time or period")
            wall_end, offset = self.end
            block = PmBlock(
                source=self.name,
                line=line,
                meas_info=self._block_id(element),
                start_time=wall_end - timedelta(seconds=self.period_s),
                period_s=self.period_s,
                offset=offset,
                counters=tuple(self.counters),
                objects=self.objects,
                values=None,  # type: ignore[arg-type]  # (set by _complete)
            )
            if self.texts and self.counters and not self.tokens and not self.converted:
                return block, self.texts
            self._convert()
            values = np.concatenate(self.converted) if len(self.converted) > 1 else self.converted[0]
            return block, (values, self.absent, self.odd)
        finally:
            self._reset()

    def _settle(self) -> None:
        """Complete the waiting blocks (ready to come out): before anything of a later block reaches
        the report, so that its counts and notes keep the order of the file."""
        if self.waiting:
            waiting, self.waiting, self.waiting_values = self.waiting, [], 0
            self.ready += self._convert_waiting(waiting)

    def _convert_waiting(self, waiting: list[tuple[PmBlock, _Usual]]) -> Iterator[PmBlock]:
        """The waiting blocks with their values: their rows' texts converted together, or (when one
        of them does not fit) block by block as _flush_texts does."""
        texts = waiting[0][1].texts if len(waiting) == 1 else list(chain.from_iterable(rows.texts for _b, rows in waiting))
        values = parse_list_runs(texts, [len(b.counters) for b, _rows in waiting], [len(rows) for _b, rows in waiting])
        at = 0
        for block, rows in waiting:
            width = len(block.counters)
            if values is not None:
                part = values[at : at + len(rows) * width]
                at += len(part)
                if len(waiting) > 1:
                    part = part.copy()  # (each block its own values: one kept must not hold the others')
                block.objects = rows.objects
                yield self._complete(block, part, int(np.count_nonzero(np.isnan(part))), 0)
                continue
            part = parse_lists(rows.texts, width)
            if part is not None:
                block.objects = rows.objects
                yield self._complete(block, part, int(np.count_nonzero(np.isnan(part))), 0)
                continue
            objects, tokens = [], []
            for obj, text, line in rows.rows():
                fitted = _fitted(obj, _split(text), width, f"{self.name}:{line}", self.report)
                if fitted is not None:
                    objects.append(obj)
                    tokens.extend(fitted)
            part, absent, odd = to_floats(tokens)
            block.objects = objects
            yield self._complete(block, part, absent, odd)

    def _complete(self, block: PmBlock, values: np.ndarray, absent: int, odd: int) -> PmBlock:
        """A block given its values (flat, row after row): shaped, a counter named twice kept once,
        and counted in the report."""
        counters, keep = _unique_counters(list(block.counters))
        values = values.reshape(len(block.objects), len(block.counters))
        if keep is not None:
            self.report.note(f"{self.name}:{block.line}", "a counter named twice in one block: the first kept")
            values = values[:, keep]
        block.counters, block.values = counters, values
        self._count(block, absent, odd)
        return block

    def _count(self, block: PmBlock, absent: int, odd: int) -> None:
        """Add the block just read to the report."""
        report = self.report
        report.blocks += 1
        report.rows += len(block.objects)
        report.absent_values += absent
        report.non_numeric_values += odd
        report.offsets[block.offset or "none"] += 1
        report.periods[block.period_s / 60] += 1
        for counter in block.counters:
            report.counters[counter] = report.counters.get(counter, 0) + 1
        if odd:
            report.note(f"{self.name}:{block.line}", f"{odd} value(s) that are no number, read as absent")

    def _block_id(self, element) -> str | None:
        return None

    def _time(self, text: str | None, line: int, *, compact: bool) -> tuple[datetime, str | None]:
        try:
            return _wall_time(text or "", compact=compact)
        except ValueError as exc:
            raise DataError(f"{self.name}:{line}: {exc}") from exc


# A file's blocks, and the files of one period, write the same end time and period: parsed once.
_wall_time = lru_cache(maxsize=4096)(parse_wall_time)
_duration = lru_cache(maxsize=256)(parse_duration)


class _Usual:
    """Usual rows (one result list, not suspect) kept as written until converted: their objects,
    result lists and lines, as three lists (no tuple a row for the garbage collector to track)."""

    __slots__ = ("objects", "texts", "lines")

    def __init__(self) -> None:
        self.objects: list[str] = []
        self.texts: list[str] = []
        self.lines: list[int] = []

    def __len__(self) -> int:
        return len(self.texts)

    def rows(self) -> Iterator[tuple[str, str, int]]:
        """(object, result list, line) of each row."""
        return zip(self.objects, self.texts, self.lines)

    def take(self) -> _Usual:
        """The rows kept so far, as another _Usual; this one emptied (in place)."""
        taken = _Usual()
        taken.objects, taken.texts, taken.lines = self.objects, self.texts, self.lines
        self.objects, self.texts, self.lines = [], [], []
        return taken


def _is_suspect(element, suspect_tag: str) -> bool:
    """A suspect flag that says true (32.435 `<suspect>true</suspect>`; 1 as xs:boolean allows)."""
    return element.tag == suspect_tag and (element.text or "").strip().lower() in ("true", "1")


def _split(text: str) -> list[str]:
    """A result list's values as written; NIL (the schema's absent value) as nan."""
    return (text.replace("NIL", "nan") if "NIL" in text else text).split()


def _fitted(obj: str, values: list[str | None], width: int, where: str, report: PmReport) -> list[str | None] | None:
    """One object's values in counter order: as given when there is one per counter, all absent for
    an empty list, None (the row skipped, and noted) for a list of the wrong length."""
    if len(values) == width:
        return values
    if values or not width:
        report.bad_rows += 1
        report.note(where, f"{obj}: {len(values)} values for {width} counters, row skipped")
        return None
    return [None] * width  # an empty result list: every value absent


def _drop_before(element) -> None:
    """Free the siblings read before this element (their subtrees go with them)."""
    parent = element.getparent()
    if parent is not None:
        del parent[: parent.index(element)]


def _unique_counters(names: list[str]) -> tuple[tuple[str, ...], list[int] | None]:
    """Counter names without repeats (the first kept), and the positions kept (None: all of them)."""
    if len(set(names)) == len(names):
        return tuple(names), None
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        seen.setdefault(name, i)
    return tuple(seen), list(seen.values())


class _MeasCollecReader(_BlockReader):
    """32.435 measCollecFile: measInfo blocks of measValue rows, list or indexed form."""

    EVENTS = ("granPeriod", "measTypes", "measType")
    ROW = "measValue"
    BLOCK = "measInfo"

    def __init__(self, name: str, namespace: str | None, report: PmReport):
        super().__init__(name, namespace, report)
        self.value_tags = (self.prefix + "measResults", self.prefix + "r", self.prefix + "suspect")

    def _on_granPeriod(self, element) -> None:
        line = element.sourceline or 0
        self.end = self._time(element.get("endTime"), line, compact=False)
        try:
            self.period_s = _duration(element.get("duration") or "")
        except ValueError as exc:
            raise DataError(f"{self.name}:{line}: {exc}") from exc

    def _on_measTypes(self, element) -> None:
        self._set_counters((element.text or "").split())

    def _on_measType(self, element) -> None:
        self.positions[element.get("p") or ""] = len(self.counters)
        self.counters.append((element.text or "").strip())

    def _read_rows(self, rows: Iterable) -> None:
        """_BlockReader._read_rows, the usual row (one list of results, not suspect) kept as it is
        written, to be parsed with the others of its block (_flush_texts, _convert_waiting); any other
        by _on_row."""
        results_tag, suspect_tag = self.value_tags[0], self.value_tags[2]
        usual = self.texts  # (its lists looked up per row: _convert may empty it, in place)
        unusual = bool(self.tokens)  # a row read by _on_row: values of whole rows may wait as tokens
        for row in rows:
            children = len(row)
            if children == 1:
                child = row[0]
                text = child.text
                if text and child.tag == results_tag:
                    if unusual and self.tokens:
                        self._convert()  # (rows stay in order: those read before are converted first)
                    usual.objects.append(row.get("measObjLdn") or "")
                    usual.texts.append(text)
                    usual.lines.append(row.sourceline)
                    continue
            elif children == 2 and _is_suspect(row[1], suspect_tag) and row[0].tag == results_tag:
                self.report.suspect_left_out += 1  # (what _on_row does with it, without ending a run of usual rows)
                continue
            self._on_row(row)
            unusual = True

    def _on_row(self, element) -> None:
        results_tag, r_tag, suspect_tag = self.value_tags
        if self.waiting:
            self._settle()
        if self.texts:
            self._flush_texts()
        text, indexed, suspect = None, None, False
        for child in element:
            tag = child.tag
            if tag == results_tag:
                text = child.text
            elif tag == r_tag:
                if indexed is None:
                    indexed = [None] * len(self.counters)
                index = self.positions.get(child.get("p"))
                if index is None:
                    self.report.note(
                        f"{self.name}:{child.sourceline}", f"r p={child.get('p')!r} names no measType, value ignored"
                    )
                else:
                    value = child.text
                    indexed[index] = None if value == "NIL" else value
            elif tag == suspect_tag:
                suspect = _is_suspect(child, suspect_tag)
        if suspect:
            self.report.suspect_left_out += 1
            return
        if indexed is not None:
            values = indexed
        elif text:
            values = (text.replace("NIL", "nan") if "NIL" in text else text).split()  # NIL: the schema's absent value
        else:
            values = []
        if len(values) == len(self.counters):  # the common case, without a call
            self.objects.append(element.get("measObjLdn") or "")
            self.tokens.extend(values)
        else:
            self._add_row(element.get("measObjLdn") or "", values, element.sourceline)

    def _block_id(self, element) -> str | None:
        return element.get("measInfoId")


class _MdcReader(_BlockReader):
    """32.401 mdc: mi blocks (mts, gp, mt names) of mv rows (moid, positional r, sf)."""

    EVENTS = ("mts", "gp", "mt")
    ROW = "mv"
    BLOCK = "mi"

    def _on_mts(self, element) -> None:
        self.end = self._time(element.text, element.sourceline or 0, compact=True)

    def _on_gp(self, element) -> None:
        try:
            self.period_s = float((element.text or "").strip())
        except ValueError as exc:
            raise DataError(f"{self.name}:{element.sourceline}: gp is no number of seconds: {element.text!r}") from exc

    def _on_mt(self, element) -> None:
        self.counters.append((element.text or "").strip())

    def _on_row(self, element) -> None:
        if self.waiting:
            self._settle()
        obj, values, suspect = "", [], False
        for child in element:
            tag = child.tag
            if tag == "r":
                value = child.text
                values.append(None if value == "NIL" else value)
            elif tag == "moid":
                obj = (child.text or "").strip()
            elif tag == "sf":
                suspect = (child.text or "").strip().lower() in ("true", "1")
        if suspect:
            self.report.suspect_left_out += 1
        else:
            self._add_row(obj, values, element.sourceline)
