"""The writers (CSV, XLSX, JSON, KML, GeoJSON) and `netdiag suspects` writing them."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from netdiag.diagnosis import suspects as suspects_module
from netdiag.render import files as export
from netdiag.cli.app import app
from netdiag.errors import UsageError
from netdiag.diagnosis.suspects import rank_suspects

KML = "{http://www.opengis.net/kml/2.2}"
NASTY = 'A<&>"\'1'

runner = CliRunner()


@pytest.fixture
def frame() -> pd.DataFrame:
    """Four rows: odd characters, lists, a dict, missing values, numpy numbers; two rows without a place."""
    return pd.DataFrame(
        {
            "cell": [NASTY, "小区二", "C3", "C4"],
            "lat": [30.5, 30.6, np.nan, 0.0],
            "lon": [114.25, 114.35, 114.1, 0.0],
            "score": np.array([0.9, 0.5, 0.25, 0.1]),
            "count": pd.array([3, None, 1, 2], dtype="Int64"),
            "severity": ["critical", "medium", "low", "high"],
            "causes": [["trx_latent_fault", "cochannel_interference"], ["coverage_gap"], [], ["lac_border"]],
            "evidence": [{"drops": np.int64(5), "rate": np.float64(0.05)}, {}, {"x": None}, {"y": "是"}],
            "note": ["=1+1", "扫频测试；记录C/I", None, "tab\there\x01"],
        }
    )


# ---------------------------------------------------------------- CSV and JSON


def test_csv_file_has_a_bom_and_round_trips(tmp_path, frame):
    path = tmp_path / "out.csv"
    assert export.write_csv(frame, path) == 0
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    assert back["cell"].tolist() == frame["cell"].tolist()
    assert back["causes"].tolist() == ["trx_latent_fault; cochannel_interference", "coverage_gap", "", "lac_border"]
    assert json.loads(back["evidence"][0]) == {"drops": 5, "rate": 0.05}
    assert back["note"][1] == "扫频测试；记录C/I" and back["score"].tolist() == [0.9, 0.5, 0.25, 0.1]
    assert back["count"].tolist() == ["3", "", "1", "2"]  # Int64 with a gap: no "3.0", no "<NA>"


def test_csv_stream_has_no_bom(frame):
    stream = io.StringIO()
    export.write_csv(frame, stream)
    text = stream.getvalue()
    assert text.startswith("cell,lat,lon") and "\ufeff" not in text


def test_json_is_plain_and_strict(tmp_path, frame):
    path = tmp_path / "out.json"
    export.write_json({"rows": frame, "n": np.int64(4)}, path)
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "小区二" in text  # not \u escaped
    doc = json.loads(text)
    assert doc["n"] == 4 and doc["rows"][2]["lat"] is None and doc["rows"][1]["count"] is None
    assert doc["rows"][0]["causes"] == ["trx_latent_fault", "cochannel_interference"]
    assert doc["rows"][0]["evidence"] == {"drops": 5, "rate": 0.05}


def test_json_safe_values():
    assert export.json_safe([np.float64("nan"), np.inf, pd.NA, pd.NaT, np.bool_(True), pd.Timestamp("2026-11-20 14:00")]) == [
        None, None, None, None, True, "2026-11-20T14:00:00"
    ]


# ---------------------------------------------------------------- XLSX


def test_xlsx_has_header_rows_numbers_and_no_formulas(tmp_path, frame):
    path = tmp_path / "out.xlsx"
    export.write_xlsx(frame, path, sheet="suspects")
    sheet = openpyxl.load_workbook(path)["suspects"]
    assert [c.value for c in sheet[1]] == list(frame.columns)
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:I5"
    assert sheet.max_row == 5
    assert sheet["A2"].value == NASTY and sheet["D2"].value == 0.9 and sheet["E2"].value == 3
    assert sheet["E3"].value is None and sheet["B4"].value is None
    assert sheet["G2"].value == "trx_latent_fault; cochannel_interference"
    assert sheet["I2"].value == "=1+1" and sheet["I2"].data_type == "s"  # text, never a formula
    assert sheet["I5"].value == "tab\there"  # a control character XLSX cannot hold is dropped


def test_xlsx_widths_count_cjk_double(tmp_path):
    path = tmp_path / "w.xlsx"
    export.write_xlsx(pd.DataFrame({"a": ["abcdefghij"], "b": ["小区小区小区小区小区"]}), path)
    widths = openpyxl.load_workbook(path).active.column_dimensions
    assert widths["B"].width > widths["A"].width >= 10


def test_xlsx_needs_a_file(frame):
    with pytest.raises(UsageError, match="output file"):
        export.write_table(frame, io.StringIO(), "xlsx")


# ---------------------------------------------------------------- KML and GeoJSON


def test_kml_is_valid_escaped_and_leaves_out_rows_without_place(tmp_path, frame):
    path = tmp_path / "out.kml"
    assert export.write_kml(frame, path, name="a & b") == 2
    root = ET.parse(path).getroot()
    assert root.tag == f"{KML}kml"
    document = root.find(f"{KML}Document")
    assert document.findtext(f"{KML}name") == "a & b"
    placemarks = document.findall(f"{KML}Placemark")
    assert [p.findtext(f"{KML}name") for p in placemarks] == [NASTY, "小区二"]
    first = placemarks[0]
    assert first.findtext(f"{KML}Point/{KML}coordinates") == "114.250000,30.500000"  # lon,lat
    assert first.findtext(f"{KML}styleUrl") == "#severity-critical"
    assert f"cell: {NASTY}" not in first.findtext(f"{KML}description")  # the label is the name, not repeated
    assert "causes: trx_latent_fault; cochannel_interference" in first.findtext(f"{KML}description")
    data = {d.get("name"): d.findtext(f"{KML}value") for d in first.iter(f"{KML}Data")}
    assert data["cell"] == NASTY and data["score"] == "0.9" and data["note"] == "=1+1"
    styles = {s.get("id"): s.findtext(f"{KML}IconStyle/{KML}color") for s in document.findall(f"{KML}Style")}
    assert styles["severity-critical"] == "ff0000ff"  # aabbggrr: red
    assert placemarks[1].findtext(f"{KML}description").count("\n") >= 3


def test_kml_to_a_stream_is_text(frame):
    stream = io.StringIO()
    export.write_kml(frame, stream, description_columns=["score"], labels={"score": "得分"})
    root = ET.fromstring(stream.getvalue().encode("utf-8"))
    descriptions = [p.findtext(f"{KML}description") for p in root.iter(f"{KML}Placemark")]
    assert descriptions == ["得分: 0.9", "得分: 0.5"]


def test_geojson_points_are_lon_lat(tmp_path, frame):
    path = tmp_path / "out.geojson"
    assert export.write_geojson(frame, path) == 2
    text = path.read_text(encoding="utf-8")
    assert "小区二" in text and "NaN" not in text
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 2
    feature = doc["features"][0]
    assert feature["type"] == "Feature" and feature["geometry"] == {"type": "Point", "coordinates": [114.25, 30.5]}
    assert feature["properties"]["cell"] == NASTY and feature["properties"]["evidence"] == {"drops": 5, "rate": 0.05}
    assert doc["features"][1]["properties"]["count"] is None


def test_map_formats_without_coordinate_columns_leave_everything_out(frame):
    plain = frame.drop(columns=["lat"])
    assert export.write_geojson(plain, io.StringIO()) == 4
    assert export.write_kml(plain, io.StringIO()) == 4


# ---------------------------------------------------------------- dispatch and files


def test_format_for_suffixes():
    assert [export.format_for(f"x{s}") for s in (".csv", ".XLSX", ".json", ".kml", ".geojson")] == [
        "csv", "xlsx", "json", "kml", "geojson"
    ]
    with pytest.raises(UsageError, match="'.txt'"):
        export.format_for("x.txt")


def test_write_table_dispatches(tmp_path, frame):
    assert export.write_table(frame, tmp_path / "t.geojson", "geojson") == 2
    assert json.loads((tmp_path / "t.geojson").read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    with pytest.raises(UsageError):
        export.write_table(frame, tmp_path / "t.x", "shp")


def test_a_failed_write_keeps_the_old_file_and_no_temporary(tmp_path, frame, monkeypatch):
    path = tmp_path / "out.csv"
    path.write_text("old", encoding="utf-8")

    def broken(self, handle, **options):
        handle.write("half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", broken)
    with pytest.raises(RuntimeError):
        export.write_csv(frame, path)
    assert path.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_unwritable_folder_is_a_usage_error(tmp_path, frame):
    with pytest.raises(UsageError, match="cannot write"):
        export.write_csv(frame, tmp_path / "missing" / "out.csv")


def test_sample_suspects_on_the_map(sample_diagnosis, sample_dir, tmp_path):
    suspects = rank_suspects(sample_diagnosis, "en")
    cells = pd.read_csv(sample_dir / "cells.csv")
    assert export.write_kml(suspects, tmp_path / "s.kml") == 0
    placemarks = list(ET.parse(tmp_path / "s.kml").getroot().iter(f"{KML}Placemark"))
    assert len(placemarks) == len(suspects)
    for placemark in placemarks:
        lon, lat = map(float, placemark.findtext(f"{KML}Point/{KML}coordinates").split(","))
        assert cells["lon"].min() <= lon <= cells["lon"].max() and cells["lat"].min() <= lat <= cells["lat"].max()
    export.write_geojson(suspects, tmp_path / "s.geojson")
    features = json.loads((tmp_path / "s.geojson").read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["cell"] for f in features] == suspects["cell"].tolist()
    assert all(f["geometry"]["coordinates"] == [round(f["properties"]["lon"], 6), round(f["properties"]["lat"], 6)] for f in features)


# ---------------------------------------------------------------- the command


def test_suspects_command_end_to_end(sample_dir):
    result = runner.invoke(app, ["suspects", str(sample_dir), "--format", "json", "--top", "5", "--min-severity", "high", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["lang"] == "zh" and doc["area_findings"] == 6 and len(doc["suspects"]) == 5
    assert {s["severity"] for s in doc["suspects"]} <= {"high", "critical"}
    assert "BSC/LAC" in result.stderr and "netdiag scan" in result.stderr


@pytest.fixture
def loaded(sample_diagnosis, monkeypatch):
    """The command without reloading the sample for every format."""
    monkeypatch.setattr(suspects_module, "scan", lambda *args: sample_diagnosis)
    return rank_suspects(sample_diagnosis, "en")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".kml", ".geojson"])
def test_suspects_command_writes_each_format(loaded, sample_dir, tmp_path, suffix):
    path = tmp_path / f"suspects{suffix}"
    result = runner.invoke(app, ["suspects", str(sample_dir), "-o", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and f"wrote {len(loaded)} suspects to {path}" in result.stderr
    if suffix == ".csv":
        cells = pd.read_csv(path, encoding="utf-8-sig")["cell"].tolist()
    elif suffix == ".xlsx":
        cells = [row[1] for row in openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
    elif suffix == ".json":
        cells = [s["cell"] for s in json.loads(path.read_text(encoding="utf-8"))["suspects"]]
    elif suffix == ".kml":
        cells = [p.findtext(f"{KML}name") for p in ET.parse(path).getroot().iter(f"{KML}Placemark")]
    else:
        cells = [f["properties"]["cell"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
    assert cells == loaded["cell"].tolist()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left behind


@pytest.mark.parametrize("fmt", ["csv", "kml", "geojson"])
def test_suspects_command_text_formats_go_to_stdout(loaded, sample_dir, fmt):
    result = runner.invoke(app, ["suspects", str(sample_dir), "--format", fmt, "--top", "3"])
    assert result.exit_code == 0, result.output
    assert not result.stdout.startswith("\ufeff") and loaded["cell"].iloc[0] in result.stdout
    assert sum(cell in result.stdout for cell in loaded["cell"]) == 3


def test_suspects_command_table_in_chinese(loaded, sample_dir):
    result = runner.invoke(app, ["suspects", str(sample_dir), "--lang", "zh", "--top", "2"])
    assert result.exit_code == 0, result.output
    assert "小区" in result.stdout and "现场测试" in result.stdout and loaded["cell"].iloc[1] in result.stdout
    assert loaded["cell"].iloc[2] not in result.stdout
    assert "BSC/LAC" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "xlsx"], "--output"),
        (["--format", "table", "-o", "{tmp}/x.csv"], "terminal"),
        (["-o", "{tmp}/x.txt"], "cannot tell the format"),
        (["-o", "{data}/suspects.csv"], "inside the data folder"),
    ],
)
def test_suspects_command_refuses_bad_output(loaded, sample_dir, tmp_path, args, message):
    args = [a.format(tmp=tmp_path, data=sample_dir) for a in args]
    result = runner.invoke(app, ["suspects", str(sample_dir), *args])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1].startswith("netdiag: error:") and message in result.stderr
    assert not (sample_dir / "suspects.csv").exists() and list(tmp_path.iterdir()) == []
