"""Write a result frame as CSV, XLSX, JSON, KML or GeoJSON, for Excel and mapping tools.

Every writer takes a path or (except XLSX) a text stream such as stdout. A path is written
atomically: a temporary file in the same folder, renamed over the target once complete, so a
failed export never leaves half a file. The writers return how many rows they left out
(rows without usable coordinates in KML/GeoJSON; always 0 for the flat formats).
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Union

import numpy as np
import pandas as pd

from ..errors import UsageError

Target = Union[str, os.PathLike, IO[str]]

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".kml": "kml", ".geojson": "geojson", ".html": "html"}
LIST_SEPARATOR = "; "
KML_NS = "http://www.opengis.net/kml/2.2"
# KML colours are aabbggrr: red, orange, yellow, green.
SEVERITY_COLOURS = {"critical": "ff0000ff", "high": "ff0080ff", "medium": "ff00ffff", "low": "ff00c000"}
ICON = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
# Characters XML 1.0 and XLSX cannot hold at all (escaping does not help): dropped.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MAX_WIDTH, _MIN_WIDTH = 60, 6


def format_for(path: str | os.PathLike) -> str:
    """The output format named by a file's suffix (.csv .xlsx .json .kml .geojson)."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"{path}: cannot tell the format from '{suffix or 'no suffix'}'; use {', '.join(FORMATS)} or --format")
    return FORMATS[suffix]


def write_table(frame: pd.DataFrame, target: Target, fmt: str, **options: Any) -> int:
    """Write in format csv|xlsx|json|kml|geojson; options go to that format's writer."""
    writers = {"csv": write_csv, "xlsx": write_xlsx, "json": write_json, "kml": write_kml, "geojson": write_geojson}
    if fmt not in writers:
        raise UsageError(f"unknown format '{fmt}'; use one of {', '.join(writers)}")
    return writers[fmt](frame, target, **options)


# ---------------------------------------------------------------- flat formats


def write_csv(frame: pd.DataFrame, target: Target) -> int:
    """CSV; a file starts with a UTF-8 BOM so Excel reads Chinese right, a stream (stdout) does not."""
    flat = flat_frame(frame)
    if _is_stream(target):
        flat.to_csv(target, index=False, lineterminator="\n")
    else:
        with _atomic(target, "w", encoding="utf-8-sig", newline="") as handle:
            flat.to_csv(handle, index=False, lineterminator="\n")
    return 0


def write_xlsx(frame: pd.DataFrame, path: str | os.PathLike, sheet: str = "suspects") -> int:
    """One sheet: bold frozen header, autofilter, column widths fitted (CJK counts double); numbers stay numbers."""
    return write_workbook([(sheet, frame)], path)


def write_workbook(sheets: Sequence[tuple[str, pd.DataFrame]], path: str | os.PathLike) -> int:
    """One sheet per (name, frame), each as write_xlsx draws it; names cut to Excel's 31 characters
    and made unique."""
    from openpyxl import Workbook

    if _is_stream(path):
        raise UsageError("XLSX is a binary file: it needs an output file (--output)")
    book = Workbook()
    used: set[str] = set()
    for number, (name, frame) in enumerate(sheets):
        ws = book.active if number == 0 else book.create_sheet()
        title = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "sheet"
        while title in used:
            title = f"{title[:28]}_{number}"
        used.add(title)
        ws.title = title
        _fill_sheet(ws, frame)
    with _atomic(path, "wb") as handle:
        book.save(handle)
    return 0


def _fill_sheet(ws, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    header = [_clean(str(c)) for c in frame.columns]
    widths = [_display_width(h) for h in header]
    for col, name in enumerate(header, start=1):
        ws.cell(row=1, column=col, value=name).font = Font(bold=True)
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for col, raw in enumerate(row, start=1):
            value = _xlsx_value(raw)
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a name like "=A1" is text, never a formula
            if r <= 1001:  # widths from the first thousand rows are enough
                widths[col - 1] = max(widths[col - 1], _display_width(value))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(width, _MIN_WIDTH), _MAX_WIDTH) + 2
    if header:
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(frame) + 1}"


