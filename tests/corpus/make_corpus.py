"""Write the reader test corpus: small exports as OMC-Rs and engineers really hand them over.

    python tests/corpus/make_corpus.py [OUTDIR]      (default: the folder of this script)

Every file of the corpus is written by this script, the text ones as exact bytes (encoding, BOM,
line endings) and the binary ones (gzip, zip, xlsx, GB18030) reproducibly: fixed timestamps, zip
members stored rather than deflated, so that running it again gives the same files. The outputs
are committed beside it; tests/test_real_exports.py checks that they still match this script.

Folders:
  huawei/      Huawei-style: GB18030 cells with Chinese headers, a PRS report with a six-line
               preamble, units in headers, NIL, /0, -, 1,234, 12.5 % and a 合计 footer (UTF-8
               with BOM, CRLF), Chinese alarm names and severities, a daily 180 report (Date
               only) mixing rows by neighbour name and by BCCH+BSIC.
  alcatel/     Alcatel-style: tab-separated cells, `|`-separated statistics with day-first
               times, 018 and 180 reports whose header alone would name another table, a 025
               report with separate Date and Time columns, alarms with decorated object paths.
  ericsson/    Ericsson-style: cells in UTF-8 with BOM, alarms with `BSC=`/`BTS=` decorations.
  archives/    a .csv.gz, a .zip with one member per BSC plus a member in a subfolder and a
               README, an .xlsx with a cover sheet, then data sheets below a preamble row.
  mapped/      a netdiag.yaml `files:` map for exports whose header says too little, and an
               operator alarm dictionary (`alarm_dictionary:`).
  flags/       data problems: a short row, a non-numeric and a negative counter, seizures above
               attempts, a period reported twice, a cell not in the configuration, an alarm
               nobody knows.
  unusable/    files no reader can use: empty, blank, a binary file named .csv, every row bad,
               a truncated zip, a zip with a damaged member, an .xlsx that is no workbook, a
               .gz that is no gzip.
  edge_cases/  exports that once broke the readers, each pinned by a test in test_real_exports.py:
               Date+Time columns (English, Chinese, Excel cells), blank lines and form feeds,
               a header only, inf and beyond-int64 counters, rows without their key, a header
               twice, an unclosed quote, cells named like a footer, a zip member at the root with
               an 018_ prefix, a zip whose README comes first, decorated TRX alarm objects.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import sys
import zipfile
from pathlib import Path

STAMP = (2026, 11, 21, 8, 0, 0)  # every zip member's timestamp


def text(path: Path, body: str, encoding: str = "utf-8", newline: str = "\n", bom: bool = False) -> None:
    """`body` is written with `\n` line ends; `newline` replaces them (CRLF for Windows exports)."""
    data = body.replace("\n", newline).encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def stored_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip whose bytes do not depend on the zlib build or the clock."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=STAMP), data)
    return buffer.getvalue()


def workbook(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    """An .xlsx of the given sheets (rows of cell values), with fixed timestamps."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    fixed = dt.datetime(*STAMP)
    book.properties.created = book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    # openpyxl stamps members with the clock (and `modified` with now): normalise both.
    members = []
    with zipfile.ZipFile(buffer) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-11-21T08:00:00Z", data)
            members.append((info.filename, data))
    return stored_zip(members)


# --------------------------------------------------------------------------------------- huawei
HUAWEI_CELLS = """\
小区名称,BSC名称,所属MSC,站点名称,位置区,小区识别码,频点,BSIC,纬度,经度,方位角,载频数,最大TA,直放站
光谷1,BSC01,MSC1,武汉光谷站,4101,10011,62,53,30.5052,114.4101,0,2,63,0
光谷2,BSC01,MSC1,武汉光谷站,4101,10012,66,03,30.5052,114.4101,120,4,63,0
光谷3,BSC01,MSC1,武汉光谷站,4101,10013,70,7,30.5052,114.4101,240,2,63,1
汉口1,BSC01,MSC1,汉口火车站,4102,10021,64,45,30.6190,114.2570,60,3,63,0
"""

