"""Measured-object names (3GPP LDNs, Huawei M2000 object names) and CGIs in their written forms."""

from __future__ import annotations

import pytest

from netdiag.io.cgi import cgi_readings, is_cgi
from netdiag.io.objects import ObjectKeys, key_columns, object_keys


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        # Huawei M2000/U2000 object names, as in CSV `Object Name` columns and Huawei's measObjLdn
        ("BSC01/GCELL:LABEL=S0042B, CellIndex=12, CGI=4600010054E4A", ObjectKeys("S0042B", None, "BSC01", "4600010054E4A")),
        ("MPU02BSC/GCELL:LABEL=5628_2GSB_P07_NAM_1, CellIndex=250, CGI=643042713DBD9",
         ObjectKeys("5628_2GSB_P07_NAM_1", None, "MPU02BSC", "643042713DBD9")),
        ("BSC1/Cell:Label=S092-3, MODUNO=5, CELLLNUM=20/Trx:TRX-8", ObjectKeys("S092-3", "8", "BSC1")),
        ("BSC01/GCELL:LABEL=S0042B, CellIndex=12/TRX:TRX Index=3, TRX Name=T3", ObjectKeys("S0042B", "3", "BSC01")),
        ("MPU02BSC/BSC:MPU02BSC", ObjectKeys(None, None, "MPU02BSC")),
        ("PCU1/PCUCell:s145-2", ObjectKeys("s145-2", None, "PCU1")),
        ("GCELL:LABEL=光谷1, CellIndex=3", ObjectKeys("光谷1")),
        ("LABEL=S0042B, CellIndex=12, CGI=460-00-4101-20042", ObjectKeys("S0042B", cgi="460-00-4101-20042")),
        # 3GPP LDNs: the last RDN's value, whatever its class
        ("SubNetwork=1,ManagedElement=BSC01,BtsSiteMgr=12,GsmCell=Gbg-997", ObjectKeys("Gbg-997", None, "BSC01")),
        ("SubNetwork=1,ManagedElement=BSC01,BtsSiteMgr=12,GsmCell=Gbg-997,Trx=2", ObjectKeys("Gbg-997", "2", "BSC01")),
        ("ManagedElement=BSC01,GsmCell=460-00-4101-20043", ObjectKeys("460-00-4101-20043", None, "BSC01", "460-00-4101-20043")),
        ("BSC=3,BTS=12,SECTOR=Market\\, East", ObjectKeys("Market, East", None, "3")),
        ("S0042B", ObjectKeys("S0042B")),
        ("", ObjectKeys(None)),
    ],
)
def test_object_names(name, keys):
    assert object_keys(name) == keys


def test_key_columns_parse_each_distinct_name_once_and_keep_missing_ones():
    columns = key_columns(["BSC01/GCELL:LABEL=A, CellIndex=1", None, "BSC01/GCELL:LABEL=A, CellIndex=1", "X"])
    assert list(columns["cell"]) == ["A", None, "A", "X"]
    assert list(columns["bsc"]) == ["BSC01", None, "BSC01", None]


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("460-00-4101-20042", ((4101, 20042),)),
        ("460 00 4101 20042", ((4101, 20042),)),
        ("460.001.4101.20042", ((4101, 20042),)),
        ("4600010054E4A", ((0x1005, 0x4E4A),)),  # Huawei: LAC and CI in hexadecimal
        ("643042713DBD9", ((0x2713, 0xDBD9),)),
        ("460-00-99999-1", ()),  # a LAC above 65535
        ("S0042B", ()),
        ("12", ()),
    ],
)
def test_cgi_readings(text, readings):
    assert cgi_readings(text) == readings


def test_a_compact_decimal_cgi_has_several_readings_the_written_split_first():
    readings = cgi_readings("46000410120042")
    assert readings[0] == (4101, 20042)
    assert (41012, 42) in readings and len(set(readings)) == len(readings)


def test_what_is_written_as_a_cgi():
    assert is_cgi("460-00-4101-20042") and is_cgi("4600010054E4A")
    assert not is_cgi("46000410120042")  # digits alone could be any id
    assert not is_cgi("Gbg-997") and not is_cgi("")
