"""3GPP PM XML statistics files: TS 32.435 measCollec and TS 32.401 mdc, read as a stream, and written.

Every vendor's OMC-R can send its counters northbound in one of these two layouts:

* **32.435 measCollec** ``measCollecFile/measData/measInfo``: a ``granPeriod`` (``duration="PT900S"``,
  ``endTime``), the counter names as one list (``<measTypes>a b c</measTypes>`` with
  ``<measResults>1 2 3</measResults>`` per object) or indexed (``<measType p="1">a</measType>`` with
  ``<r p="1">1</r>``), then one ``measValue measObjLdn="..."`` per measured object, possibly flagged
  ``<suspect>true</suspect>``. Namespace: the 32.435 one, the older 32.401-versioned one, or none.
* **32.401 mdc** ``mdc/md/mi``: ``mts`` (end time ``YYYYMMDDHHMMSS[Z|+hhmm]``), ``gp`` (seconds), the
  names as ``mt`` elements, then ``mv`` with ``moid``, positional ``r`` values and ``sf`` (TRUE = suspect).

The reader streams with lxml ``iterparse`` (only the elements it needs raise an event; the measured
objects' elements are dropped once read, a few hundred at a time, and each block's element at its
end; a big block's values are converted as they come), so a file of any size is parsed in the
memory of one block of values. It refuses DTD entity declarations (``resolve_entities=False``, no
network, no DTD loaded, and a document declaring entities is stopped before it is parsed: the
billion-laughs and external-entity guard).

One :class:`PmBlock` comes out per measInfo/mi (one granularity period, one list of counters);
:func:`concat_blocks` puts blocks together as one table with the columns ``object`` (the LDN as
written), ``cell`` (the LDN's last RDN value), ``cgi`` (when the LDN carries one), ``start_time``
(``endTime`` − duration, naive OMC-R wall time: a written offset is dropped, the wall clock kept),
``period_min``, ``meas_info``, then one float column per counter, named as written. Absent values
(empty, ``NIL``, a missing ``r``) are NaN; a suspect object's values are left out and counted in the
:class:`PmReport`.
"""

from __future__ import annotations

import contextlib
import gzip as gzip_module
import io
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from lxml import etree

from ..errors import DataError, UnknownTable

MEAS_COLLEC = "measCollec"
MDC = "mdc"
NS_32435 = "http://www.3gpp.org/ftp/specs/archive/32_series/32.435#measCollec"
NS_32401 = "http://www.3gpp.org/ftp/specs/archive/32_series/32.401#measCollec"
# Any 3GPP measCollec namespace (32.435, the 32.401-versioned one of the files written before the split).
_MEAS_COLLEC_NS = re.compile(r"^https?://www\.3gpp\.org/.*32[._]?4\d\d#measCollec$")
# The root must show up in this much of the file; a PM file's prolog is a few hundred bytes.
HEAD_BYTES = 64 * 1024
# The columns before the counters in every table the reader returns.
KEY_COLUMNS = ("object", "cell", "cgi", "start_time", "period_min", "meas_info")
# Written for an absent value, and read as one (with empty text and a missing r).
ABSENT_TOKENS = ("NIL", "nil", "Nil", "", "-", "N/A", "NULL", "null", "nan", "NaN", "NAN")
_ABSENT_ARROW = pa.array(ABSENT_TOKENS, type=pa.string())
_NULL_STRING = pa.scalar(None, type=pa.string())
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
        return concat_blocks([self], merge=False)


# ----------------------------------------------------------------------------------------------------------
# Recognising a file


@dataclass(frozen=True)
class _Root:
    kind: str | None  # MEAS_COLLEC, MDC or None (some other XML)
    namespace: str | None
    declares_entities: bool


def sniff(head: bytes) -> str | None:
    """``"measCollec"`` or ``"mdc"`` when these first bytes (a few KB) open a 3GPP PM XML file, else None.

    Gzip-compressed bytes are decompressed as far as they go. The root element decides: any namespace
    prefix, the 32.435 or 32.401-versioned measCollec namespace or none; other XML gives None.
    """
    if head[:2] == b"\x1f\x8b":
        head = _gunzip_head(head)
    root = _probe(head)
    return root.kind if root is not None else None


