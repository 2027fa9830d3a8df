"""A ticket (one row of a complaints frame, formats.md `complaints`) checked and normalised into a CaseInput.

A ticket the log cannot take (no complaint_id, a date it cannot read or one in the future, a
position off the globe) is refused with the reason, for that ticket only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from .model import CaseInput

# A ticket received up to this far "in the future" is the desk's clock against the ticket system's.
CLOCK_SKEW = timedelta(minutes=10)

_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?$")


class Refused(ValueError):
    """Why one ticket is not taken; str() is the reason."""


def is_missing(value: object) -> bool:
    """None, NaN, NaT, pd.NA or an empty text: a cell of a ticket left empty."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, float):
        return math.isnan(value)
    return str(value) in ("NaT", "<NA>", "nan")


def text_of(value: object) -> str | None:
    if is_missing(value):
        return None
    return str(value).strip() or None


def parse_time(value: object) -> datetime | None:
    """A ticket time: a datetime/Timestamp (its wall time kept, any offset dropped), or text as
    formats.md writes it: year first (`2026-11-20 14:00`, `2026/11/20 14:00:00`) or day first when it
    ends with the year (`20/11/2026 14:00`), seconds optional. None when empty; ValueError when unreadable.
    """
    if is_missing(value):
        return None
    if isinstance(value, datetime):  # pandas Timestamp is one
        stamp = value.replace(tzinfo=None)
        return datetime(stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if hasattr(value, "astype") and "datetime64" in str(getattr(value, "dtype", "")):  # numpy.datetime64
        return parse_time(str(value).replace("T", " ")[:19])
    text = str(value).strip()
    if m := _YMD.match(text):
        y, mo, d, h, mi, s = m.groups()
    elif m := _DMY.match(text):
        d, mo, y, h, mi, s = m.groups()
    else:
        raise ValueError(f"unreadable time {text!r}")
    return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))  # ValueError on 2026-13-40


def given_time(value: object, name: str) -> datetime:
    """A time the desk gives (a fix date, when a step was taken): parse_time's forms, a UsageError naming
    `name` when it is empty or unreadable."""
    from ..errors import UsageError

    try:
        when = parse_time(value)
    except ValueError as error:
        raise UsageError(f"{name}: {error}") from None
    if when is None:
        raise UsageError(f"{name}: empty")
    return when


def case_input(row: Mapping[str, Any], now: datetime, symptom_ids: frozenset[str] = frozenset(),
               read_symptom: Callable[[str], str | None] | None = None) -> CaseInput:
    """The ticket `row` as a CaseInput, or Refused with the reason.

    A missing received_at is left None here: a new case takes the import's time, a stored one keeps its own.
    `read_symptom(words)`: the symptom id the subscriber's words name (None when unclear), for a ticket
    that gives words rather than an id (injected: the lexicon is the diagnosis's).
    """
    complaint_id = text_of(row.get("complaint_id"))
    if complaint_id is None:
        raise Refused("no complaint_id")
    if text_of(row.get("error")):  # read_complaints keeps a ticket whose value it could not read, with why
        raise Refused(str(text_of(row.get("error"))))
    times = {}
    for name in ("received_at", "occurred_at"):
        try:
            when = parse_time(row.get(name))
        except ValueError as error:
            raise Refused(f"{name}: {error}") from None
        if when is not None and when > now + CLOCK_SKEW:
            raise Refused(f"{name} {when:%Y-%m-%d %H:%M} is in the future (now {now:%Y-%m-%d %H:%M})")
        times[name] = when
    words = text_of(row.get("text")) or text_of(row.get("symptom"))
    symptom = text_of(row.get("symptom"))
    lat, lon = _number(row, "lat"), _number(row, "lon")
    if (lat is None) != (lon is None) or (lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)):
        raise Refused(f"position lat={row.get('lat')!r} lon={row.get('lon')!r} is not a WGS84 point")
    lac, ci = _integer(row, "lac"), _integer(row, "ci")
    return CaseInput(
        complaint_id=complaint_id,
        received_at=times["received_at"],  # type: ignore[arg-type]  # filled by the importer when None
        occurred_at=times["occurred_at"],
        msisdn=msisdn_of(row.get("msisdn")),
        text=words,
        symptom=symptom if symptom in symptom_ids else (read_symptom(words) if read_symptom is not None and words else None),
        cell=text_of(row.get("cell")),
        lac=lac if ci is not None else None,
        ci=ci if lac is not None else None,
        lat=lat,
        lon=lon,
        address=text_of(row.get("address")),
    )


def msisdn_of(value: object) -> str | None:
    """A subscriber number as text: 13907100001 (read as a number, even a float) or ' 139-0710-0001 '."""
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"[\s\-]", "", str(value)) or None


def _number(row: Mapping[str, Any], name: str) -> float | None:
    value = row.get(name)
    if is_missing(value):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise Refused(f"{name}: unreadable number {value!r}") from None
    return None if math.isnan(number) else number


def _integer(row: Mapping[str, Any], name: str) -> int | None:
    number = _number(row, name)
    if number is None:
        return None
    if not number.is_integer():
        raise Refused(f"{name}: {row.get(name)!r} is not a whole number")
    return int(number)
