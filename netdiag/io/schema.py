"""The canonical tables netdiag reads (formats.md), their columns, types and header aliases.

This module is the contract between the readers and everything downstream: a reader may see any
header spelling, but what it hands on has exactly these column names and types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

# Column kinds. Readers coerce every column to one of these.
TEXT = "text"  # names and ids: kept as strings, stripped
INT = "int"  # counters: nullable integers
FLOAT = "float"  # rates, Erlang, coordinates
PCT = "pct"  # percent values, "12.5%" and "12.5" both mean 12.5
FLAG = "flag"  # 1/0, true/false, yes/no, BARRED/UNBARRED
TIME = "time"  # OMC-R local time, no zone


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    signed: bool = False  # may be below zero (coordinates, dBm); every other number is a count or size


# Numbers that may legitimately be negative.
SIGNED = {"lat", "lon", "azimuth", "rxlev_dl_avg", "crh"}


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    keys: tuple[str, ...]
    required: bool = False
    file_prefixes: tuple[str, ...] = ()
    doc: str = ""
    # What identifies one row, when more than the key columns do (a 180 row: its target too).
    identity: tuple[str, ...] = ()
    column_map: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_map", {c.name: c for c in self.columns})

    @property
    def row_identity(self) -> list[str]:
        return list(self.identity or self.keys)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@lru_cache(maxsize=4096)  # (every file's header row is matched against every table's aliases)
def normalise_header(text: str) -> str:
    """Header matching ignores case, surrounding spaces, units in brackets; space, '_' and '-' are alike."""
    text = str(text).replace("\ufeff", "").strip().lower()
    text = re.sub(r"[\(\[（【].*?[\)\]）】]", "", text)  # units such as (times), [erl], （次）
    text = re.sub(r"[\s_\-]+", "_", text).strip("_")
    return text


def _c(name: str, kind: str, *aliases: str) -> Column:
    return Column(name, kind, aliases, signed=name in SIGNED)


# A bare `Time`/`时间` column is not one of these: reports that split date and time are combined.
# `Result Time` is the start of the period in Huawei M2000/U2000/PRS exports (with `Granularity Period`).
_TIME_ALIASES = ("start time", "starttime", "period start", "period start time", "begin time", "result time", "开始时间", "起始时间")
_PERIOD_ALIASES = ("period", "granularity", "granularity period", "统计周期", "统计粒度")

# Headers of a column naming the measured object (a 3GPP LDN or a Huawei `BSC01/GCELL:LABEL=...`
# object name, see objects.py): it stands for the key columns cell, trx and bsc of a statistics table.
OBJECT_HEADERS = frozenset({"object_name", "objectname", "measobjldn", "moid", "gcell", "对象名称", "测量对象"})
# A header that names the cell by a pattern rather than a spelling: "cell name" qualified by the
# technology, before or after (`GSM Cell Name`, `2G小区名称`, `Cell Name (GSM)`, `CELL_NAME_2G`), or the
# sector's name (`Sector Name`, `扇区名称`): planning workbooks write it every way.
_TECH = r"(?:gsm|2g|g|gsm900|gsm1800|dcs1800|dcs|bss|g网)"
_CELL_NAME = re.compile(rf"^(?:{_TECH}_?)?(?:cell|sector|小区|扇区)_?(?:name|名称|名)(?:_?{_TECH})?$")


def names_cell(normalised: str) -> bool:
    """Whether a normalised header names the cell by the pattern of a qualified cell name or a sector's name."""
    return bool(_CELL_NAME.match(normalised))


def column_of(index: dict[str, str], normalised: str) -> str | None:
    """The canonical column a normalised header names in a table (its alias index), the cell's name
    by its pattern too (names_cell)."""
    found = index.get(normalised)
    if found is None and "cell" in index.values() and names_cell(normalised):
        return "cell"
    return found


