"""The writer: a frame as a valid 32.435 measCollec file (for tests, samples and the benchmark)."""

from __future__ import annotations

import gzip as gzip_module
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd

from .model import NS_32435


def write_meas_collec(
    frame: pd.DataFrame,
    path: str | os.PathLike,
    *,
    counters: Sequence[str] | Mapping[str, Sequence[str]],
    sender: str = "SubNetwork=1,ManagedElement=BSC01",
    form: str = "list",
    gzip: bool = True,
    offset: str | None = "+08:00",
    object_class: str = "GsmCell",
    vendor: str = "netdiag",
) -> Path:
    """Write `frame` as a valid 32.435 measCollec file; returns the path written (``.gz`` added if gzip).

    `frame` has ``object`` (an LDN) or ``cell`` (an LDN, or a cell name made into
    ``{object_class}={name}``), ``start_time`` (naive wall time), ``period_min`` and the counter
    columns; an optional boolean ``suspect`` column flags rows ``<suspect>true</suspect>``. `counters`
    lists the columns to write, or maps measInfoId -> columns for several measInfo per period. `form`
    ``"list"`` writes measTypes/measResults, ``"indexed"`` measType p/r p. Times carry `offset` (None:
    none). NaN is written ``NIL``. The file is written to a temporary name and renamed.
    """
    if form not in ("list", "indexed"):
        raise ValueError(f"form must be 'list' or 'indexed', not {form!r}")
    groups = {None: list(counters)} if not isinstance(counters, Mapping) else {k: list(v) for k, v in counters.items()}
    spaced = [name for names in groups.values() for name in names if not name or len(name.split()) != 1]
    if form == "list" and spaced:
        raise ValueError(f"counter names with spaces need form='indexed' (a measTypes list cannot hold them): {spaced}")
    target = Path(path)
    if gzip and target.suffix != ".gz":
        target = target.with_name(target.name + ".gz")
    text = _meas_collec_text(
        frame, groups, sender=sender, form=form, offset=offset or "", object_class=object_class, vendor=vendor
    )
    data = text.encode("utf-8")
    if gzip:
        data = gzip_module.compress(data, compresslevel=6, mtime=0)
    temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return target


def _ldn_of(value: str, object_class: str) -> str:
    """An LDN as given, or a cell name made into one RDN (escaped per 32.300)."""
    if "=" in value:
        return value
    escaped = re.sub(r'([,=+<>#;\\"])', r"\\\1", value)
    return f"{object_class}={escaped}"


def _format_value(value: float) -> str:
    """A value as written: an integer without a decimal point, NaN as NIL, else the shortest repr."""
    if value != value:
        return "NIL"
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _meas_collec_text(frame, groups, *, sender, form, offset, object_class, vendor) -> str:
    """The whole file as text: header, one measInfo per (period, measInfoId), footer."""
    if frame.empty:
        raise ValueError("nothing to write: the frame has no rows")
    objects = frame["object"] if "object" in frame.columns else frame["cell"]
    ldns = [_ldn_of(str(v), object_class) for v in objects]
    starts = pd.to_datetime(frame["start_time"])
    minutes = frame["period_min"].astype(float).to_numpy()
    suspect = frame["suspect"].fillna(False).astype(bool).to_numpy() if "suspect" in frame.columns else None
    matrices = {info_id: frame[names].to_numpy(dtype=np.float64) for info_id, names in groups.items()}
    periods = pd.DataFrame({"s": starts.to_numpy(), "p": minutes}).groupby(["s", "p"], sort=True).indices
    ends = starts + pd.to_timedelta(minutes, unit="min")
    out = [_file_header(sender, vendor, _xml_time(starts.min(), offset))]
    for (start, period), rows in periods.items():
        end = _xml_time(pd.Timestamp(start) + pd.Timedelta(minutes=period), offset)
        for job, (info_id, names) in enumerate(groups.items(), start=1):
            flagged = suspect[rows] if suspect is not None else np.zeros(len(rows), dtype=bool)
            lines = _meas_info_lines(
                info_id, job, end, period, names, [ldns[r] for r in rows], matrices[info_id][rows], flagged, form
            )
            out.extend(lines)
    out.append(_file_footer(_xml_time(ends.max(), offset)))
    return "".join(out)


def _file_header(sender: str, vendor: str, begin: str) -> str:
    """From the XML declaration to the managedElement, as in the 32.435 example."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<?xml-stylesheet type="text/xsl" href="MeasDataCollection.xsl"?>\n'
        f'<measCollecFile xmlns="{NS_32435}">\n'
        f'  <fileHeader fileFormatVersion="32.435 V10.0" vendorName={quoteattr(vendor)}>\n'
        f'    <fileSender localDn={quoteattr(sender)} elementType="BSC"/>\n'
        f'    <measCollec beginTime="{begin}"/>\n'
        "  </fileHeader>\n"
        "  <measData>\n"
        f"    <managedElement localDn={quoteattr(sender)} userLabel={quoteattr(sender.split('=')[-1])}/>\n"
    )


def _meas_info_lines(info_id, job, end, minutes, names, ldns, matrix, suspect, form) -> list[str]:
    """One measInfo: job, granPeriod, repPeriod, the counter names, one measValue per object."""
    attr = f" measInfoId={quoteattr(info_id)}" if info_id is not None else ""
    duration = f"PT{int(round(minutes * 60))}S"
    out = [
        f"    <measInfo{attr}>\n",
        f'      <job jobId="{job}"/>\n',
        f'      <granPeriod duration="{duration}" endTime="{end}"/>\n',
        f'      <repPeriod duration="{duration}"/>\n',
    ]
    if form == "list":
        out.append(f"      <measTypes>{escape(' '.join(names))}</measTypes>\n")
    else:
        out.extend(f'      <measType p="{i + 1}">{escape(n)}</measType>\n' for i, n in enumerate(names))
    for ldn, values, flagged in zip(ldns, matrix.tolist(), suspect, strict=True):
        texts = [_format_value(v) for v in values]
        out.append(f"      <measValue measObjLdn={quoteattr(ldn)}>\n")
        if form == "list":
            out.append(f"        <measResults>{' '.join(texts)}</measResults>\n")
        else:
            out.extend(f'        <r p="{i + 1}">{t}</r>\n' for i, t in enumerate(texts))
        if flagged:
            out.append("        <suspect>true</suspect>\n")
        out.append("      </measValue>\n")
    out.append("    </measInfo>\n")
    return out


def _file_footer(end: str) -> str:
    return f'  </measData>\n  <fileFooter>\n    <measCollec endTime="{end}"/>\n  </fileFooter>\n</measCollecFile>\n'


def _xml_time(moment, offset: str) -> str:
    """A wall time written as in 32.435, with the given offset (or none)."""
    return f"{pd.Timestamp(moment):%Y-%m-%dT%H:%M:%S}{offset}"
