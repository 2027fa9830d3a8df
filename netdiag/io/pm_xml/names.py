"""Times, durations and object names as PM XML files write them."""

from __future__ import annotations

import re
from datetime import datetime

from ..objects import object_keys


_XML_TIME = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6})\d*)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$")
_MDC_TIME = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d{1,6})\d*)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$")
_DURATION = re.compile(r"^\s*P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?\s*$")


def parse_wall_time(text: str, *, compact: bool = False) -> tuple[datetime, str | None]:
    """A written time as naive OMC-R wall time, and the offset it carried (dropped, never applied).

    ``2000-03-01T14:14:30+02:00`` -> (2000-03-01 14:14:30, "+02:00"); with `compact` the 32.401 form
    ``20000301141430+0200``. The offset comes back as ``+hh:mm``, ``Z`` or None. Raises ValueError
    for anything else.
    """
    match = (_MDC_TIME if compact else _XML_TIME).match(text or "")
    if match is None:
        raise ValueError(f"not a time: {text!r}")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int(fraction.ljust(6, "0")) if fraction else 0
    wall = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro)
    if offset and offset != "Z" and ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"  # one spelling per offset: +0800 -> +08:00
    return wall, offset


def parse_duration(text: str) -> float:
    """An ISO-8601 duration in seconds: ``PT900S`` -> 900, ``PT15M`` -> 900, ``PT1H`` -> 3600, ``P1D``."""
    match = _DURATION.match(text or "")
    if match is None or not any(match.groups()):
        raise ValueError(f"not a duration: {text!r}")
    days, hours, minutes, seconds = match.groups()
    return int(days or 0) * 86400 + int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)


def cell_and_cgi(ldn: str) -> tuple[str, str | None]:
    """The cell an LDN names and the CGI it carries, if any (io.objects.object_keys reads the name).

    ``SubNetwork=1,ManagedElement=BSC01,BtsSiteMgr=12,GsmCell=Gbg-997`` -> ("Gbg-997", None); an LDN
    without ``=`` is the name.
    """
    keys = object_keys(ldn)
    return (keys.cell if keys.cell is not None else ldn.strip()), keys.cgi
