"""XML files in a data folder, told apart by their root element.

A `.xml` (or `.xml.gz`, or a zip member of either) is opened only as far as its root element: a
3GPP PM file (32.435 `measCollecFile`, 32.401 `mdc`) becomes an XmlPart that pm_tables.py streams;
a configuration dump (Huawei GExport, 3GPP 32.615 Bulk CM: root `bulkCmConfigDataFile`) one whose
tables cm_xml reads; any other root is skipped with its name and namespace. A new XML format is one
more entry in FORMATS and one more reader.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import DataError, UnknownTable
from .parsing import RawTable
from .cm_xml import FORMATS as CM_FORMATS
from .cm_xml import cm_kind, read_cm
from .pm_xml import HEAD_BYTES, MDC, MEAS_COLLEC, root_of
from .pm_xml.recognise import named_root

# What each root netdiag reads is, as data inspect names it.
FORMATS = {MEAS_COLLEC: "3GPP TS 32.435 measCollec XML", MDC: "3GPP TS 32.401 mdc XML", **CM_FORMATS}
XML_SUFFIXES = (".xml", ".xml.gz")


@dataclass(frozen=True)
class XmlPart:
    """An XML file (or zip member) of a format netdiag reads, opened again when it is read."""

    name: str
    kind: str  # a key of FORMATS
    open: Callable[[], BinaryIO]  # a new binary stream of the file as stored (gzip is undone by the reader)

    @property
    def format(self) -> str:
        return FORMATS[self.kind]


class UnknownXml(UnknownTable):
    """XML of a format netdiag does not read (its root element says which)."""

    def __init__(self, name: str, root: str | None, namespace: str | None) -> None:
        self.root, self.namespace = root, namespace
        where = f" (namespace {namespace})" if namespace else ""
        what = f"root element <{root}>{where}" if root else "no XML root element in its first bytes"
        super().__init__(f"{name}: XML of no format netdiag reads: {what}")


class EmptyDump(UnknownTable):
    """A configuration dump of a format netdiag reads that holds no GSM cell (another technology's)."""


def is_xml_name(filename: str) -> bool:
    return filename.lower().endswith(XML_SUFFIXES)


def xml_part(name: str, head: bytes, opener: Callable[[], BinaryIO]) -> XmlPart:
    """The part for an XML file whose first bytes are `head`; UnknownXml when netdiag does not read it."""
    kind = named_root(head)
    if kind is not None:
        return XmlPart(name, kind, opener)
    root = root_of(head)
    if root is None and b"<!ENTITY" in head and b"<bulkCmConfigDataFile" in head:
        line = head[: head.find(b"<!ENTITY")].count(b"\n") + 1
        raise DataError(f"{name}:{line}: refused: the DTD declares entities (configuration dumps need none)")
    kind = root and (root[0] or cm_kind(root[1], root[2]))
    if root is None or kind not in FORMATS:
        raise UnknownXml(name, root[1] if root else None, root[2] if root else None)
    return XmlPart(name, kind, opener)


def is_configuration(part: XmlPart) -> bool:
    """A configuration dump (read into tables as it is met), not a statistics file."""
    return part.kind in CM_FORMATS


def xml_file(path: Path, name: str) -> XmlPart:
    """An XML file on disk: its head read to know it, the file streamed again when it is read."""
    try:
        with path.open("rb") as file:
            head = file.read(HEAD_BYTES)
    except OSError as exc:
        raise DataError(f"{name}: cannot read ({exc.strerror})") from exc
    if not head.strip():
        raise DataError(f"{name}: the file is empty")
    return xml_part(name, head, lambda: path.open("rb"))


def xml_bytes(raw: bytes, name: str) -> XmlPart:
    """An XML file held in memory (a zip member, a gzip member decompressed)."""
    if not raw.strip():
        raise DataError(f"{name}: the file is empty")
    return xml_part(name, raw[:HEAD_BYTES], lambda: io.BytesIO(raw))


def configuration_tables(part: XmlPart) -> Iterator[tuple[str, XmlPart | RawTable]]:
    """A statistics file as itself (streamed when read); a configuration dump read into its tables."""
    if not is_configuration(part):
        yield part.name, part
        return
    with part.open() as stream:
        tables = read_cm(stream, part.name, part.kind)
    if not tables:
        raise EmptyDump(f"{part.name}: a {part.format} without any GSM cell or relation")
    yield from tables