def _gunzip_head(data: bytes) -> bytes:
    """As much of a gzip stream's content as these bytes decompress to (empty when they are not gzip)."""
    try:
        return zlib.decompressobj(wbits=31).decompress(data, HEAD_BYTES)
    except zlib.error:
        return b""


_ROOT_NAME = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(measCollecFile|mdc)[\s>/]")


def _probe(head: bytes) -> _Root | None:
    """The root element of the XML these bytes begin, or None when they hold no root element at all."""
    declares_entities = b"<!ENTITY" in head
    if declares_entities:
        # Not parsed at all: the root is found by its name, the file is refused when read.
        match = _ROOT_NAME.search(head)
        if match is None:
            return None
        kind = MEAS_COLLEC if match.group(1) == b"measCollecFile" else MDC
        return _Root(kind, None, True)
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False)
    for at in range(0, len(head), 1024):  # fed bit by bit: parsing stops at the root
        with contextlib.suppress(etree.XMLSyntaxError):  # malformed further on: the root still tells
            parser.feed(head[at : at + 1024])
        try:
            for _event, element in parser.read_events():
                return _classify(etree.QName(element.tag))
        except etree.XMLSyntaxError:
            return None
    return None


def _classify(name: etree.QName) -> _Root:
    """What a root element's name says the file is."""
    namespace, local = name.namespace, name.localname
    if local == "measCollecFile" and (namespace is None or _MEAS_COLLEC_NS.match(namespace)):
        return _Root(MEAS_COLLEC, namespace, False)
    if local == "mdc" and namespace is None:
        return _Root(MDC, None, False)
    return _Root(None, namespace, False)


# ----------------------------------------------------------------------------------------------------------
# Opening a file or a stream


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


# ----------------------------------------------------------------------------------------------------------
# Times, durations, distinguished names

_XML_TIME = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6})\d*)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$")
_MDC_TIME = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d{1,6})\d*)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$")
_DURATION = re.compile(r"^\s*P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?\s*$")


def parse_wall_time(text: str, *, compact: bool = False) -> tuple[datetime, str | None]:
    """A written time as naive OMC-R wall time, and the offset it carried (dropped, never applied).

    ``2000-03-01T14:14:30+02:00`` -> (2000-03-01 14:14:30, "+02:00"); with `compact` the 32.401 form
    ``20000301141430+0200``. The offset comes back as ``+hh:mm``, ``Z`` or None. Raises ValueError
    for anything else.
    """
    match = (_MDC_TIME if compact else _XML_TIME).match(text or "")
    if match is None:
        raise ValueError(f"not a time: {text!r}")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int(fraction.ljust(6, "0")) if fraction else 0
    wall = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro)
    if offset and offset != "Z" and ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"  # one spelling per offset: +0800 -> +08:00
    return wall, offset


def parse_duration(text: str) -> float:
    """An ISO-8601 duration in seconds: ``PT900S`` -> 900, ``PT15M`` -> 900, ``PT1H`` -> 3600, ``P1D``."""
    match = _DURATION.match(text or "")
    if match is None or not any(match.groups()):
        raise ValueError(f"not a duration: {text!r}")
    days, hours, minutes, seconds = match.groups()
    return int(days or 0) * 86400 + int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)


_CGI_VALUE = re.compile(r"^\d{3}[- ]\d{2,3}[- ]\d{1,5}[- ]\d{1,5}$")
_HEX_PAIR = re.compile(r"[0-9A-Fa-f]{2}")


