"""Where exports come from: a folder of files, some zipped or gzipped, some Excel workbooks, some XML.

Every readable thing (a CSV, a zip member, a sheet) becomes one (name, RawTable) pair, an XML file of a
format netdiag reads one (name, XmlPart) pair; members are read in memory and never extracted. A
`netdiag.yaml` in the folder may say which table a file is.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from ..errors import DataError, UnknownTable
from .parsing import RawTable, parse_file, parse_text
from .schema import TABLES
from .workbook import iter_workbook
from .xml_sources import XmlPart, configuration_tables, is_xml_name, xml_bytes, xml_file

TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
MAP_FILE = "netdiag.yaml"
# A zip bomb guard: members larger than this are refused rather than read into memory.
MAX_MEMBER_BYTES = 2 * 1024**3


def folder_settings(root: Path) -> dict[str, object]:
    """The data folder's netdiag.yaml (its rule settings are the profile's business, see profile.py)."""
    path = root / MAP_FILE
    if not path.is_file():
        return {}
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataError(f"{path}: cannot read ({exc})") from exc
    if not isinstance(document, dict):
        raise DataError(f"{path}: a mapping (files:, alarm_dictionary:, rules:, ...)")
    return document


def alarm_dictionary_file(root: Path) -> str | None:
    """`alarm_dictionary:` in netdiag.yaml: the operator's own alarm names, relative to the folder."""
    value = folder_settings(root).get("alarm_dictionary")
    if value is not None and not isinstance(value, str):
        raise DataError(f"{root / MAP_FILE}: alarm_dictionary: the path of an alarm dictionary file")
    return str(root / value) if value else None


Part = RawTable | XmlPart | UnknownTable


def iter_raw(path: Path, encoding: str | None = None, known: frozenset[str] = frozenset()) -> Iterator[tuple[str, Part]]:
    """Every table-like thing in one file: the file itself, its zip members or its sheets (`known`:
    normalised headers netdiag.yaml `columns:` maps, counted as known when the header row is looked for).

    A part that is no known table comes as its UnknownTable, so the parts after it are still read.
    An XML file (or .xml.gz) on disk is not read here: its part streams it when it is read.
    """
    name = str(path)
    if is_xml_name(path.name):
        try:
            yield from configuration_tables(xml_file(path, name))
        except UnknownTable as unknown:
            yield name, unknown
        return
    if _is_plain_text(path.name):
        try:
            yield name, parse_file(path, name, encoding, known)  # (read from the disk as it is needed)
        except UnknownTable as unknown:
            yield name, unknown
        return

    def read() -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise DataError(f"{name}: cannot read ({exc.strerror})") from exc

    yield from _iter_bytes(read(), name, path.name, encoding, read, known)


def _iter_bytes(
    raw: bytes, name: str, filename: str, encoding: str | None, reload: Callable[[], bytes],
    known: frozenset[str] = frozenset(),
) -> Iterator[tuple[str, Part]]:
    """reload: the same bytes again (a table's text is let go once read, and read again if needed)."""
    lower = filename.lower()
    if lower.endswith(".zip"):
        yield from _iter_zip(raw, name, encoding, known)
    elif lower.endswith(".gz"):
        parts = _iter_bytes(_decompressed(raw, name), name, filename[:-3], encoding, lambda: _decompressed(reload(), name), known)
        del raw  # (and the text inside is held by the parts only while they read it)
        yield from parts
    elif any(lower.endswith(s) for s in EXCEL_SUFFIXES):
        yield from iter_workbook(raw, name, known)
    elif is_xml_name(lower):
        try:
            yield from configuration_tables(xml_bytes(raw, name))
        except UnknownTable as unknown:
            yield name, unknown
    else:
        try:
            parsed = parse_text(raw, name, encoding, reload, known)
        except UnknownTable as unknown:
            yield name, unknown
            return
        del raw  # (the parsed table holds the text for as long as it needs it)
        yield name, parsed


def _decompressed(raw: bytes, name: str) -> bytes:
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError) as exc:
        raise DataError(f"{name}: not a readable gzip file ({exc})") from exc


def _iter_zip(raw: bytes, name: str, encoding: str | None, known: frozenset[str] = frozenset()) -> Iterator[tuple[str, Part]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        raise DataError(f"{name}: not a readable zip file ({exc})") from exc
    with archive:
        for member in archive.infolist():
            if member.is_dir() or not _readable_name(member.filename):
                continue
            if member.file_size > MAX_MEMBER_BYTES:
                raise DataError(f"{name}!{member.filename}: member too large to read in memory")
            member_name = f"{name}!{member.filename}"

            def read(member: zipfile.ZipInfo = member, member_name: str = member_name) -> bytes:
                try:
                    if archive.fp is not None:
                        return archive.read(member)
                    with zipfile.ZipFile(io.BytesIO(raw)) as again:  # (read again after the archive was closed)
                        return again.read(member)
                except (zipfile.BadZipFile, RuntimeError, OSError) as exc:
                    raise DataError(f"{member_name}: cannot read ({exc})") from exc

            yield from _iter_bytes(read(), member_name, member.filename, encoding, read, known)


def _is_plain_text(filename: str) -> bool:
    """Neither an archive nor a workbook (what _iter_bytes reads as text)."""
    lower = filename.lower()
    return not lower.endswith((".zip", ".gz", *EXCEL_SUFFIXES))


def _readable_name(filename: str) -> bool:
    lower = filename.lower()
    base = lower[:-3] if lower.endswith(".gz") else lower
    return any(base.endswith(s) for s in TEXT_SUFFIXES | EXCEL_SUFFIXES | {".zip", ".xml"})


def data_files(root: Path) -> list[Path]:
    """The files of a data folder that may hold tables, in a stable order."""
    return sorted(p for p in root.iterdir() if p.is_file() and _readable_name(p.name))


def other_files(root: Path) -> list[Path]:
    """The files of a data folder netdiag does not read (by their suffix), netdiag.yaml and hidden ones aside."""
    return sorted(p for p in root.iterdir() if p.is_file() and not _readable_name(p.name)
                  and p.name != MAP_FILE and not p.name.startswith("."))
