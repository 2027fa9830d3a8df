"""Recognising a 3GPP PM XML file from its first bytes: the root element decides."""

from __future__ import annotations

import contextlib
import re
import zlib
from dataclasses import dataclass

from lxml import etree

from .model import MDC, MEAS_COLLEC


# Any 3GPP measCollec namespace (32.435, the 32.401-versioned one of the files written before the split).
_MEAS_COLLEC_NS = re.compile(r"^https?://www\.3gpp\.org/.*32[._]?4\d\d#measCollec$")
# The root must show up in this much of the file; a PM file's prolog is a few hundred bytes.
HEAD_BYTES = 64 * 1024
# named_root's quick look at a gzipped file decompresses this much (a PM file's whole prolog; a 64 KiB
# head is about the whole of a BSC's 15-minute file, decompressed again when it is read).
NAMED_ROOT_BYTES = 8 * 1024


@dataclass(frozen=True)
class _Root:
    kind: str | None  # MEAS_COLLEC, MDC or None (some other XML)
    namespace: str | None
    declares_entities: bool
    local: str | None = None  # the root element's name without its namespace


def sniff(head: bytes) -> str | None:
    """``"measCollec"`` or ``"mdc"`` when these first bytes (a few KB) open a 3GPP PM XML file, else None.

    Gzip-compressed bytes are decompressed as far as they go. The root element decides: any namespace
    prefix, the 32.435 or 32.401-versioned measCollec namespace or none; other XML gives None.
    """
    if head[:2] == b"\x1f\x8b":
        head = _gunzip_head(head)
    root = _probe(head)
    return root.kind if root is not None else None


def named_root(head: bytes) -> str | None:
    """MEAS_COLLEC or MDC when these first bytes open with such a start tag, unprefixed and of a 3GPP
    namespace (or none): the quick look a folder takes at each of thousands of files. None when the
    start tag says less than that (a prefix, another namespace, no such tag): root_of decides then."""
    if head[:2] == b"\x1f\x8b":
        head = _gunzip_head(head, NAMED_ROOT_BYTES)
    match = _PLAIN_ROOT.search(head)
    if match is None:
        return None
    name, attributes = match.group(1), match.group(2)
    declared = _DEFAULT_NS.search(attributes)
    if name == b"mdc":
        return MDC if declared is None else None
    if declared is None or _MEAS_COLLEC_NS.match(declared.group(1).decode("ascii", "replace")):
        return MEAS_COLLEC
    return None


def root_of(head: bytes) -> tuple[str | None, str | None, str | None] | None:
    """(kind, root element name, namespace) of the XML these first bytes open (gzip undone as far as
    they go); kind is MEAS_COLLEC, MDC or None for other XML. None: no XML root element in them."""
    if head[:2] == b"\x1f\x8b":
        head = _gunzip_head(head)
    root = _probe(head)
    return None if root is None else (root.kind, root.local, root.namespace)


def _gunzip_head(data: bytes, most: int = HEAD_BYTES) -> bytes:
    """As much of a gzip stream's content as these bytes decompress to, `most` bytes at most (empty
    when they are not gzip)."""
    try:
        return zlib.decompressobj(wbits=31).decompress(data, most)
    except zlib.error:
        return b""


_ROOT_NAME = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(measCollecFile|mdc)[\s>/]")
# The start tag of an unprefixed root, its attributes, and a default namespace among them.
_PLAIN_ROOT = re.compile(rb"<(measCollecFile|mdc)((?:\s[^>]*)?)/?>")
_DEFAULT_NS = re.compile(rb"\sxmlns\s*=\s*[\"']([^\"']*)[\"']")


def _probe(head: bytes) -> _Root | None:
    """The root element of the XML these bytes begin, or None when they hold no root element at all."""
    declares_entities = b"<!ENTITY" in head
    if declares_entities:
        # Not parsed at all: the root is found by its name, the file is refused when read.
        match = _ROOT_NAME.search(head)
        if match is None:
            return None
        kind = MEAS_COLLEC if match.group(1) == b"measCollecFile" else MDC
        return _Root(kind, None, True, match.group(1).decode())
    quick = _quick_root(head)
    if quick is not None:
        return quick
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


# A file that opens (after an optional BOM and XML declaration) with an unprefixed PM root element,
# its attributes well formed: the usual PM file, told without a parser (a parser per file costs
# more than a small file's reading).
_OPENING_ROOT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml\s[^<>]*\?>\s*)?<(measCollecFile|mdc)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:\"[^\"<&]*\"|'[^'<&]*'))*)\s*/?>"
)


def _quick_root(head: bytes) -> _Root | None:
    """The root of the usual PM file, read from its opening bytes; None: let the parser say."""
    match = _OPENING_ROOT.match(head)
    if match is None:
        return None
    declared = _DEFAULT_NS.search(match.group(2))
    namespace = declared.group(1) if declared else b""
    if not namespace.isascii():
        return None
    return _classify(etree.QName(namespace.decode("ascii") or None, match.group(1).decode("ascii")))


def _classify(name: etree.QName) -> _Root:
    """What a root element's name says the file is."""
    namespace, local = name.namespace, name.localname
    if local == "measCollecFile" and (namespace is None or _MEAS_COLLEC_NS.match(namespace)):
        return _Root(MEAS_COLLEC, namespace, False, local)
    if local == "mdc" and namespace is None:
        return _Root(MDC, None, False, local)
    return _Root(None, namespace, False, local)