# Six preamble lines, header on line 7, data on lines 8-13, a 合计 footer on line 14.
HUAWEI_PRS = """\
Report Name:;GSM小区话务统计(GCELL KPI)
Report Type:;Hourly
Object Type:;GCELL
Start Time:;2026-11-20 14:00:00
End Time:;2026-11-20 15:59:59
Query Time:;2026-11-21 08:12:45
开始时间;小区名称;Period (min);TCH Attempts (次);TCH Seizures (次);TCH Drops [times];TCH_Traffic_Erl (Erl);SDCCH Attempts (次);Bad_Quality_Good_Level_Pct (%);RxLev_DL_Avg (dBm);掉话率 (%)
2026-11-20 14:00:00;光谷1;60;1,234;1,200;12;30.5;2,345;12.5%;-78;1.0%
2026-11-20 14:00:00;光谷2;60;NIL;NIL;NIL;NIL;NIL;NIL;NIL;NIL
2026-11-20 14:00:00;光谷3;60;310;300;/0;8.25;400;-;-85;/0
2026-11-20 15:00:00;光谷1;60;1,100;1,090;9;28.0;2,100;11%;-79;0.8%
2026-11-20 15:00:00;光谷2;60;0;0;0;0;0;0;N/A;0
2026-11-20 15:00:00;光谷3;60;298;290;3;8.0;390;3.5%;-84;1.0%
合计;;;2,942;2,880;24;74.75;5,235;;;
"""

HUAWEI_ALARMS = """\
告警流水号,告警名称,告警级别,发生时间,清除时间,告警对象,定位信息
900101,驻波比告警,紧急,2026-11-20 09:12:00,,BSC01/武汉光谷站/光谷1/ANT1,"柜号=0, 框号=0, 槽号=2"
900102,小区退服,重要,2026-11-20 10:00:00,2026-11-20 10:45:00,BSC=BSC01/BTS:武汉光谷站/光谷2,"小区索引=12"
900103,传输中断,重要,2026-11-20 11:00:00,2026-11-20 11:05:00,BSC01/汉口火车站,"E1端口=3"
900104,时钟失步,次要,2026-11-20 12:00:00,,BSC=BSC01,
900105,载频不可用,重要,2026-11-20 12:30:00,,BSC01/武汉光谷站/光谷1/TRX2,"载频号=2"
900106,量子纠缠异常告警,提示,2026-11-20 13:00:00,,BSC01/武汉光谷站,
"""

# A daily 180 report (a Date column only), rows by neighbour name and rows by BCCH + BSIC.
HUAWEI_180 = """\
Date;Source Cell;Neighbour;NB_BCCH;NB_BSIC;HO_Attempts;HO_Success;HO_Fail_Return;HO_Drops
20/11/2026;光谷1;光谷2;;;120;110;6;1
20/11/2026;光谷1;;64;45;30;25;3;0
20/11/2026;光谷2;光谷1;;;80;81;0;0
20/11/2026;光谷2;;99;07;15;0;5;5
"""

# -------------------------------------------------------------------------------------- alcatel
ALCATEL_CELLS = """\
CELL_NAME\tBSC\tMSC\tSITE\tLAC\tCI\tBCCH\tBSIC\tLATITUDE\tLONGITUDE\tTRX_COUNT\tPAGING_BARRED
AL_C1\tBSC02\tMSC2\tS0021\t5201\t20011\t20\t12\t-1.2921\t36.8219\t2\tUNBARRED
AL_C2\tBSC02\tMSC2\tS0021\t5201\t20012\t24\t13\t-1.2921\t36.8219\t2\tBARRED
AL_C3\tBSC02\tMSC2\tS0022\t5201\t20021\t28\t21\t-1.3000\t36.8000\t1\tno
"""

# Day-first times: 05/11/2026 is 5 November; seconds optional.
ALCATEL_KPI = """\
START_TIME|CELL|PERIOD|CALL_ATTEMPTS|TCH_ATTEMPTS|TCH_SEIZURES|TCH_DROPS|TCH_AVAILABLE|UNAVAILABLE_S
05/11/2026 14:00|AL_C1|60|420|400|396|4|14|0
05/11/2026 14:00|AL_C2|60|210|200|199|1|14|0
05/11/2026 14:00|AL_C3|60|0|0|0|0|0|3600
05/11/2026 15:00:00|AL_C1|60|433|410|405|6|14|0
05/11/2026 15:00:00|AL_C2|60|190|185|185|2|14|0
05/11/2026 15:00:00|AL_C3|60|0|0|0|0|0|3600
"""

