"""Where exports come from: a folder of files, some zipped or gzipped, some Excel workbooks, some XML.

Every readable thing (a CSV, a zip member, a sheet) becomes one (name, RawTable) pair, an XML file of a
format netdiag reads one (name, XmlPart) pair; members are read in memory and never extracted. A
`netdiag.yaml` in the folder may say which table a file is.
"""

from __future__ import annotations

import gzip
import io
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from ..errors import DataError, UnknownTable
from .parsing import RawTable, parse_file, parse_stream, parse_text
from .schema import TABLES
from .workbook import iter_workbook
from .xml_sources import XmlPart, configuration_tables, is_xml_name, xml_bytes, xml_file

TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
MAP_FILE = "netdiag.yaml"
# Zip bomb guards. A member larger than this is beyond any real export (a month of 15-minute
# statistics of 10,000 cells is about 6 GB, split per day or per BSC by every OMC-R we know) ...
MAX_MEMBER_BYTES = 4 * 1024**3
# ... and so is one inflating to more than this many times its compressed size: CSV exports deflate
# 3 to 10 times (the sample network's: 3.3 to 8.5), a zero-heavy one under 30; a bomb up to 1,000
# times, rows copied over and over about 90. (Below MIN_CHECKED_BYTES any ratio is harmless.)
MAX_INFLATION = 40
MIN_CHECKED_BYTES = 16 * 1024**2
# A member that is not streamed (not ASCII text, a workbook, a nested archive) is read into memory
# whole: at most this much.
MAX_WHOLE_MEMBER_BYTES = 512 * 1024**2


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
    if path.name.lower().endswith(".zip"):
        yield from _iter_zip_file(path, name, encoding, known)
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
            member_name = f"{name}!{member.filename}"
            _refuse_bomb(member, member_name, whole=True)

            def read(member: zipfile.ZipInfo = member, member_name: str = member_name) -> bytes:
                try:
                    if archive.fp is not None:
                        return archive.read(member)
                    with zipfile.ZipFile(io.BytesIO(raw)) as again:  # (read again after the archive was closed)
                        return again.read(member)
                except (zipfile.BadZipFile, RuntimeError, OSError) as exc:
                    raise DataError(f"{member_name}: cannot read ({exc})") from exc

            yield from _iter_bytes(read(), member_name, member.filename, encoding, read, known)


def _iter_zip_file(path: Path, name: str, encoding: str | None,
                   known: frozenset[str] = frozenset()) -> Iterator[tuple[str, RawTable | UnknownTable]]:
    """The members of a zip on disk, never the archive in memory: a text member is streamed (scanned
    as it inflates, then inflated again as pyarrow reads it); any other is read whole, within bounds."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise DataError(f"{name}: not a readable zip file ({exc})") from exc
    except OSError as exc:
        raise DataError(f"{name}: cannot read ({exc.strerror})") from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and _readable_name(m.filename)]
    for member in members:
        member_name = f"{name}!{member.filename}"
        streamed = _is_plain_text(member.filename)
        _refuse_bomb(member, member_name, whole=not streamed)

        def open_member(member: zipfile.ZipInfo = member, member_name: str = member_name):
            try:
                with zipfile.ZipFile(path) as again:  # (the member's stream keeps the file open)
                    return _Checked(again.open(member), member_name)
            except (zipfile.BadZipFile, RuntimeError, OSError) as exc:
                raise DataError(f"{member_name}: cannot read ({exc})") from exc

        def read(open_member=open_member) -> bytes:
            with open_member() as stream:
                return stream.read()

        if streamed:
            try:
                yield member_name, parse_stream(open_member, read, member_name, encoding, known)
            except UnknownTable as unknown:
                yield member_name, unknown
        else:
            yield from _iter_bytes(read(), member_name, member.filename, encoding, read, known)


def _refuse_bomb(member: zipfile.ZipInfo, name: str, whole: bool) -> None:
    """DataError for a member whose size or inflation is beyond any real export (or, read whole,
    beyond what is read into memory)."""
    size, packed = member.file_size, max(member.compress_size, 1)
    if size > MIN_CHECKED_BYTES and size / packed > MAX_INFLATION:
        raise DataError(f"{name}: refused: it would inflate to {size / 1024**2:,.0f} MiB, {size / packed:,.0f} times its "
                        f"compressed size (real exports: under {MAX_INFLATION}); a zip bomb or a damaged archive")
    limit = MAX_WHOLE_MEMBER_BYTES if whole else MAX_MEMBER_BYTES
    if size > limit:
        raise DataError(f"{name}: refused: {size / 1024**2:,.0f} MiB inflated, beyond any real export "
                        f"(at most {limit / 1024**2:,.0f} MiB{' for a member read whole' if whole else ''})")


class _Checked(io.RawIOBase):
    """A zip member's stream (zipfile inflates no more than the declared size and checks the CRC), a
    damaged member reported as a DataError naming it."""

    def __init__(self, stream, name: str) -> None:
        self.stream, self.name = stream, name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self.stream.read(len(buffer))
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise DataError(f"{self.name}: cannot read ({exc})") from exc
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.stream.close()
        super().close()


def _is_plain_text(filename: str) -> bool:
    """Neither an archive, a workbook nor XML (what _iter_bytes reads as delimited text)."""
    lower = filename.lower()
    return not lower.endswith((".zip", ".gz", *EXCEL_SUFFIXES)) and not is_xml_name(lower)


def _readable_name(filename: str) -> bool:
    lower = filename.lower()
    base = lower[:-3] if lower.endswith(".gz") else lower
    return any(base.endswith(s) for s in TEXT_SUFFIXES | EXCEL_SUFFIXES | {".zip", ".xml"})


def data_files(root: Path) -> list[Path]:
    """The files of a data folder that may hold tables, in a stable order."""
    return sorted(root / name for name in _file_names(root) if _readable_name(name))


def other_files(root: Path) -> list[Path]:
    """The files of a data folder netdiag does not read (by their suffix), netdiag.yaml and hidden ones aside."""
    return sorted(root / name for name in _file_names(root)
                  if not _readable_name(name) and name != MAP_FILE and not name.startswith("."))


def _file_names(root: Path) -> list[str]:
    """The names of a folder's files (a day of PM files is 20,000 of them: told apart without a stat each)."""
    with os.scandir(root) as entries:
        return [entry.name for entry in entries if _is_file(entry)]


def _is_file(entry: os.DirEntry) -> bool:
    """A regular file (or a link to one); a link that loops or points nowhere is none."""
    try:
        return entry.is_file()
    except OSError:  # ELOOP: a symlink loop
        return False