def write_json(data: pd.DataFrame | Mapping | Sequence, target: Target) -> int:
    """A frame as a JSON array of row objects, or any document (frames inside become arrays)."""
    write_text(json.dumps(json_safe(data), ensure_ascii=False, indent=2, allow_nan=False) + "\n", target)
    return 0


def flat_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells `; `-joined and dict cells as compact JSON, so each cell reads as one value."""
    flat = frame.copy()
    for column in flat.columns:
        if flat[column].dtype == object:
            flat[column] = flat[column].map(_flat_value)
    return flat


def _flat_value(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return LIST_SEPARATOR.join(_text(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(json_safe(value), ensure_ascii=False, separators=(",", ":"))
    return value


def _text(value: Any) -> str:
    """One value as the text a person reads in a cell; missing values are empty."""
    value = _flat_value(json_safe(value))
    return "" if value is None else _clean(str(value))


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime) and not pd.isna(value):  # Excel has no time zones: local time as written
        stamp = pd.Timestamp(value)
        return (stamp.tz_localize(None) if stamp.tzinfo else stamp).to_pydatetime()
    value = json_safe(value)
    if isinstance(value, (list, dict)):
        return _clean(str(_flat_value(value)))
    return _clean(value) if isinstance(value, str) else value


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    text = value if isinstance(value, str) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[: _MAX_WIDTH * 2])


# ---------------------------------------------------------------- map formats


def write_kml(
    frame: pd.DataFrame,
    target: Target,
    name: str = "netdiag",
    lat: str = "lat",
    lon: str = "lon",
    label: str = "cell",
    description_columns: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    severity: str = "severity",
    sector: Sequence[str] | None = None,
) -> int:
    """KML 2.2: one Placemark per located row, styled by severity; returns the rows left out.

    The description is plain text, one `label: value` line per description column (all columns
    but the coordinates by default); ExtendedData carries every column for tools that read it.
    With `sector` (the azimuth, beam and reach columns) a row with a reach is drawn as its sector,
    a wedge Polygon (a disc without azimuth), its point kept in ExtendedData as lat and lon.
    """
    located, left_out = _located(frame, lat, lon)
    labels = labels or {}
    if description_columns is None:
        description_columns = [c for c in frame.columns if c not in (lat, lon, label)]
    root = ET.Element("kml", xmlns=KML_NS)
    document = ET.SubElement(root, "Document")
    ET.SubElement(document, "name").text = _clean(name)
    for level, colour in SEVERITY_COLOURS.items():
        style = ET.SubElement(document, "Style", id=f"severity-{level}")
        icon_style = ET.SubElement(style, "IconStyle")
        ET.SubElement(icon_style, "color").text = colour
        ET.SubElement(ET.SubElement(icon_style, "Icon"), "href").text = ICON
        line_style = ET.SubElement(style, "LineStyle")
        ET.SubElement(line_style, "color").text = colour
        ET.SubElement(line_style, "width").text = "2"
        ET.SubElement(ET.SubElement(style, "PolyStyle"), "color").text = "80" + colour[2:]  # half transparent
    records = located.to_dict("records")
    for position, record in enumerate(records):
        placemark = ET.SubElement(document, "Placemark")
        ET.SubElement(placemark, "name").text = _text(record.get(label, position + 1))
        shown = [(c, _text(record[c])) for c in description_columns if c in record]
        lines = [f"{_clean(str(labels.get(c, c)))}: {text}" for c, text in shown if text]
        ET.SubElement(placemark, "description").text = "\n".join(lines)
        if str(record.get(severity)) in SEVERITY_COLOURS:
            ET.SubElement(placemark, "styleUrl").text = f"#severity-{record[severity]}"
        extended = ET.SubElement(placemark, "ExtendedData")
        for column, value in record.items():
            ET.SubElement(ET.SubElement(extended, "Data", name=_clean(str(column))), "value").text = _text(value)
        ring = _ring(record, lat, lon, sector)
        if ring is not None:
            boundary = ET.SubElement(ET.SubElement(ET.SubElement(placemark, "Polygon"), "outerBoundaryIs"), "LinearRing")
            ET.SubElement(boundary, "coordinates").text = " ".join(f"{x:.6f},{y:.6f}" for x, y in ring)
        else:
            point = ET.SubElement(placemark, "Point")
            ET.SubElement(point, "coordinates").text = f"{float(record[lon]):.6f},{float(record[lat]):.6f}"
    ET.indent(root, space=" ")
    write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n", target)
    return left_out


def write_geojson(frame: pd.DataFrame, target: Target, lat: str = "lat", lon: str = "lon", sector: Sequence[str] | None = None) -> int:
    """RFC 7946 FeatureCollection, every column a property; returns the rows left out.

    A row is a [lon, lat] Point, or with `sector` (azimuth, beam and reach columns) and a reach,
    its sector as a Polygon (counter-clockwise), the point kept in the lat and lon properties."""
    located, left_out = _located(frame, lat, lon)
    features = []
    for record in located.to_dict("records"):
        ring = _ring(record, lat, lon, sector)
        if ring is not None:
            geometry = {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}
        else:
            geometry = {"type": "Point", "coordinates": [round(float(record[lon]), 6), round(float(record[lat]), 6)]}
        features.append({"type": "Feature", "geometry": geometry, "properties": json_safe(record)})
    document = {"type": "FeatureCollection", "features": features}
    write_text(json.dumps(document, ensure_ascii=False, allow_nan=False) + "\n", target)
    return left_out


def _ring(record: Mapping[str, Any], lat: str, lon: str, sector: Sequence[str] | None) -> list[tuple[float, float]] | None:
    """The record's sector as a closed ring of (lon, lat), or None where it has no reach."""
    if sector is None:
        return None
    from ..diagnosis.sectors import wedge_ring

    azimuth, beam, reach = (record.get(c) for c in sector)
    if reach is None or pd.isna(reach) or float(reach) <= 0:
        return None
    azimuth = None if azimuth is None or pd.isna(azimuth) else float(azimuth)
    beam = 360.0 if beam is None or pd.isna(beam) else float(beam)
    return wedge_ring(float(record[lat]), float(record[lon]), azimuth, beam, float(reach))