# 018 with circuit states beside the seizures: by its header alone it is as much the circuit-state
# table (bsc, pcm, ts, bsc_state, msc_state) as the 018 report, and the narrower table would win.
ALCATEL_018 = """\
DATE,BSC,PCM,TS,BSC_STATE,MSC_STATE,NB_SEIZURES
05/11/2026,BSC02,3,1,busy,busy,40
05/11/2026,BSC02,3,2,idle,blocked,0
05/11/2026,BSC02,3,3,busy,busy,38
05/11/2026,BSC02,3,4,idle,idle,41
"""

# 025 with separate English Date and Time columns.
ALCATEL_025 = """\
DATE;TIME;BSC;CR_SENT;CC_RECEIVED;CREF_RECEIVED
05/11/2026;14:00;BSC02;10000;9650;120
05/11/2026;15:00;BSC02;9800;9500;110
"""

# 180 counted as outgoing handovers per neighbour: HO_OUT_* are cell_kpi names, so by its header
# alone this is cell statistics; the 180_ prefix says it is the per-neighbour report.
ALCATEL_180 = """\
START_TIME|BSC|CELL|NEIGHBOUR|HO_OUT_ATTEMPTS|HO_OUT_SUCCESS
05/11/2026 00:00|BSC02|AL_C1|AL_C2|120|118
05/11/2026 00:00|BSC02|AL_C2|AL_C1|90|60
"""

ALCATEL_ALARMS = """\
Event Time,Clear Time,Managed Object,Alarm Text,Severity,Probable Cause,Alarm Id
05/11/2026 13:58:10,,BSC=BSC02/BTS:S0022/AL_C3,Cell out of service,critical,Cell unavailable,2010
05/11/2026 14:02:00,05/11/2026 14:30:00,BSC=BSC02/BTS:S0021/AL_C1/TRX2,TRX board out of service,major,,
05/11/2026 14:10:00,,BSC=BSC02/BTS:S0021,PCM link failure,major,LOS,
05/11/2026 15:00:00,,BSC=BSC02/BTS:S0021/AL_C2/ANT1,VSWR alarm,critical,,
05/11/2026 15:30:00,,BSC=BSC02,BCCH reconfiguration,warning,,
05/11/2026 16:00:00,,BSC=BSC02/BTS:S0021,Quantum flux capacitor anomaly,minor,,
"""

# ------------------------------------------------------------------------------------- ericsson
ERICSSON_CELLS = """\
Cell Name,BSC Name,Site Name,LAC,CI,BCCH ARFCN,NCC,BCC,Latitude,Longitude,TA,Repeater
ER_X1,BSC03,ER_S1,7301,31,100,2,5,59.3293,18.0686,30,0
ER_X2,BSC03,ER_S1,7301,32,104,2,6,59.3293,18.0686,30,yes
"""

ERICSSON_ALARMS = """\
Event Time;Cleared Time;Managed Object;Alarm Name;Severity;Probable Cause;Alarm ID
2026-11-20 08:00:00;;BSC=BSC03/BTS=ER_S1/ER_X1;clock synchronization lost;minor;;
2026-11-20 08:05:00;2026-11-20 08:07:00;BSC=BSC03/BTS=ER_S1;Abis link failure;major;;
2026-11-20 09:00:00;;BSC=BSC03/BTS=ER_S1/ER_X2;Cell out of service;critical;;
2026-11-20 09:30:00;;BSC=BSC03/BTS=ER_S1/ER_X2/TRX1;Carrier faulty;major;;
2026-11-20 10:00:00;;BSC=BSC03/BTS=ER_S1;Heartbeat lost on the flux link;warning;;
"""

# ------------------------------------------------------------------------------------- archives
ARCHIVE_CELLS = """\
cell,bsc,site,lac,ci,bcch,bsic
AR_1,BSC01,AS1,4201,1,30,11
AR_2,BSC01,AS1,4201,2,34,12
AR_3,BSC02,AS2,4202,3,38,21
"""

KPI_HEADER = "start_time,cell,tch_attempts,tch_seizures,tch_drops\n"
ZIP_MEMBERS = [
    ("BSC01_cell_kpi.csv", KPI_HEADER + "2026-11-20 14:00,AR_1,100,98,1\n2026-11-20 14:00,AR_2,80,80,0\n"),
    ("BSC02_cell_kpi.csv", KPI_HEADER + "2026-11-20 14:00,AR_3,60,59,2\n"),
    ("2026-11-21/", ""),
    ("2026-11-21/BSC01_cell_kpi.csv", KPI_HEADER + "2026-11-20 15:00,AR_1,110,108,3\n2026-11-20 15:00,AR_2,70,70,0\n"),
    ("README.txt", "Exported by OMC-R 2026-11-21 08:00. One file per BSC.\n"),
]