def split_dn(dn: str) -> list[tuple[str, str]]:
    """The (attribute, value) pairs of a distinguished name, per 3GPP TS 32.300 (RFC 4514 escaping).

    Commas separate RDNs unless escaped (``\\,``); ``\\X`` stands for X and ``\\hh`` for the byte hh;
    spaces around separators are dropped. An RDN without ``=`` gives an empty attribute name.
    """
    pairs, name, current, in_value = [], "", [], False
    i, n = 0, len(dn)
    while i < n:
        char = dn[i]
        if char == "\\" and i + 1 < n:
            if _HEX_PAIR.fullmatch(dn, i + 1, i + 3):
                hex_bytes = bytearray()
                while i + 2 < n + 1 and dn[i] == "\\" and _HEX_PAIR.fullmatch(dn, i + 1, i + 3):
                    hex_bytes.append(int(dn[i + 1 : i + 3], 16))
                    i += 3
                current.append(hex_bytes.decode("utf-8", errors="replace"))
                continue
            current.append(dn[i + 1])
            i += 2
            continue
        if char == "=" and not in_value:
            name, current, in_value = "".join(current).strip(), [], True
        elif char == ",":
            pairs.append((name, "".join(current).strip()) if in_value else ("", "".join(current).strip()))
            name, current, in_value = "", [], False
        else:
            current.append(char)
        i += 1
    pairs.append((name, "".join(current).strip()) if in_value else ("", "".join(current).strip()))
    return [pair for pair in pairs if pair != ("", "")]


@lru_cache(maxsize=1 << 16)
def cell_and_cgi(ldn: str) -> tuple[str, str | None]:
    """The cell (the LDN's last RDN value, whatever its class) and the CGI the LDN carries, if any.

    ``SubNetwork=1,ManagedElement=BSC01,BtsSiteMgr=12,GsmCell=Gbg-997`` -> ("Gbg-997", None). A CGI is
    the value of an RDN named CGI (any case) or a value written ``460-00-4101-20042``; an RDN named CGI
    that comes last does not name the cell, the one before it does. An LDN without ``=`` is the name.
    """
    pairs = split_dn(ldn)
    if not pairs:
        return ldn.strip(), None
    cgi = next((value for attr, value in pairs if attr.lower() == "cgi"), None)
    if cgi is None:
        cgi = next((value for _attr, value in pairs if _CGI_VALUE.match(value)), None)
    named = [value for attr, value in pairs if attr.lower() != "cgi"] or [pairs[-1][1]]
    return named[-1], cgi


# ----------------------------------------------------------------------------------------------------------
# Values


