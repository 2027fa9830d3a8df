"""Planning workbooks: one sheet per technology (the GSM one read, the others skipped with their reason),
the cell name under whatever header names it, keys as CGI, coordinates in degrees or DMS, and the
netdiag.yaml maps (sheets:, columns:) with their errors `file:line:`."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from netdiag import load_dataset
from netdiag.errors import DataError
from netdiag.io.folder import OTHER_TECHNOLOGY, read_folder
from tests.conftest import write


def _book(path, sheets: dict[str, list[list[object]]]) -> None:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)


LTE = [["eNodeB Name", "Cell Name", "TAC", "PCI", "EARFCN", "Latitude", "Longitude"],
       ["E1", "L-A", 1, 10, 1650, 22.5, 114.0]]


def test_the_gsm_sheet_is_read_the_others_skipped_with_their_technology(tmp_path):
    _book(tmp_path / "plan.xlsx", {
        "Cover": [["Network plan v3"], ["approved"]],
        "LTE": LTE,
        "GSM": [["Site", "GSM Cell Name", "CGI", "BCCH", "BSIC", "Lat", "Lon", None, "=note"],
                ["S1", "S0042A", "460-00-4101-20041", 62, 53, "22°32'15.3\"N", "114 03 21.6 E", "x", None],
                ["S1", "S0042B", "460 00 4101 20042", 66, 54, 22.5375, 114.056, None, None],
                ["S2", "S0099A", "460-00-1005-4E4B", 70, 11, "22.6", "114.1", None, None]],
        "UMTS小区": [["Cell Name", "LAC", "CI", "PSC", "UARFCN"], ["U-A", 1, 2, 200, 10700]],
    })
    read = read_folder(tmp_path)
    cells = read.tables["cells"].set_index("cell")
    assert list(cells.index) == ["S0042A", "S0042B", "S0099A"]
    assert cells.loc["S0042A", ["lac", "ci", "bcch", "bsic"]].tolist() == [4101, 20041, 62, "53"]
    assert cells.loc["S0042B", ["lac", "ci"]].tolist() == [4101, 20042]
    assert cells.loc["S0099A", ["lac", "ci"]].tolist() == [4101, 20043]  # hexadecimal LAC and CI
    assert cells.loc["S0042A", "lat"] == pytest.approx(22.5375833, abs=1e-6)
    assert cells.loc["S0042A", "lon"] == pytest.approx(114.056, abs=1e-6)
    skipped = {s.path.rsplit("!", 1)[-1]: s for s in read.skipped}
    assert skipped["LTE"].why == skipped["UMTS小区"].why == OTHER_TECHNOLOGY
    assert [r.path.rsplit("!", 1)[-1] for r in read.reports] == ["GSM"]


def test_a_sector_name_header_names_the_cell(tmp_path):
    _book(tmp_path / "sectors.xlsx", {"2G": [["扇区名称", "LAC", "CI", "纬度度", "纬度分", "纬度秒", "经度"],
                                              ["A1", 4101, 1, 22, 32, 15.3, 114.2]]})
    cells = read_folder(tmp_path).tables["cells"]
    assert cells["cell"].tolist() == ["A1"] and cells["lat"].iloc[0] == pytest.approx(22.5375833, abs=1e-6)


def test_netdiag_yaml_maps_a_sheet_and_renames_columns(tmp_path):
    _book(tmp_path / "plan.xlsx", {"Sheet1": [["Sector", "Loc Area", "Cell Id", "BCCH No"], ["A1", 4101, 1, 60]],
                                   "LTE": LTE})
    write(tmp_path / "netdiag.yaml", "sheets:\n  Sheet1: cells\ncolumns:\n  cells:\n    Sector: cell\n"
          "    Loc Area: lac\n    Cell Id: ci\n    BCCH No: bcch\n")
    read = read_folder(tmp_path)
    cells = read.tables["cells"]
    assert cells[["cell", "lac", "ci", "bcch"]].values.tolist() == [["A1", 4101, 1, 60]]
    report = next(r for r in read.reports if r.table == "cells")
    assert report.columns["Sector"] == "cell" and any("netdiag.yaml columns: Sector -> cell" in n for n in report.notes)
    assert report.recognised_by == "mapped"


@pytest.mark.parametrize("text, line, words", [
    ("sheets:\n  GSM: cellz\n", 2, "unknown table 'cellz'"),
    ("columns:\n  cells:\n    Sector: cel\n", 3, "'cel' is no column of cells"),
    ("columns:\n  cells:\n    Sector: cell\n  neighbours:\n    Sector: neighbour\n", 5, "already read as cell"),
])
def test_bad_maps_are_named_by_file_and_line(tmp_path, text, line, words):
    write(tmp_path / "cells.csv", "cell,lac,ci\nA,1,2\n")
    write(tmp_path / "netdiag.yaml", text)
    with pytest.raises(DataError, match=rf"netdiag\.yaml:{line}: .*{words}"):
        load_dataset(tmp_path)
