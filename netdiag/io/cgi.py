"""A cell global identity (CGI = MCC + MNC + LAC + CI, 3GPP TS 23.003 §4.3.1) in the forms exports write it.

* separated, decimal: `460-00-4101-20042`, `460 00 4101 20042`, `460.00.4101.20042`, `460/00/4101/20042`
* separated, LAC and CI in hexadecimal as some vendors write them: `460-00-1005-4E4A` (a letter A-F says so)
* compact, as Huawei writes it in object names (`GCELL:LABEL=S0042B, CellIndex=12, CGI=4600010054E4A`):
  MCC and MNC in decimal digits, then LAC and CI as four hexadecimal digits each
* compact, decimal: `46000410120042`, the MNC of two or three digits and LAC and CI of one to five
  digits each, which can be split in several ways

A compact CGI may read several ways; `cgi_readings` gives every reading and the caller keeps the one
its configuration knows (dataset.cell_keys matches statistics to the cells table's lac and ci).
The MCC and MNC are not compared: a data folder holds one network.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SEPARATED = re.compile(r"^\s*(\d{3})\s*[-\s./:_]\s*(\d{2,3})\s*[-\s./:_]\s*(\d{1,5})\s*[-\s./:_]\s*(\d{1,5})\s*$")
# The separated form with LAC and CI in hexadecimal (`460-00-1005-4E4A`): a letter A-F says so.
_SEPARATED_HEX = re.compile(r"^\s*(\d{3})\s*[-\s./:_]\s*(\d{2,3})\s*[-\s./:_]\s*([0-9A-Fa-f]{1,4})\s*[-\s./:_]\s*([0-9A-Fa-f]{1,4})\s*$")
_COMPACT = re.compile(r"^\s*([0-9A-Fa-f]{13,15})\s*$")
LARGEST = 0xFFFF  # LAC and CI are 16-bit values


@lru_cache(maxsize=1 << 16)
def cgi_readings(text: str) -> tuple[tuple[int, int], ...]:
    """Every (lac, ci) a written CGI can stand for, the likeliest first; () when it is no CGI.

    `460-00-4101-20042` -> ((4101, 20042),); `4600010054E4A` -> ((4101, 20042),) (hexadecimal LAC and
    CI, as in Huawei object names); `46000410120042` -> the decimal splits (4101, 20042), (41012, 42),
    ... then the hexadecimal reading when it has 13 or 14 digits.
    """
    separated = _SEPARATED.match(text)
    if separated:
        lac, ci = int(separated.group(3)), int(separated.group(4))
        return ((lac, ci),) if lac <= LARGEST and ci <= LARGEST else ()
    separated = _SEPARATED_HEX.match(text)
    if separated:
        return ((int(separated.group(3), 16), int(separated.group(4), 16)),)
    compact = _COMPACT.match(text)
    if compact is None:
        return ()
    digits = compact.group(1)
    readings: list[tuple[int, int]] = []
    if digits.isdigit():
        for mnc in (2, 3):
            rest = digits[3 + mnc:]
            for lac_digits in range(len(rest) - 5, 6):  # CI of at most five digits, LAC too
                if 1 <= lac_digits < len(rest):
                    lac, ci = int(rest[:lac_digits]), int(rest[lac_digits:])
                    if lac <= LARGEST and ci <= LARGEST and (lac, ci) not in readings:
                        readings.append((lac, ci))
    if len(digits) in (13, 14) and digits[:5 if len(digits) == 13 else 6].isdigit():
        lac, ci = int(digits[-8:-4], 16), int(digits[-4:], 16)
        hexadecimal = (lac, ci)
        if not digits.isdigit():
            return (hexadecimal,)  # letters A-F: only the hexadecimal reading is possible
        if hexadecimal not in readings:
            readings.append(hexadecimal)
    return tuple(readings)


def is_cgi(text: str) -> bool:
    """Whether a value is written as a CGI (separated form, or a compact one with hexadecimal letters)."""
    if _SEPARATED.match(text) or _SEPARATED_HEX.match(text):
        return bool(cgi_readings(text))
    compact = _COMPACT.match(text)
    return compact is not None and not compact.group(1).isdigit() and bool(cgi_readings(text))