def to_floats(tokens: Sequence[str | None]) -> tuple[np.ndarray, int, int]:
    """Written values as float64 (integers stay exact up to 2**53), absent ones as NaN.

    Returns the values, how many were absent (None, empty, ``NIL``, ``nan``, ``-``, ``N/A``, ``NULL``)
    and how many were neither a number nor absent (read as NaN too). Arrow converts, about 0.1 us a
    value; the readers hand over ``NIL`` as None or ``nan`` already, so a file's usual absent values
    need no second pass.
    """
    if not len(tokens):
        return np.empty(0), 0, 0
    strings = pa.array(tokens, type=pa.string())
    try:
        values = strings.cast(pa.float64()).to_numpy(zero_copy_only=False)
        return values, int(np.count_nonzero(np.isnan(values))), 0
    except pa.ArrowInvalid:  # another absent token, spaces around a number, or something that is none
        pass
    strings = pc.utf8_trim_whitespace(strings)
    absent_mask = pc.is_in(strings, value_set=_ABSENT_ARROW)
    absent = strings.null_count + pc.sum(absent_mask).as_py()
    strings = pc.if_else(absent_mask, _NULL_STRING, strings)
    try:
        values = strings.cast(pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        values = np.array([_float_or_nan(token) for token in strings.to_pylist()], dtype=np.float64)
    nan = int(np.count_nonzero(np.isnan(values)))
    return values, absent, nan - absent


def _float_or_nan(token: str | None) -> float:
    """A number (spaces around it allowed), or NaN for anything that is not one."""
    if token is None:
        return np.nan
    try:
        return float(token)
    except ValueError:
        return np.nan


# ----------------------------------------------------------------------------------------------------------
# The streaming reader


def iter_pm_blocks(source: str | os.PathLike | BinaryIO, report: PmReport | None = None) -> Iterator[PmBlock]:
    """Stream the blocks of one PM XML file (a path to ``.xml`` or ``.xml.gz``, or a binary stream).

    Gzip is recognised by its magic bytes. Raises :class:`UnknownTable` for XML of another kind and
    :class:`DataError` (naming file and line) for malformed XML, a refused DTD, or an unreadable block.
    """
    report = report if report is not None else PmReport()
    name = _source_name(source)
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


class _BlockReader:
    """The state of one file's current block; subclasses know the element names of their format."""

    # Local names: the elements that raise an event besides the row and the block, each with its
    # _on_<name> handler; the row element (one measured object, handled by _on_row); the block.
    EVENTS: tuple[str, ...] = ()
    ROW = ""
    BLOCK = ""
    # Rows read between two purges of the rows already read (freeing them one by one costs more).
    PURGE_EVERY = 256
    # Values kept as text at most, in a block of many objects: past this many they are converted.
    CONVERT_AT = 1 << 16

    def __init__(self, name: str, namespace: str | None, report: PmReport):
        self.name = name
        self.report = report
        self.prefix = f"{{{namespace}}}" if namespace else ""
        self._reset()

    def _reset(self) -> None:
        """Forget the block just read."""
        self.counters: list[str] = []
        self.positions: dict[str, int] = {}
        self.end: tuple[datetime, str | None] | None = None
        self.period_s: float | None = None
        self.objects: list[str] = []
        self.tokens: list[str | None] = []  # values as written, of whole rows, not yet converted
        self.converted: list[np.ndarray] = []
        self.absent = self.odd = 0

    def blocks(self, stream: BinaryIO) -> Iterator[PmBlock]:
        """Parse the stream, yielding each block at its end tag; what was read is freed as it goes."""
        prefix = self.prefix
        row_tag, block_tag = prefix + self.ROW, prefix + self.BLOCK
        handlers = {prefix + local: getattr(self, f"_on_{local}") for local in self.EVENTS}
        on_row, purge_mask = self._on_row, self.PURGE_EVERY - 1
        events = etree.iterparse(
            stream,
            events=("end",),
            tag=[row_tag, block_tag, *handlers],
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            remove_comments=True,
            remove_pis=True,
            huge_tree=False,
        )
        rows = 0
        try:
            for _event, element in events:
                tag = element.tag
                if tag == row_tag:
                    on_row(element)
                    rows += 1
                    if not rows & purge_mask:
                        _drop_before(element)
                        if len(self.tokens) >= self.CONVERT_AT:
                            self._convert()
                elif tag == block_tag:
                    block = self._finish_block(element)
                    element.clear(keep_tail=False)
                    _drop_before(element)
                    yield block
                else:
                    handlers[tag](element)
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if exc.lineno else "?"
            raise DataError(f"{self.name}:{line}: malformed XML ({exc.msg})") from exc

    def _on_row(self, element) -> None:
        raise NotImplementedError

    def _set_counters(self, names: list[str]) -> None:
        """The block's counters in order; p="k" of the indexed form maps to the k-th."""
        self.counters = names
        self.positions = {str(i + 1): i for i in range(len(names))}

    def _add_row(self, obj: str, values: list[str | None], line: int) -> None:
        """One object's values in counter order; a row of the wrong length is skipped and noted."""
        if len(values) == len(self.counters):
            self.objects.append(obj)
            self.tokens.extend(values)
        elif values or not self.counters:
            self.report.bad_rows += 1
            self.report.note(f"{self.name}:{line}", f"{obj}: {len(values)} values for {len(self.counters)} counters, row skipped")
        else:  # an empty result list: every value absent
            self.objects.append(obj)
            self.tokens.extend([None] * len(self.counters))

    def _convert(self) -> None:
        """Turn the values kept as text into floats (a big block is not held as millions of strings)."""
        values, absent, odd = to_floats(self.tokens)
        self.converted.append(values)
        self.absent += absent
        self.odd += odd
        self.tokens = []

    def _finish_block(self, element) -> PmBlock:
        """The block read so far as a PmBlock, then a fresh state."""
        line = element.sourceline or 0
        try:
            if self.end is None or self.period_s is None:
                raise DataError(f"{self.name}:{line}: a {self.BLOCK} block without its end time or period")
            wall_end, offset = self.end
            counters, keep = _unique_counters(self.counters)
            self._convert()
            values = np.concatenate(self.converted) if len(self.converted) > 1 else self.converted[0]
            values = values.reshape(len(self.objects), len(self.counters))
            if keep is not None:
                self.report.note(f"{self.name}:{line}", "a counter named twice in one block: the first kept")
                values = values[:, keep]
            self._count(counters, offset, self.absent, self.odd, line)
            return PmBlock(
                source=self.name,
                line=line,
                meas_info=self._block_id(element),
                start_time=wall_end - timedelta(seconds=self.period_s),
                period_s=self.period_s,
                offset=offset,
                counters=counters,
                objects=self.objects,
                values=values,
            )
        finally:
            self._reset()

    def _count(self, counters: tuple[str, ...], offset: str | None, absent: int, odd: int, line: int) -> None:
        """Add the block just read to the report."""
        report = self.report
        report.blocks += 1
        report.rows += len(self.objects)
        report.absent_values += absent
        report.non_numeric_values += odd
        report.offsets[offset or "none"] += 1
        report.periods[(self.period_s or 0) / 60] += 1
        for counter in counters:
            report.counters[counter] = report.counters.get(counter, 0) + 1
        if odd:
            report.note(f"{self.name}:{line}", f"{odd} value(s) that are no number, read as absent")

    def _block_id(self, element) -> str | None:
        return None

    def _time(self, text: str | None, line: int, *, compact: bool) -> tuple[datetime, str | None]:
        try:
            return parse_wall_time(text or "", compact=compact)
        except ValueError as exc:
            raise DataError(f"{self.name}:{line}: {exc}") from exc


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
            self.period_s = parse_duration(element.get("duration") or "")
        except ValueError as exc:
            raise DataError(f"{self.name}:{line}: {exc}") from exc

    def _on_measTypes(self, element) -> None:
        self._set_counters((element.text or "").split())

    def _on_measType(self, element) -> None:
        self.positions[element.get("p") or ""] = len(self.counters)
        self.counters.append((element.text or "").strip())

    def _on_row(self, element) -> None:
        results_tag, r_tag, suspect_tag = self.value_tags
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
                suspect = (child.text or "").strip().lower() in ("true", "1")
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


# ----------------------------------------------------------------------------------------------------------
# Blocks to one table


def concat_blocks(blocks: Iterable[PmBlock], *, merge: bool = True) -> pd.DataFrame:
    """Blocks as one table: the key columns, then every counter seen (in the order first seen).

    With `merge` the rows of one object and period from several blocks (a file's measInfo blocks
    split the counters of a cell) become one row; where two blocks give the same counter the first
    value that is not absent wins, and ``meas_info`` lists the blocks' ids joined by ``+``. Without,
    every block row stays a row of its own.
    """
    stack = _Stack()
    for block in blocks:
        stack.add(block)
    return stack.frame(merge)


class _Stack:
    """Blocks reduced to arrays as they come (object names coded once), then put together in one go."""

    def __init__(self) -> None:
        self.object_codes: dict[str, int] = {}
        self.counters: dict[str, int] = {}  # counter -> output column, in order of first sight
        self.infos: dict[str | None, int] = {}  # measInfoId -> bit, in order of first sight
        self.columns: dict[tuple[str, ...], np.ndarray] = {}  # a block's counters -> their output columns
        # per block: object codes, start (us since 1970, wall time), period (s), measInfo bit, columns, values
        self.blocks: list[tuple[np.ndarray, int, float, int, np.ndarray, np.ndarray]] = []

    def add(self, block: PmBlock) -> None:
        """Keep a block's numbers; its list of object names is not kept."""
        codes = self.object_codes
        coded = np.fromiter((codes.setdefault(obj, len(codes)) for obj in block.objects), np.int64, len(block.objects))
        columns = self.columns.get(block.counters)
        if columns is None:
            columns = np.array([self.counters.setdefault(c, len(self.counters)) for c in block.counters], dtype=np.int64)
            self.columns[block.counters] = columns
        start = int(np.datetime64(block.start_time, "us").astype(np.int64))
        info = self.infos.setdefault(block.meas_info, len(self.infos))
        self.blocks.append((coded, start, block.period_s, info, columns, block.values))

    def frame(self, merge: bool) -> pd.DataFrame:
        """The table: rows in block order, merged by (object, start, period) when asked."""
        counts = np.array([len(b[0]) for b in self.blocks], dtype=np.int64)
        codes = np.concatenate([b[0] for b in self.blocks]) if self.blocks else np.empty(0, dtype=np.int64)
        starts = np.repeat(np.array([b[1] for b in self.blocks], dtype=np.int64), counts)
        periods = np.repeat(np.array([b[2] for b in self.blocks], dtype=np.float64), counts)
        if merge and len(codes):
            start_codes, _ = pd.factorize(starts)
            period_codes, _ = pd.factorize(periods)
            times = start_codes * (int(period_codes.max()) + 1) + period_codes
            out_row, _ = pd.factorize(codes * (int(times.max()) + 1) + times)  # numbered in order of first sight
            first = np.unique(out_row, return_index=True)[1]
        else:
            out_row = first = np.arange(len(codes))
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
                placed = values[cells]
                values[cells] = np.where(np.isnan(placed), block_values.T, placed)
            else:
                values[cells] = block_values.T
        self.blocks = []
        return self._table(codes[first], starts[first], periods[first], _joined_ids(masks, list(self.infos)), values)

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


def _joined_ids(masks: np.ndarray, ids: list[str | None]) -> list[str | None]:
    """Each row's blocks (a bit mask over `ids`) as their ids joined by '+' (None when none has an id)."""
    names: dict[int, str | None] = {}
    for mask in set(masks.tolist()):
        chosen = [i for bit, i in enumerate(ids) if mask >> bit & 1 and i is not None]
        names[mask] = "+".join(chosen) if chosen else None
    return [names[mask] for mask in masks.tolist()]


def _minutes_text(minutes: float) -> str:
    return str(int(minutes)) if minutes == int(minutes) else f"{minutes:g}"


# ----------------------------------------------------------------------------------------------------------
# The writer


def write_meas_collec(
    frame: pd.DataFrame,
    path: str | os.PathLike,
    *,
    counters: Sequence[str] | Mapping[str, Sequence[str]],
    sender: str = "SubNetwork=1,ManagedElement=BSC01",
    form: str = "list",
    gzip: bool = True,
    offset: str | None = "+08:00",
    object_class: str = "GsmCell",
    vendor: str = "netdiag",
) -> Path:
    """Write `frame` as a valid 32.435 measCollec file; returns the path written (``.gz`` added if gzip).

    `frame` has ``object`` (an LDN) or ``cell`` (an LDN, or a cell name made into
    ``{object_class}={name}``), ``start_time`` (naive wall time), ``period_min`` and the counter
    columns; an optional boolean ``suspect`` column flags rows ``<suspect>true</suspect>``. `counters`
    lists the columns to write, or maps measInfoId -> columns for several measInfo per period. `form`
    ``"list"`` writes measTypes/measResults, ``"indexed"`` measType p/r p. Times carry `offset` (None:
    none). NaN is written ``NIL``. The file is written to a temporary name and renamed.
    """
    if form not in ("list", "indexed"):
        raise ValueError(f"form must be 'list' or 'indexed', not {form!r}")
    groups = {None: list(counters)} if not isinstance(counters, Mapping) else {k: list(v) for k, v in counters.items()}
    spaced = [name for names in groups.values() for name in names if not name or len(name.split()) != 1]
    if form == "list" and spaced:
        raise ValueError(f"counter names with spaces need form='indexed' (a measTypes list cannot hold them): {spaced}")
    target = Path(path)
    if gzip and target.suffix != ".gz":
        target = target.with_name(target.name + ".gz")
    text = _meas_collec_text(
        frame, groups, sender=sender, form=form, offset=offset or "", object_class=object_class, vendor=vendor
    )
    data = text.encode("utf-8")
    if gzip:
        data = gzip_module.compress(data, compresslevel=6, mtime=0)
    temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return target


def _ldn_of(value: str, object_class: str) -> str:
    """An LDN as given, or a cell name made into one RDN (escaped per 32.300)."""
    if "=" in value:
        return value
    escaped = re.sub(r'([,=+<>#;\\"])', r"\\\1", value)
    return f"{object_class}={escaped}"


def _format_value(value: float) -> str:
    """A value as written: an integer without a decimal point, NaN as NIL, else the shortest repr."""
    if value != value:
        return "NIL"
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _meas_collec_text(frame, groups, *, sender, form, offset, object_class, vendor) -> str:
    """The whole file as text: header, one measInfo per (period, measInfoId), footer."""
    if frame.empty:
        raise ValueError("nothing to write: the frame has no rows")
    objects = frame["object"] if "object" in frame.columns else frame["cell"]
    ldns = [_ldn_of(str(v), object_class) for v in objects]
    starts = pd.to_datetime(frame["start_time"])
    minutes = frame["period_min"].astype(float).to_numpy()
    suspect = frame["suspect"].fillna(False).astype(bool).to_numpy() if "suspect" in frame.columns else None
    matrices = {info_id: frame[names].to_numpy(dtype=np.float64) for info_id, names in groups.items()}
    periods = pd.DataFrame({"s": starts.to_numpy(), "p": minutes}).groupby(["s", "p"], sort=True).indices
    ends = starts + pd.to_timedelta(minutes, unit="min")
    out = [_file_header(sender, vendor, _xml_time(starts.min(), offset))]
    for (start, period), rows in periods.items():
        end = _xml_time(pd.Timestamp(start) + pd.Timedelta(minutes=period), offset)
        for job, (info_id, names) in enumerate(groups.items(), start=1):
            flagged = suspect[rows] if suspect is not None else np.zeros(len(rows), dtype=bool)
            lines = _meas_info_lines(
                info_id, job, end, period, names, [ldns[r] for r in rows], matrices[info_id][rows], flagged, form
            )
            out.extend(lines)
    out.append(_file_footer(_xml_time(ends.max(), offset)))
    return "".join(out)


def _file_header(sender: str, vendor: str, begin: str) -> str:
    """From the XML declaration to the managedElement, as in the 32.435 example."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<?xml-stylesheet type="text/xsl" href="MeasDataCollection.xsl"?>\n'
        f'<measCollecFile xmlns="{NS_32435}">\n'
        f'  <fileHeader fileFormatVersion="32.435 V10.0" vendorName={quoteattr(vendor)}>\n'
        f'    <fileSender localDn={quoteattr(sender)} elementType="BSC"/>\n'
        f'    <measCollec beginTime="{begin}"/>\n'
        "  </fileHeader>\n"
        "  <measData>\n"
        f"    <managedElement localDn={quoteattr(sender)} userLabel={quoteattr(sender.split('=')[-1])}/>\n"
    )


def _meas_info_lines(info_id, job, end, minutes, names, ldns, matrix, suspect, form) -> list[str]:
    """One measInfo: job, granPeriod, repPeriod, the counter names, one measValue per object."""
    attr = f" measInfoId={quoteattr(info_id)}" if info_id is not None else ""
    duration = f"PT{int(round(minutes * 60))}S"
    out = [
        f"    <measInfo{attr}>\n",
        f'      <job jobId="{job}"/>\n',
        f'      <granPeriod duration="{duration}" endTime="{end}"/>\n',
        f'      <repPeriod duration="{duration}"/>\n',
    ]
    if form == "list":
        out.append(f"      <measTypes>{escape(' '.join(names))}</measTypes>\n")
    else:
        out.extend(f'      <measType p="{i + 1}">{escape(n)}</measType>\n' for i, n in enumerate(names))
    for ldn, values, flagged in zip(ldns, matrix.tolist(), suspect, strict=True):
        texts = [_format_value(v) for v in values]
        out.append(f"      <measValue measObjLdn={quoteattr(ldn)}>\n")
        if form == "list":
            out.append(f"        <measResults>{' '.join(texts)}</measResults>\n")
        else:
            out.extend(f'        <r p="{i + 1}">{t}</r>\n' for i, t in enumerate(texts))
        if flagged:
            out.append("        <suspect>true</suspect>\n")
        out.append("      </measValue>\n")
    out.append("    </measInfo>\n")
    return out


def _file_footer(end: str) -> str:
    return f'  </measData>\n  <fileFooter>\n    <measCollec endTime="{end}"/>\n  </fileFooter>\n</measCollecFile>\n'


def _xml_time(moment, offset: str) -> str:
    """A wall time written as in 32.435, with the given offset (or none)."""
    return f"{pd.Timestamp(moment):%Y-%m-%dT%H:%M:%S}{offset}"