# Headers of a column giving the cell's global identity (MCC-MNC-LAC-CI; cell_refs.py): in a file whose
# headers name no cell, it names the cells.
CGI_HEADERS = frozenset({"cgi", "cell_global_identity", "cell_global_id", "global_cell_id", "全球小区识别码", "小区cgi"})
# Huawei's `Reliability` column: a row that does not say `Reliable` is flagged.
RELIABILITY_HEADERS = frozenset({"reliability", "可靠性"})
RELIABLE_VALUES = frozenset({"reliable", "可靠"})

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "cells",
            (
                _c("cell", TEXT, "cell name", "cellname", "小区名称", "小区名"),
                _c("bsc", TEXT, "gbsc", "bsc name", "BSC名称"),
                _c("msc", TEXT, "msc name", "所属MSC"),
                _c("site", TEXT, "site name", "bts", "bts name", "站点名称", "基站名称"),
                _c("lac", INT, "位置区", "location area code"),
                _c("ci", INT, "cell ci", "小区识别码", "cell identity"),
                _c("bcch", INT, "bcch arfcn", "频点", "BCCH频点"),
                _c("ncc", INT),
                _c("bcc", INT),
                _c("bsic", TEXT),
                _c("lat", FLOAT, "latitude", "纬度"),
                _c("lon", FLOAT, "longitude", "经度"),
                _c("azimuth", FLOAT, "方位角"),
                _c("trx_count", INT, "载频数", "trx number"),
                _c("max_ta", INT, "ta", "最大TA"),
                _c("bs_ag_blks_res", INT),
                _c("crh", FLOAT, "cell reselect hysteresis"),
                _c("paging_barred", FLAG, "paging", "paging barred"),
                _c("max_pdch", INT, "最大PDCH数"),
                _c("repeater", FLAG, "直放站"),
                _c("region", TEXT, "地市", "区县", "片区", "area", "region name", "区域"),
            ),
            keys=("cell",),
            required=True,
            doc="cell configuration",
        ),
        Table(
            "trx",
            (
                _c("cell", TEXT, "cell name", "小区名称", "小区名"),
                _c("trx", TEXT, "trx id", "trx name", "载频"),
                _c("arfcn", INT),
                _c("ma_list", TEXT),
                _c("is_bcch", FLAG),
                _c("trx_type", TEXT),
                _c("power_w", FLOAT),
            ),
            keys=("cell", "trx"),
            doc="TRX configuration",
        ),
        Table(
            "neighbours",
            (
                _c("cell", TEXT, "source cell", "源小区", "cell name", "小区名称"),
                _c("neighbour", TEXT, "target cell", "neighbor", "邻区", "目标小区", "neighbour cell"),
                _c("nb_bcch", INT),
                _c("nb_ncc", INT),
                _c("nb_bcc", INT),
                _c("nb_bsic", TEXT),
            ),
            keys=("cell", "neighbour"),
            doc="neighbour relations",
        ),
        Table(
            "alarms",
            (
                _c("raised_at", TIME, "发生时间", "occur time", "occurrence time", "event time", "raised time"),
                _c("cleared_at", TIME, "清除时间", "clear time", "cleared time"),
                _c("bsc", TEXT, "bsc name"),
                _c("site", TEXT, "site name", "bts"),
                _c("cell", TEXT, "cell name", "小区名称"),
                _c("trx", TEXT),
                _c("object", TEXT, "managed object", "mo", "告警对象"),
                _c("alarm", TEXT, "alarm name", "告警名称", "alarm text"),
                _c("alarm_code", TEXT, "alarm id", "告警码"),
                _c("severity", TEXT, "告警级别"),
                _c("probable_cause", TEXT, "可能原因"),
            ),
            keys=("raised_at",),
            doc="OMC-R alarm list",
        ),
        Table(
            "cell_kpi",
            (
                _c("start_time", TIME, *_TIME_ALIASES),
                _c("cell", TEXT, "cell name", "小区名称", "小区名"),
                _c("period_min", INT, *_PERIOD_ALIASES),
                _c("call_attempts", INT),
                _c("sdcch_attempts", INT),
                _c("sdcch_assign_fail", INT),
                _c("sdcch_congestion", INT),
                _c("sdcch_drops", INT),
                _c("tch_attempts", INT),
                _c("tch_assign_fail", INT),
                _c("tch_congestion", INT),
                _c("tch_seizures", INT),
                _c("tch_drops", INT),
                _c("tch_traffic_erl", FLOAT),
                _c("tch_available", FLOAT),
                _c("unavailable_s", FLOAT),
                _c("ho_out_attempts", INT),
                _c("ho_out_success", INT),
                _c("ho_in_attempts", INT),
                _c("ho_in_success", INT),
                _c("idle_tch_band1", FLOAT),
                _c("idle_tch_band2", FLOAT),
                _c("idle_tch_band3", FLOAT),
                _c("idle_tch_band4", FLOAT),
                _c("idle_tch_band5", FLOAT),
                _c("location_updates", INT),
                _c("paging_sent", INT),
                _c("paging_discarded", INT),
                _c("agch_discarded", INT),
                _c("rxlev_dl_avg", FLOAT),
                _c("bad_quality_good_level_pct", PCT),
            ),
            keys=("start_time", "cell"),
            doc="cell traffic statistics",
        ),
        Table(
            "trx_kpi",
            (
                _c("start_time", TIME, *_TIME_ALIASES),
                _c("cell", TEXT, "cell name", "小区名称"),
                _c("trx", TEXT, "trx id"),
                _c("period_min", INT, *_PERIOD_ALIASES),
                _c("tch_seizures", INT),
                _c("tch_hold_s", FLOAT),
                _c("tch_assign_attempts", INT),
                _c("tch_assign_fail", INT),
                _c("tch_drops", INT),
            ),
            keys=("start_time", "cell", "trx"),
            doc="TRX statistics",
        ),
        Table(
            "a_circuits",
            (
                _c("start_time", TIME, *_TIME_ALIASES),
                _c("bsc", TEXT, "bsc name"),
                _c("pcm", INT),
                _c("ts", INT, "timeslot", "time slot"),
                _c("period_min", INT, *_PERIOD_ALIASES),
                _c("cic", INT),
                _c("seizures", INT, "seizure", "nb seizures"),
                _c("hold_s", FLOAT, "holding time", "occupancy s"),
                _c("ater_highway", INT, "highway"),
                _c("ater_ts", INT),
            ),
            keys=("start_time", "bsc", "pcm", "ts"),
            file_prefixes=("018",),
            doc='"018" A-interface circuit report',
        ),
        Table(
            "a_circuit_state",
            (
                _c("bsc", TEXT, "bsc name"),
                _c("pcm", INT),
                _c("ts", INT, "timeslot"),
                _c("bsc_state", TEXT),
                _c("msc_state", TEXT),
            ),
            keys=("bsc", "pcm", "ts"),
            doc="A-interface circuit states on both sides",
        ),
        Table(
            "sccp",
            (
                _c("start_time", TIME, *_TIME_ALIASES),
                _c("bsc", TEXT, "bsc name"),
                _c("period_min", INT, *_PERIOD_ALIASES),
                _c("cr_sent", INT),
                _c("cc_received", INT),
                _c("cref_received", INT),
            ),
            keys=("start_time", "bsc"),
            file_prefixes=("025",),
            doc='"025" SCCP report',
        ),
        Table(
            "adjacency_ho",
            (
                _c("start_time", TIME, *_TIME_ALIASES),
                _c("cell", TEXT, "source cell", "源小区"),
                _c("neighbour", TEXT, "target cell", "neighbor", "邻区", "目标小区"),
                _c("nb_bcch", INT),
                _c("nb_bsic", TEXT),
                _c("period_min", INT, *_PERIOD_ALIASES),
                _c("ho_attempts", INT),
                _c("ho_success", INT),
                _c("ho_fail_return", INT),
                _c("ho_drops", INT),
            ),
            keys=("start_time", "cell"),
            identity=("start_time", "cell", "neighbour", "nb_bcch", "nb_bsic"),
            file_prefixes=("180",),
            doc='"180" per-neighbour handover report',
        ),
        Table(
            "gprs_kpi",
            (
                _c("start_time", TIME, *_TIME_ALIASES),
                _c("cell", TEXT, "cell name", "小区名称"),
                _c("period_min", INT, *_PERIOD_ALIASES),
                _c("pdch_used_avg", FLOAT),
                _c("pdch_max", FLOAT),
                _c("tbf_attempts", INT),
                _c("tbf_fail", INT),
                _c("tbf_congestion", INT),
                _c("dl_kbytes", FLOAT),
                _c("low_cs_share_pct", PCT),
            ),
            keys=("start_time", "cell"),
            doc="cell GPRS statistics",
        ),
        Table(
            "gpu_kpi",
            (
                _c("start_time", TIME, *_TIME_ALIASES),
                _c("bsc", TEXT, "bsc name"),
                _c("gpu", TEXT),
                _c("period_min", INT, *_PERIOD_ALIASES),
                _c("load_pct", PCT),
                _c("congestion_s", FLOAT),
            ),
            keys=("start_time", "bsc", "gpu"),
            doc="BSC GPRS processing unit statistics",
        ),
        Table(
            "complaints",
            (
                _c("complaint_id", TEXT, "ticket", "ticket id", "工单号", "投诉编号"),
                _c("received_at", TIME, "受理时间"),
                _c("occurred_at", TIME, "发生时间", "故障时间"),
                _c("msisdn", TEXT, "phone", "号码", "用户号码"),
                _c("symptom", TEXT, "complaint", "投诉现象", "现象"),
                _c("cell", TEXT, "cell name", "小区名称"),
                _c("lac", INT),
                _c("ci", INT),
                _c("lat", FLOAT, "latitude", "纬度"),
                _c("lon", FLOAT, "longitude", "经度"),
                _c("address", TEXT, "地址"),
            ),
            keys=("complaint_id",),
            doc="subscriber complaints",
        ),
        Table(
            "subscribers",
            (
                _c("region", TEXT, "地市", "区县", "片区", "area", "region name", "区域"),
                _c("bsc", TEXT, "bsc name", "BSC名称"),
                _c("lac", INT, "位置区", "location area code"),
                _c("month", TEXT, "月份", "统计月份", "period"),
                _c("subscribers", INT, "用户数", "用户总数", "subscriber count", "users"),
            ),
            keys=("month", "subscribers"),
            doc="subscribers per region (or BSC, LAC) and month, for complaints per 10,000 subscribers",
        ),
    )
}