PLANNING_SHEETS = [
    ("Cover", [["GSM neighbour and GPRS report"], ["Generated", "2026-11-21 08:00"], ["Operator", "Example Mobile"]]),
    (
        "Neighbours",
        [
            ["Neighbour plan BSC01/BSC02 (exported 2026-11-21)"],
            [],
            ["Source Cell", "Target Cell", "NB_BCCH", "Remark"],
            ["AR_1", "AR_2", None, "same site"],
            ["AR_2", "AR_1", None, None],
            [None, None, None, None],
            ["AR_2", "AR_3", "sixty", "typo in BCCH"],
            ["AR_3", "AR_1", 30, None],
        ],
    ),
    (
        "GPRS",
        [
            ["Start Time", "Cell Name", "PDCH_Used_Avg", "TBF_Attempts", "TBF_Fail", "Low_CS_Share_Pct"],
            [dt.datetime(2026, 11, 20, 14, 0), "AR_1", 2.5, 300, 3, "12.5%"],
            [dt.datetime(2026, 11, 20, 14, 0), "AR_3", 1.0, 120, 0, 40],
        ],
    ),
]

# --------------------------------------------------------------------------------------- mapped
MAPPED_YAML = """\
# Exports whose header says too little: which table each file is.
files:
  "GCELL_export_*.csv": cells
  "日报_*.csv": cell_kpi
alarm_dictionary: operator_alarms.yaml
"""

OPERATOR_ALARMS = """\
classes:
  bts_down:
    names: ['掉站']
"""

# CELL NAME and ARFCN are known column names, but no table has this header.
MAPPED_CELLS = """\
CELL NAME;CGI;ARFCN;Layer
MP_1;460-00-4301-1;50;macro
MP_2;460-00-4301-2;54;micro
"""

MAPPED_KPI = """\
日期,时间,小区名称,TCH_Attempts,TCH_Seizures,TCH_Drops
2026-11-20,14:00,MP_1,50,49,1
20/11/2026,15:00:00,MP_1,55,55,0
"""

MAPPED_ALARMS = """\
raised_at,cleared_at,object,alarm
2026-11-20 14:20,,BSC04/MPS1,基站掉站告警
"""

# ---------------------------------------------------------------------------------------- flags
FLAG_CELLS = """\
cell,bsc,site,lac,ci,bcch,bsic
F1,BSC09,S91,6001,1,10,11
F2,BSC09,S91,6001,2,12,12
"""

# Line 4 too few fields, 5 not a number, 6 negative, 7 seizures > attempts, 8 a period again,
# 9 a cell nobody configured, 10 drops > seizures.
FLAG_KPI = """\
start_time,cell,tch_attempts,tch_seizures,tch_drops,tch_available
2026-11-20 10:00,F1,100,95,2,14
2026-11-20 10:00,F2,50,48,1,7
2026-11-20 11:00,F1,100,95
2026-11-20 11:00,F2,fifty,48,1,7
2026-11-20 12:00,F1,100,-5,2,14
2026-11-20 12:00,F2,40,45,1,7
2026-11-20 10:00,F1,100,95,2,14
2026-11-20 10:00,GHOST9,10,10,0,7
2026-11-20 13:00,F1,100,90,95,14
"""

# An overlapping export: 13:00 for F1 again.
FLAG_KPI_OVERLAP = """\
start_time,cell,tch_attempts,tch_seizures,tch_drops,tch_available
2026-11-20 13:00,F1,100,90,95,14
"""

FLAG_ALARMS = """\
raised_at,cleared_at,object,alarm
2026-11-20 09:00,,BSC09/S91/F1,Mysterious beacon
2026-11-20 09:30,,BSC09/S91/F2,Mysterious beacon
2026-11-20 09:45,2026-11-20 09:50,BSC09/S91/F2,VSWR alarm
"""

# ------------------------------------------------------------------------------------- unusable
# A legacy .xls (OLE2 compound document) renamed to .csv: neither UTF-8 nor GB18030.
OLE2_XLS = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\xff" * 96

ALL_ROWS_BAD = """\
start_time,cell,tch_seizures
2026-11-20 14:00,A1,many
2026-11-20 15:00,A1,lots
"""

