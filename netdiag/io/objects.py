"""What a measured object's name says: its BSC, cell, TRX and CGI.

Statistics name the object a row measures in one of three ways:

* a 3GPP distinguished name (TS 32.300), as `measObjLdn` in 32.435 files:
  `SubNetwork=1,ManagedElement=BSC01,BtsSiteMgr=12,GsmCell=Gbg-997`. The cell is the last RDN's value,
  whatever its class; a last RDN of a TRX class (`...,GsmCell=X,Trx=2`) is the TRX and the one before
  it the cell; an RDN named CGI is the CGI (and a value written as a CGI is one too); an RDN named
  LABEL names the cell wherever it stands (`LABEL=S0042B, CellIndex=12, CGI=...`).
* a Huawei M2000/U2000 object name, in CSV `Object Name` columns and in Huawei's own measCollec files:
  `BSC01/GCELL:LABEL=S0042B, CellIndex=12, CGI=4600010054E4A`, `BSC1/Cell:Label=S092-3, MODUNO=5/Trx:TRX-8`,
  `BSC01/BSC:BSC01`. The part before the first `/` is the network element (the BSC); each `CLASS:` part
  is `key=value` pairs or a bare value; a class with CELL in its name gives the cell (its LABEL or
  Cell Name, else its bare value), one with TRX the TRX (its TRX Index, else its bare value).
* a plain name: the cell.

TRX names lose a leading `TRX` and separators (`TRX-8`, `TRX 8`, `TRX8` -> `8`), as alarm objects do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .cgi import is_cgi

_HEX_PAIR = re.compile(r"[0-9A-Fa-f]{2}")
# `NE/CLASS:...` (Huawei object names): the network element, then a class and a colon.
_HUAWEI = re.compile(r"^\s*([^/=,:]+?)\s*/\s*([A-Za-z][\w ]*?)\s*:\s*(.*)$", re.DOTALL)
# `CLASS:key=value, ...` without the element in front (a GCELL column of a Huawei export).
_HUAWEI_BARE = re.compile(r"^\s*([A-Za-z][\w ]*?)\s*:\s*([^=,:]+=.*)$", re.DOTALL)
_NEXT_CLASS = re.compile(r"/(?=\s*[A-Za-z][\w ]*:)")
_CELL_NAMES = ("label", "cell name", "cellname", "cell_name")
_TRX_NAMES = ("trx index", "trxindex", "trx no.", "trx no", "trx id", "trxid", "trx_index", "trxno")
_TRX_PREFIX = re.compile(r"(?i)^\s*trx[\s\-_:=.]*")


@dataclass(frozen=True)
class ObjectKeys:
    """The keys an object's name gives; None where it does not say."""

    cell: str | None
    trx: str | None = None
    bsc: str | None = None
    cgi: str | None = None

    def named(self) -> frozenset[str]:
        """The key columns this object fills (cell, trx, bsc)."""
        return frozenset(k for k in ("cell", "trx", "bsc") if getattr(self, k) is not None)


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


@lru_cache(maxsize=1 << 17)
def object_keys(name: str) -> ObjectKeys:
    """The BSC, cell, TRX and CGI an object's name gives (see the module's docstring)."""
    text = name.strip()
    if not text:
        return ObjectKeys(None)
    huawei = _HUAWEI.match(text)
    if huawei:
        return _huawei_keys(huawei.group(1).strip(), f"{huawei.group(2)}:{huawei.group(3)}")
    bare = _HUAWEI_BARE.match(text)
    if bare and "," not in bare.group(1):
        return _huawei_keys(None, text)
    if "=" not in text:
        return ObjectKeys(text, cgi=text if is_cgi(text) else None)
    return _dn_keys(split_dn(text))


def _dn_keys(pairs: list[tuple[str, str]]) -> ObjectKeys:
    if not pairs:
        return ObjectKeys(None)
    lowered = [(attr.lower(), value) for attr, value in pairs]
    cgi = next((value for attr, value in lowered if attr == "cgi"), None)
    if cgi is None:
        cgi = next((value for _attr, value in lowered if is_cgi(value)), None)
    bsc = next((value for attr, value in lowered if attr in ("bsc", "bssfunction", "bscfunction")), None)
    if bsc is None:
        bsc = next((value for attr, value in lowered if attr == "managedelement"), None)
    label = next((value for attr, value in lowered if attr in _CELL_NAMES), None)
    named = [(attr, value) for attr, value in lowered if attr != "cgi"] or [lowered[-1]]
    trx = None
    if "trx" in named[-1][0] and len(named) > 1:
        trx, named = _trx_name(named[-1][1]), named[:-1]
    cell = label if label is not None else named[-1][1]
    return ObjectKeys(cell or None, trx, bsc, cgi)


def _huawei_keys(element: str | None, rest: str) -> ObjectKeys:
    cell = trx = cgi = None
    bsc = element
    for part in _NEXT_CLASS.split(rest):
        kind, _, body = part.partition(":")
        kind = kind.strip().lower()
        pairs = [item.partition("=") for item in body.split(",")]
        values = {key.strip().lower(): value.strip() for key, sep, value in pairs if sep}
        bare = next((key.strip() for key, sep, _value in pairs if not sep and key.strip()), None)
        cgi = values.get("cgi", cgi)
        if "trx" in kind:
            found = next((values[k] for k in _TRX_NAMES if k in values), None) or bare or values.get("label")
            trx = _trx_name(found) if found else trx
        elif "cell" in kind:
            cell = next((values[k] for k in _CELL_NAMES if k in values), None) or bare or cell
        elif kind in ("bsc", "bscrpt", "bsc report", "bscne") and bare:
            bsc = bare
    return ObjectKeys(cell or None, trx, bsc, cgi)


def _trx_name(value: str) -> str:
    stripped = _TRX_PREFIX.sub("", value).strip()
    return stripped or value.strip()


def key_columns(objects: pd.Series | pd.Categorical | np.ndarray) -> dict[str, np.ndarray]:
    """cell, trx, bsc and cgi arrays (object dtype, None where unsaid) for a column of object names,
    each distinct name parsed once (a Categorical's categories are its distinct names)."""
    if isinstance(objects, pd.Categorical):
        codes, distinct = objects.codes, objects.categories
    else:
        codes, distinct = pd.factorize(pd.Series(objects, dtype=object), use_na_sentinel=True)
    parsed = [object_keys(str(name)) for name in distinct]
    out = {}
    for key in ("cell", "trx", "bsc", "cgi"):
        values = np.array([getattr(p, key) for p in parsed] + [None], dtype=object)
        out[key] = values[codes]  # (a missing name, code -1, takes the None at the end)
    return out
