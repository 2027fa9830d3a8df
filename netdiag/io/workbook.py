"""Excel workbooks: every sheet that holds a table, the GSM one where sheets are one per technology.

A planning workbook keeps one sheet per technology (`GSM`, `LTE`, `UMTS`; `2G小区`, `4G小区`): each
looks like a cells table, and only the GSM one is netdiag's. A sheet's technology is told by its
name, else by its header (EARFCN, PCI, TAC, UARFCN, PSC... are no GSM columns; BCCH, BSIC, NCC are).
Sheets of another technology are skipped, each with its reason, so `data inspect` says which sheet
was used; `sheets:` in netdiag.yaml reads one anyway. Formula cells give their computed value (or
nothing when the workbook was never computed), unnamed columns are not read.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from ..errors import DataError, UnknownTable
from .parsing import RawTable, parse_sheet
from .schema import normalise_header

_EDGE = r"(?<![a-z0-9])"
_END = r"(?![a-z0-9])"
_OTHER = re.compile(rf"{_EDGE}(lte|4g|5g|nr|umts|wcdma|3g|td[-_ ]?scdma|td[-_ ]?lte|cdma|evdo|nb[-_ ]?iot){_END}", re.IGNORECASE)
_GSM = re.compile(rf"{_EDGE}(gsm|2g|dcs|bss|gsm900|gsm1800|dcs1800){_END}|g网", re.IGNORECASE)
_OTHER_HEADERS = {"earfcn", "pci", "tac", "uarfcn", "psc", "enodeb_id", "enb_id", "enodebid", "gnodeb_id", "nrarfcn",
                  "ssb_arfcn", "rnc_id", "rncid", "scrambling_code", "eci", "nci", "dl_earfcn", "primary_scrambling_code"}
_GSM_HEADERS = {"bcch", "bsic", "ncc", "bcc", "bcch_arfcn", "bcchno", "频点", "bcch频点"}
GSM, OTHER = "GSM", "other"


class OtherTechnology(UnknownTable):
    """A sheet of another technology than GSM; `raw` is its table (read anyway when netdiag.yaml maps it)."""

    def __init__(self, name: str, technology: str, raw: RawTable) -> None:
        self.technology, self.raw = technology, raw
        super().__init__(f"{name}: a sheet of another technology ({technology})")


def technology(title: str, headers: list[str]) -> tuple[str | None, str]:
    """GSM, OTHER or None (not said) for a sheet, and the word that said it."""
    named = _GSM.search(title)
    if named:
        return GSM, named.group(0)
    other = _OTHER.search(title)
    if other:
        return OTHER, other.group(0)
    normalised = {normalise_header(h) for h in headers}
    if normalised & _GSM_HEADERS:
        return GSM, ""
    other_headers = sorted(normalised & _OTHER_HEADERS)
    return (OTHER, other_headers[0].upper()) if other_headers else (None, "")


def iter_workbook(raw: bytes, name: str, known: frozenset[str] = frozenset()) -> Iterator[tuple[str, RawTable | UnknownTable]]:
    """Every sheet with a table, as (`file!sheet`, RawTable); a sheet of another technology as its
    OtherTechnology (to be skipped with its reason, or read when mapped)."""
    try:
        from openpyxl import load_workbook
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise DataError(f"{name}: reading Excel needs openpyxl") from exc
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise DataError(f"{name}: not a readable Excel workbook ({type(exc).__name__})") from exc
    try:
        for sheet in workbook.worksheets:
            sheet_name = f"{name}!{sheet.title}"
            try:
                table = parse_sheet([list(row) for row in sheet.iter_rows(values_only=True)], sheet_name, known)
            except UnknownTable:
                continue  # a cover sheet, a chart: not every sheet is a table
            kind, word = technology(sheet.title, table.headers)
            yield sheet_name, (OtherTechnology(sheet_name, word, table) if kind == OTHER else table)
    finally:
        workbook.close()