# ----------------------------------------------------------------------------------- edge_cases
EDGE_HEADER_ONLY = "start_time;cell;tch_drops\n"
EDGE_DATE_TIME_ENGLISH = """\
Date,Time,Cell,TCH_Drops
20/11/2026,14:00,A1,3
20/11/2026,15:00,A1,4
"""
EDGE_DATE_TIME_CHINESE = """\
日期,时间,小区名称,TCH_Drops
2026-11-20,14:00,A1,3
2026-11-20,15:00,A1,4
"""
# 1 header, 2 row, 3 blank, 4 too few fields, 5 not a number, 6 row
EDGE_BLANK_LINES = """\
start_time,cell,tch_drops
2026-11-20 14:00,A1,3

2026-11-20 15:00,A1
2026-11-20 16:00,A1,x
2026-11-20 17:00,A1,5
"""
EDGE_018_MEMBER = """\
DATE,BSC,PCM,TS,CIC,NB_SEIZURES,HOLDING_TIME
20/11/2026,BSC01,1,1,33,40,3600
20/11/2026,BSC01,1,2,34,0,0
"""
EDGE_INFINITE_COUNTER = """\
start_time,cell,tch_drops,tch_traffic_erl
2026-11-20 14:00,A1,inf,1.0
2026-11-20 15:00,A1,2,inf
2026-11-20 16:00,A1,3,1.5
"""
EDGE_HUGE_COUNTER = """\
start_time,cell,tch_drops
2026-11-20 14:00,A1,99999999999999999999999
2026-11-20 15:00,A1,2
"""
# Line 2 has no time, line 3 a cell written as NIL: neither may be kept with an empty key.
EDGE_MISSING_KEYS = """\
start_time,cell,tch_drops
,A1,3
2026-11-20 14:00,NIL,4
2026-11-20 15:00,A1,5
"""
# The same header twice (exports that repeat the cell name at the end of a row).
EDGE_DUPLICATE_HEADER = """\
Start Time;Cell Name;TCH Drops;Cell Name
2026-11-20 14:00;A1;3;A1
2026-11-20 15:00;A1;4;A1
"""
EDGE_TRX_DECORATED = """\
raised_at,cleared_at,object,alarm
2026-11-20 09:30,,BSC=BSC03/BTS=ER_S1/ER_X2/TRX=1,Carrier faulty
2026-11-20 09:40,,BSC=BSC03/BTS:ER_S1/ER_X2/TRX:2,Carrier faulty
"""
EDGE_ALARM_DIGITS = """\
raised_at,cleared_at,object,alarm
2026-11-20 09:00,,BSC01/S1,Fan Module1 Failure
2026-11-20 09:00,,BSC01/S1,Cabinet Temperature1 High
2026-11-20 09:00,,BSC01/S1,Site1 Battery Low
"""
# A form feed (page break of a printed report) inside the preamble.
EDGE_FORM_FEED = "Report Name:;GSM\x0cKPI\nstart_time;cell;tch_drops\n2026-11-20 14:00;A1;3\n"
EDGE_UNCLOSED_QUOTE = """\
start_time,cell,tch_drops
2026-11-20 14:00,A0,1
2026-11-20 14:00,"A1,3
2026-11-20 15:00,A2,4
2026-11-20 16:00,A3,5
"""
EDGE_FOOTER_LOOKALIKE = """\
start_time,cell,tch_drops
2026-11-20 14:00,Total Plaza,3
2026-11-20 14:00,Sum-Tower 2,1
Total,,4
"""
EDGE_XLSX_DATE_TIME_CELLS = [
    (
        "KPI",
        [
            ["日期", "时间", "小区名称", "TCH_Drops"],
            [dt.datetime(2026, 11, 20), dt.time(14, 0), "A1", 3],
            [dt.datetime(2026, 11, 20), dt.time(15, 0), "A1", 4],
        ],
    )
]


