"""netdiag.io.cm_xml against hand-written configuration dumps (tests/io/cm_xml), laid out as public
documents show them: a Huawei GExport file (bulkCmConfigDataFile/configData/class/object/parameter,
the parameters named as Huawei's MML commands name them) and a 3GPP 32.615 Bulk CM file with the GSM
NRM (GsmCell, ExternalGsmCell, GsmRelation)."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from netdiag import load_dataset
from netdiag.errors import DataError
from netdiag.io.folder import read_folder
from tests.conftest import write

HERE = Path(__file__).parent / "cm_xml"
GEXPORT = "GExport_BSC01_10.1.2.3_20261207.xml"
BULK_CM = "bulkcm_gsm.xml"


def _read(tmp_path: Path, name: str, gz: bool = False):
    if gz:
        (tmp_path / f"{name}.gz").write_bytes(gzip.compress((HERE / name).read_bytes()))
    else:
        shutil.copy(HERE / name, tmp_path / name)
    return read_folder(tmp_path)


@pytest.mark.parametrize("gz", [False, True])
def test_gexport_cells_neighbours_and_trx(tmp_path, gz):
    read = _read(tmp_path, GEXPORT, gz)
    cells = read.tables["cells"].set_index("cell")
    assert list(cells.index) == ["S0042A", "S0042B"]
    assert cells.loc["S0042A", ["lac", "ci", "ncc", "bcc", "bcch"]].tolist() == [4101, 20041, 5, 3, 62]
    assert cells.loc["S0042B", "bcch"] == 66  # no BCCHNO in GCELL: the main BCCH TRX's frequency
    assert cells.loc["S0042B", "trx_count"] == 2 and set(cells["bsc"]) == {"BSC01"}  # (BSC: the file's NE name)
    assert cells.loc["S0042B", "max_ta"] == 35 and cells.loc["S0042A", "bs_ag_blks_res"] == 2  # (GCELL... classes)
    neighbours = read.tables["neighbours"]
    assert sorted(zip(neighbours["cell"], neighbours["neighbour"])) == [
        ("S0042A", "S0042B"), ("S0042A", "X0900C"), ("S0042B", "S0042A")]
    external = neighbours[neighbours["neighbour"] == "X0900C"].iloc[0]
    assert (external["nb_bcch"], external["nb_ncc"], external["nb_bcc"]) == (70, 2, 1)
    assert read.tables["trx"]["arfcn"].tolist() == [66, 80]
    assert {r.format for r in read.reports} == {"Huawei GExport configuration XML"}


@pytest.mark.parametrize("gz", [False, True])
def test_bulk_cm_cells_named_as_the_statistics_name_them(tmp_path, gz):
    read = _read(tmp_path, BULK_CM, gz)
    cells = read.tables["cells"].set_index("cell")
    assert list(cells.index) == ["Gbg-997", "Gbg-998"]  # the GsmCell id: the LDN's last RDN value
    assert cells.loc["Gbg-997", ["bsc", "site"]].tolist() == ["BSC01", "12"]
    assert cells.loc["Gbg-998", ["lac", "ci", "ncc", "bcc", "bcch"]].tolist() == [4101, 20042, 5, 4, 66]
    neighbours = read.tables["neighbours"]
    assert sorted(zip(neighbours["cell"], neighbours["neighbour"])) == [
        ("Gbg-997", "Far-001"), ("Gbg-997", "Gbg-998"), ("Gbg-998", "Gbg-997")]
    far = neighbours[neighbours["neighbour"] == "Far-001"].iloc[0]
    assert (far["nb_bcch"], far["nb_ncc"], far["nb_bcc"]) == (70, 2, 1)
    assert {r.format for r in read.reports} == {"3GPP TS 32.615 Bulk CM configuration XML"}


def test_bulk_cm_cell_matches_a_meas_collec_ldn(tmp_path):
    shutil.copy(HERE / BULK_CM, tmp_path / BULK_CM)
    write(tmp_path / "pm.xml", """<?xml version="1.0"?>
<measCollecFile xmlns="http://www.3gpp.org/ftp/specs/archive/32_series/32.435#measCollec">
 <fileHeader fileFormatVersion="32.435 V10.0"><measCollec beginTime="2026-12-07T10:00:00+08:00"/></fileHeader>
 <measData><managedElement localDn="BSC01"/>
  <measInfo measInfoId="TCH"><granPeriod duration="PT3600S" endTime="2026-12-07T11:00:00+08:00"/>
   <measTypes>attTCHSeizures succTCHSeizures</measTypes>
   <measValue measObjLdn="SubNetwork=1,ManagedElement=BSC01,BssFunction=BSC01,BtsSiteMgr=12,GsmCell=Gbg-997"><measResults>100 98</measResults></measValue>
  </measInfo></measData>
 <fileFooter><measCollec endTime="2026-12-07T11:00:00+08:00"/></fileFooter>
</measCollecFile>
""")
    dataset = load_dataset(tmp_path)
    assert set(dataset.tables["cell_kpi"]["cell"]) == {"Gbg-997"}
    assert not [f for f in dataset.flags if f.get("check") == "unknown cell"]


def test_a_malformed_dump_names_file_and_line(tmp_path):
    text = (HERE / BULK_CM).read_text().replace("</gn:lac>\n                <gn:ncc>5</gn:ncc>\n                <gn:bcc>4", "</gn:lacc>", 1)
    write(tmp_path / "bad.xml", text)
    with pytest.raises(DataError, match=r"bad\.xml:\d+: malformed XML"):
        read_folder(tmp_path)


def test_a_dump_declaring_entities_is_refused(tmp_path):
    text = (HERE / GEXPORT).read_text().replace('<?xml version="1.0" encoding="utf-8"?>',
                                                '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>')
    write(tmp_path / "GExport_x.xml", text)
    with pytest.raises(DataError, match="declares entities"):
        read_folder(tmp_path)


def test_a_bad_value_is_named_by_its_line(tmp_path):
    text = (HERE / GEXPORT).read_text().replace('name="CI" value="20042"', 'name="CI" value="twenty"')
    write(tmp_path / GEXPORT, text)
    read = read_folder(tmp_path, keep_going=True)
    assert list(read.tables["cells"]["cell"]) == ["S0042A"]  # the bad cell skipped, the others read
    assert read.notes == [f"{GEXPORT}:33: column ci: cannot read 'twenty' as a whole number; 1 rows skipped in all"]
