"""`nbr_1 … nbr_N` columns of a cell row become neighbour relations."""

from __future__ import annotations

from netdiag import load_dataset
from netdiag.io.folder import read_folder
from tests.conftest import write


def test_wide_neighbour_columns_become_relations(tmp_path):
    write(tmp_path / "cells.csv", "cell,lac,ci,bcch,nbr_1,nbr_2,NBR 3\n"
          "A,1,11,60,B,C,\nB,1,12,62,A,,\nC,1,13,64,A,B,X9\n")
    read = read_folder(tmp_path)
    assert list(read.tables["cells"].columns[:4]) == ["cell", "lac", "ci", "bcch"]
    assert not [c for c in read.tables["cells"].columns if "nbr" in c]
    pairs = list(zip(read.tables["neighbours"]["cell"], read.tables["neighbours"]["neighbour"]))
    assert pairs == [("A", "B"), ("A", "C"), ("B", "A"), ("C", "A"), ("C", "B"), ("C", "X9")]
    report = next(r for r in read.reports if r.table == "cells")
    assert "6 neighbour relations from its neighbour-list columns" in report.notes


def test_wide_lists_and_a_neighbours_file_together(tmp_path):
    write(tmp_path / "cells.csv", "cell,lac,ci,neighbour_1\nA,1,11,B\nB,1,12,\n")
    write(tmp_path / "neighbours.csv", "cell,neighbour\nB,A\n")
    neighbours = load_dataset(tmp_path).tables["neighbours"]
    assert sorted(zip(neighbours["cell"], neighbours["neighbour"])) == [("A", "B"), ("B", "A")]