def _located(frame: pd.DataFrame, lat: str, lon: str) -> tuple[pd.DataFrame, int]:
    """Rows with WGS84 coordinates in range; 0,0 counts as missing (how many exports write 'unknown')."""
    if lat not in frame.columns or lon not in frame.columns:
        return frame.iloc[0:0], len(frame)
    y = pd.to_numeric(frame[lat], errors="coerce").astype("float64")
    x = pd.to_numeric(frame[lon], errors="coerce").astype("float64")
    ok = y.between(-90, 90) & x.between(-180, 180) & ~((y == 0) & (x == 0))
    return frame[ok.to_numpy()], int((~ok).sum())


# ---------------------------------------------------------------- values and files


def json_safe(value: Any) -> Any:
    """Plain JSON values: NaN/NA → None, numpy → Python, timestamps → ISO text, frames → row arrays."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, pd.DataFrame):
        return [json_safe(r) for r in value.to_dict("records")]
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, np.ndarray, pd.Series)):
        return [json_safe(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.isoformat()
    return str(value)


def _clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


def _is_stream(target: object) -> bool:
    return hasattr(target, "write")


def write_text(text: str, target: Target) -> None:
    """Text to a stream as it is, or to a file through a temporary file renamed over it."""
    if _is_stream(target):
        target.write(text)
    else:
        with _atomic(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)


@contextmanager
def _atomic(path: str | os.PathLike, mode: str, encoding: str | None = None, newline: str | None = None) -> Iterator[IO]:
    """A temporary file beside `path`, renamed over it only when everything was written."""
    path = Path(path)
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise UsageError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else _new_file_mode())
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _new_file_mode() -> int:
    # mkstemp makes 0600 files; a new export gets the mode any new file would (0666 less the umask).
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def check_output(output: Path, folder: Path, what: str = "data folder") -> None:
    """Never write into the data folder: its files are inputs, and a new file there would be read as one."""
    target, protected = Path(output).resolve(), Path(folder).resolve()
    if target == protected or protected in target.parents:
        raise UsageError(f"--output {output} is inside the {what} {folder}: write it elsewhere")
    if target.is_dir():
        raise UsageError(f"--output {output} is a folder: give a file name")
