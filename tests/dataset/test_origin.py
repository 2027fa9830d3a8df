"""A cell configured twice is named with its file and line, and where it was first (issue 15, item 7)."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from conftest import write
from netdiag import DataError, build_dataset, load_dataset

HEADER = "cell,bsc,site,lat,lon\n"


def test_twice_in_one_file(tmp_path):
    write(tmp_path / "cells.csv", HEADER + "A,B1,S1,30,114\nB,B1,S1,30,114\n\nC,B1,S2,30,114\nB,B1,S3,30,114\n")
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path)
    assert str(caught.value) == f"{tmp_path / 'cells.csv'}:6: cell 'B' is configured more than once (first at line 3)"


def test_once_in_each_of_two_files(tmp_path):
    write(tmp_path / "a_cells.csv", HEADER + "A,B1,S1,30,114\nB,B1,S1,30,114\n")
    write(tmp_path / "b_cells.csv", "Report: cells of BSC2\n" + HEADER + "C,B2,S2,30,114\nB,B2,S3,30,114\n")
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path)
    assert str(caught.value) == (f"{tmp_path / 'b_cells.csv'}:4: cell 'B' is configured more than once "
                                 f"(first at {tmp_path / 'a_cells.csv'}:3)")


def test_in_a_zip_member(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cfg/cells.csv", HEADER + "A,B1,S1,30,114\nA,B1,S1,30,114\n")
    (tmp_path / "export.zip").write_bytes(buffer.getvalue())
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path)
    assert str(caught.value) == f"{tmp_path / 'export.zip'}!cfg/cells.csv:3: cell 'A' is configured more than once (first at line 2)"


def test_frames_in_memory_name_the_rows():
    cells = pd.DataFrame({"cell": ["A", "B", "A"], "bsc": ["B1", "B1", "B1"]})
    with pytest.raises(DataError, match=r"^cells row 3: cell 'A' is configured more than once \(first at cells row 1\)$"):
        build_dataset({"cells": cells})
