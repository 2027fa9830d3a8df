"""Zip members are streamed, never the archive nor a text member held whole, and a bomb is refused
before it inflates (issue 15, item 4)."""

from __future__ import annotations

import zipfile

import pytest

from netdiag.errors import DataError
from netdiag.io.readers import read_raw
from netdiag.io.sources import iter_raw

TEXT = "start_time,cell,tch_drops\n" + "".join(f"2026-11-20 {h:02d}:00,S{c},{c % 3}\n" for h in range(24) for c in range(50))


def test_a_text_member_is_streamed_and_reads_as_the_file_would(tmp_path):
    (tmp_path / "kpi.csv").write_text(TEXT)
    with zipfile.ZipFile(tmp_path / "kpi.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("kpi.csv", TEXT)
    [(name, raw)] = list(iter_raw(tmp_path / "kpi.zip"))
    assert name.endswith("kpi.zip!kpi.csv") and raw.stream is not None and raw.utf8 is None  # (not held whole)
    zipped, report = read_raw(raw, name)
    [(_, plain)] = list(iter_raw(tmp_path / "kpi.csv"))
    assert zipped.equals(read_raw(plain, "kpi.csv")[0]) and report.rows == 1200


def test_a_member_inflating_far_beyond_any_export_is_refused_unread(tmp_path):
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("cell_kpi.csv", "w") as member:
            member.write(TEXT[:26].encode())
            for _ in range(64):
                member.write(b"0" * (1 << 20))
    with pytest.raises(DataError, match=r"bomb.zip!cell_kpi.csv: refused: it would inflate to 64 MiB, .* times its compressed size"):
        list(iter_raw(tmp_path / "bomb.zip"))
