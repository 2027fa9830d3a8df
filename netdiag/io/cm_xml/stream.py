"""A configuration dump opened for streaming: gzip undone, DTD entities refused, lxml iterparse."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from ...errors import DataError
from ..pm_xml.reader import _Prefixed, _read_head
from ..pm_xml.recognise import HEAD_BYTES


def elements(
    stream: BinaryIO, name: str, events: tuple[str, ...] = ("start", "end"), tags: tuple[str, ...] | None = None
) -> Iterator[tuple[str, etree._Element]]:
    """(event, element) of every element of a dump, as lxml iterparse streams them.

    Gzip is recognised by its magic bytes; a document declaring entities is refused before it is
    parsed (no entity is ever expanded, no DTD or network read); malformed XML is a DataError naming
    file and line. `tags`: only these elements raise events (`{*}name`: any namespace). The caller
    frees what it has read (`forget`).
    """
    magic = _read_head(stream, 2)
    raw: BinaryIO = _Prefixed(magic, stream)  # type: ignore[assignment]
    if magic == b"\x1f\x8b":
        raw = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
    try:
        head = _read_head(raw, HEAD_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{name}: cannot read ({exc})") from exc
    if b"<!ENTITY" in head:
        line = head[: head.find(b"<!ENTITY")].count(b"\n") + 1
        raise DataError(f"{name}:{line}: refused: the DTD declares entities (configuration dumps need none)")
    parsed = etree.iterparse(
        _Prefixed(head, raw), events=events, tag=tags, resolve_entities=False, no_network=True, load_dtd=False,
        remove_comments=True, remove_pis=True, huge_tree=False,
    )
    try:
        yield from parsed
    except etree.XMLSyntaxError as exc:
        raise DataError(f"{name}:{exc.lineno or '?'}: malformed XML ({exc.msg})") from exc
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{name}: cannot read ({exc})") from exc


def forget(element: etree._Element) -> None:
    """Free an element read and the siblings before it (memory stays that of one object)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def local(tag: object) -> str:
    """An element's name without its namespace."""
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]