# Tables a data folder is scanned for (complaints and subscribers come in separately, to the case log).
DESK_TABLES = ("complaints", "subscribers")
NETWORK_TABLES = [name for name in TABLES if name not in DESK_TABLES]

# Counter tables carry a start_time per row; periods are inferred from its spacing.
COUNTER_TABLES = [name for name, t in TABLES.items() if "start_time" in t.column_map]


# Numbers of a statistics table that describe the object, not traffic: they never make a file that table.
_NOT_COUNTERS = {"period_min", "cic", "ater_highway", "ater_ts", "nb_bcch"}


@cache
def counter_columns(table: str) -> tuple[str, ...]:
    """A statistics table's counter columns: the numbers that are no key and do not describe the object
    (what a file's content score counts, and what the counter dictionary may map to)."""
    spec = TABLES[table]
    return tuple(c.name for c in spec.columns
                 if c.kind in (INT, FLOAT, PCT) and c.name not in spec.keys and c.name not in _NOT_COUNTERS)


@cache
def alias_index(table: Table) -> dict[str, str]:
    """Normalised header spelling -> canonical column name, for one table (worked out once: not to be changed)."""
    index: dict[str, str] = {}
    for column in table.columns:
        for spelling in (column.name, *column.aliases):
            index.setdefault(normalise_header(spelling), column.name)
    return index