def main(out: Path) -> None:
    for folder in ("huawei", "alcatel", "ericsson", "archives", "mapped", "flags", "unusable", "edge_cases"):
        (out / folder).mkdir(parents=True, exist_ok=True)

    d = out / "huawei"
    text(d / "cells_gbk.csv", HUAWEI_CELLS, encoding="gb18030", newline="\r\n")
    text(d / "PRS_GCELL_20261120.csv", HUAWEI_PRS, bom=True, newline="\r\n")
    text(d / "alarms_huawei.csv", HUAWEI_ALARMS, encoding="gb18030", newline="\r\n")
    text(d / "180_BSC01_20261120.csv", HUAWEI_180)

    d = out / "alcatel"
    text(d / "cells.tsv", ALCATEL_CELLS)
    text(d / "cell_kpi_BSC02.txt", ALCATEL_KPI)
    text(d / "018_BSC02_20261105.csv", ALCATEL_018)
    text(d / "025_BSC02_20261105.csv", ALCATEL_025)
    text(d / "180_BSC02_20261105.csv", ALCATEL_180)
    text(d / "alarms_alcatel.csv", ALCATEL_ALARMS)

    d = out / "ericsson"
    text(d / "cells_bom.csv", ERICSSON_CELLS, bom=True)
    text(d / "alarms_ericsson.csv", ERICSSON_ALARMS)

    d = out / "archives"
    (d / "cells.csv.gz").write_bytes(gzip.compress(ARCHIVE_CELLS.encode(), mtime=0))
    (d / "kpi_by_bsc.zip").write_bytes(stored_zip([(n, b.encode()) for n, b in ZIP_MEMBERS]))
    (d / "planning.xlsx").write_bytes(workbook(PLANNING_SHEETS))

    d = out / "mapped"
    text(d / "netdiag.yaml", MAPPED_YAML)
    text(d / "operator_alarms.yaml", OPERATOR_ALARMS)
    text(d / "GCELL_export_20261121.csv", MAPPED_CELLS)
    text(d / "日报_20261120.csv", MAPPED_KPI, encoding="gb18030")
    text(d / "alarms.csv", MAPPED_ALARMS)

    d = out / "flags"
    text(d / "cells.csv", FLAG_CELLS)
    text(d / "cell_kpi.csv", FLAG_KPI)
    text(d / "cell_kpi_overlap.csv", FLAG_KPI_OVERLAP)
    text(d / "alarms.csv", FLAG_ALARMS)

    d = out / "unusable"
    (d / "empty.csv").write_bytes(b"")
    text(d / "blank.csv", "\n  \n\t\n", newline="\r\n")
    (d / "legacy_xls_renamed.csv").write_bytes(OLE2_XLS)
    text(d / "all_rows_bad.csv", ALL_ROWS_BAD)
    good_zip = stored_zip([("BSC01_cell_kpi.csv", ZIP_MEMBERS[0][1].encode())])
    (d / "truncated.zip").write_bytes(good_zip[: len(good_zip) // 2])
    damaged = bytearray(good_zip)
    damaged[good_zip.index(b"AR_1")] ^= 0x20  # member data changed, its CRC not
    (d / "damaged_member.zip").write_bytes(bytes(damaged))
    text(d / "not_a_workbook.xlsx", "cell,bsc\nA1,BSC01\n")
    text(d / "not_gzip.csv.gz", "cell,bsc\nA1,BSC01\n")

    d = out / "edge_cases"
    text(d / "header_only.csv", EDGE_HEADER_ONLY)
    text(d / "date_time_english.csv", EDGE_DATE_TIME_ENGLISH)
    text(d / "date_time_chinese.csv", EDGE_DATE_TIME_CHINESE, encoding="gb18030")
    text(d / "blank_lines.csv", EDGE_BLANK_LINES)
    (d / "exports_018_at_root.zip").write_bytes(stored_zip([("018_BSC01_20261120.csv", EDGE_018_MEMBER.encode())]))
    text(d / "infinite_counter.csv", EDGE_INFINITE_COUNTER)
    text(d / "huge_counter.csv", EDGE_HUGE_COUNTER)
    text(d / "missing_keys.csv", EDGE_MISSING_KEYS)
    text(d / "duplicate_header.csv", EDGE_DUPLICATE_HEADER)
    text(d / "alarms_trx_decorated.csv", EDGE_TRX_DECORATED)
    text(d / "alarms_names_with_digits.csv", EDGE_ALARM_DIGITS)
    text(d / "form_feed_in_preamble.csv", EDGE_FORM_FEED)
    text(d / "unclosed_quote.csv", EDGE_UNCLOSED_QUOTE)
    text(d / "footer_lookalike_cells.csv", EDGE_FOOTER_LOOKALIKE)
    (d / "date_time_cells.xlsx").write_bytes(workbook(EDGE_XLSX_DATE_TIME_CELLS))
    # The README comes first in this zip: the members after it must still be read.
    readme_first = [ZIP_MEMBERS[4], ZIP_MEMBERS[0], ZIP_MEMBERS[1]]
    (d / "readme_first.zip").write_bytes(stored_zip([(n, b.encode()) for n, b in readme_first]))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
