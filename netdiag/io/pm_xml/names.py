"""Times, durations and distinguished names as PM XML files write them."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache


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


_CGI_VALUE = re.compile(r"^\d{3}[- ]\d{2,3}[- ]\d{1,5}[- ]\d{1,5}$")
_HEX_PAIR = re.compile(r"[0-9A-Fa-f]{2}")


def split_dn(dn: str) -> list[tuple[str, str]]:
    """The (attribute, value) pairs of a distinguished name, per 3GPP TS 32.300 (RFC 4514 escaping).

    Commas separate RDNs unless escaped (``\\,``); ``\\X`` stands for X and ``\\hh`` for the byte hh;
    spaces around separators are dropped. An RDN without ``=`` gives an empty attribute name.
    """
    pairs, name, current, in_value = [], "", [], False
    i, n = 0, len(dn)
    while i < n:
        char = dn[i]
        if char == "\\" and i + 1 < n:
            if _HEX_PAIR.fullmatch(dn, i + 1, i + 3):
                hex_bytes = bytearray()
                while i + 2 < n + 1 and dn[i] == "\\" and _HEX_PAIR.fullmatch(dn, i + 1, i + 3):
                    hex_bytes.append(int(dn[i + 1 : i + 3], 16))
                    i += 3
                current.append(hex_bytes.decode("utf-8", errors="replace"))
                continue
            current.append(dn[i + 1])
            i += 2
            continue
        if char == "=" and not in_value:
            name, current, in_value = "".join(current).strip(), [], True
        elif char == ",":
            pairs.append((name, "".join(current).strip()) if in_value else ("", "".join(current).strip()))
            name, current, in_value = "", [], False
        else:
            current.append(char)
        i += 1
    pairs.append((name, "".join(current).strip()) if in_value else ("", "".join(current).strip()))
    return [pair for pair in pairs if pair != ("", "")]


@lru_cache(maxsize=1 << 16)
def cell_and_cgi(ldn: str) -> tuple[str, str | None]:
    """The cell (the LDN's last RDN value, whatever its class) and the CGI the LDN carries, if any.

    ``SubNetwork=1,ManagedElement=BSC01,BtsSiteMgr=12,GsmCell=Gbg-997`` -> ("Gbg-997", None). A CGI is
    the value of an RDN named CGI (any case) or a value written ``460-00-4101-20042``; an RDN named CGI
    that comes last does not name the cell, the one before it does. An LDN without ``=`` is the name.
    """
    pairs = split_dn(ldn)
    if not pairs:
        return ldn.strip(), None
    cgi = next((value for attr, value in pairs if attr.lower() == "cgi"), None)
    if cgi is None:
        cgi = next((value for _attr, value in pairs if _CGI_VALUE.match(value)), None)
    named = [value for attr, value in pairs if attr.lower() != "cgi"] or [pairs[-1][1]]
    return named[-1], cgi
