"""3GPP TS 32.615 Bulk CM configuration XML with the GSM NRM (TS 32.652/32.655 GERAN NRM), streamed.

    <bulkCmConfigDataFile xmlns="http://www.3gpp.org/ftp/specs/archive/32_series/32.615#configData"
                          xmlns:xn="...32.625#genericNrm" xmlns:gn="...#geranNrm">
      <configData dnPrefix="...">
        <xn:SubNetwork id="1"> <xn:ManagedElement id="BSC01"> <gn:BssFunction id="1">
          <gn:BtsSiteMgr id="12"> <gn:GsmCell id="Gbg-997">
            <gn:attributes> <gn:cellIdentity>20042</gn:cellIdentity> <gn:lac>4101</gn:lac> ...
            <gn:GsmRelation id="1"> <gn:attributes> <gn:adjacentCell>SubNetwork=1,...,GsmCell=Gbg-998 ...

Every object is named by its distinguished name (its containers' class=id pairs): a cell's name,
BSC and site come from it as they come from a statistics file's `measObjLdn` (io.objects), so the
two always match: the cell is the last RDN value (the GsmCell's id), the BSC the BssFunction's (or
the ManagedElement's) id, the site the BtsSiteMgr's.

Attributes read (element names; any namespace prefix):

* ``GsmCell``: ``cellIdentity`` -> ci, ``lac``, ``ncc``, ``bcc``, ``bcchFrequency`` -> bcch;
* ``ExternalGsmCell`` (a cell of another BSS): the same attributes;
* ``GsmRelation`` (contained in its source GsmCell): ``adjacentCell``, the target's DN; a target that
  is an ExternalGsmCell gives the relation its BCCH and BSIC (nb_bcch, nb_ncc, nb_bcc).

Vendor-specific data (``VsDataContainer``) is not read.
"""

from __future__ import annotations

from typing import BinaryIO

from ..objects import object_keys, split_dn
from ..parsing import RawTable
from .model import BULK_CM, TableRows, raw_tables
from .stream import elements, forget, local

CELL_ATTRIBUTES = {"cellIdentity": "ci", "lac": "lac", "ncc": "ncc", "bcc": "bcc", "bcchFrequency": "bcch"}
CELL_COLUMNS = ["cell", "bsc", "site", "lac", "ci", "bcch", "ncc", "bcc"]
NEIGHBOUR_COLUMNS = ["cell", "neighbour", "nb_bcch", "nb_ncc", "nb_bcc"]
CELL, EXTERNAL, RELATION = "GsmCell", "ExternalGsmCell", "GsmRelation"
_SITE = "btssitemgr"
# The objects whose start and end are followed (any namespace): the containers a GSM cell's DN runs
# through, and the classes read. Others (vendor data, attributes) are read as children, never followed.
_CONTAINERS = ("SubNetwork", "MeContext", "ManagedElement", "BssFunction", "BtsSiteMgr")
_EVENTS = tuple(f"{{*}}{c}" for c in (*_CONTAINERS, CELL, EXTERNAL, RELATION))


def read_bulk_cm(stream: BinaryIO, name: str) -> list[tuple[str, RawTable]]:
    """The cells and neighbours of one Bulk CM file (see the module's docstring)."""
    path: list[tuple[str, str]] = []  # (class, id) of the objects the parser is in
    cells, neighbours = TableRows(CELL_COLUMNS), TableRows(NEIGHBOUR_COLUMNS)
    external: dict[str, dict[str, str | None]] = {}  # DN -> attributes
    relations: list[tuple[str, str, int]] = []  # (source cell, target DN, line)
    for event, element in elements(stream, name, tags=_EVENTS):
        identifier = element.get("id")
        if identifier is None:
            continue
        kind = local(element.tag)
        if event == "start":
            path.append((kind, identifier.strip()))
            continue
        if kind in (CELL, EXTERNAL):
            dn = ",".join(f"{c}={i}" for c, i in path)
            values = _attributes(element)
            row = {column: values.get(attribute) for attribute, column in CELL_ATTRIBUTES.items()}
            if kind == CELL:
                keys = object_keys(dn)
                site = next((i for c, i in path if c.lower() == _SITE), None)
                cells.add({**row, "cell": keys.cell, "bsc": keys.bsc, "site": site}, element.sourceline or 0)
            else:
                external[_normal(dn)] = external[identifier.strip()] = row
            forget(element)
        elif kind == RELATION:
            source = next((i for c, i in reversed(path[:-1]) if c == CELL), None)
            target = _attributes(element).get("adjacentCell")
            if source is not None and target:
                relations.append((source, target, element.sourceline or 0))
            element.clear(keep_tail=False)  # (its cell's attributes, before it, are read at the cell's end)
        path.pop()
    targets: dict[str, tuple[str | None, dict[str, str | None] | None]] = {}
    for source, target, line in relations:
        if target not in targets:  # (each target DN parsed once: a cell is the target of many relations)
            targets[target] = _target(target, external)
        name, outside = targets[target]
        row = {"cell": source, "neighbour": name}
        if outside is not None:
            row.update(nb_bcch=outside.get("bcch"), nb_ncc=outside.get("ncc"), nb_bcc=outside.get("bcc"))
        neighbours.add(row, line)
    return raw_tables(name, BULK_CM, {"cells": cells, "neighbours": neighbours})


def _target(dn: str, external: dict[str, dict[str, str | None]]) -> tuple[str | None, dict[str, str | None] | None]:
    """A relation target's cell name, and its ExternalGsmCell's attributes when it is one."""
    pairs = split_dn(dn)
    name = object_keys(dn).cell
    outside = external.get(_normal(dn))
    if outside is None and pairs and pairs[-1][0] == EXTERNAL:  # (the same cell under another DN prefix)
        outside = external.get(name or "")
    return name, outside


def _attributes(element) -> dict[str, str | None]:
    """The text of each child of the element's own `attributes` element, by local name."""
    block = next((child for child in element if local(child.tag) == "attributes"), None)
    if block is None:
        return {}
    return {local(child.tag): (child.text or "").strip() or None for child in block}


def _normal(dn: str) -> str:
    """A DN compared without case in class names and without spaces (`a=1, b=2` is `A=1,B=2`)."""
    return ",".join(f"{attr.lower()}={value}" for attr, value in split_dn(dn))
