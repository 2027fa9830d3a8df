"""Every label netdiag shows, in Chinese and English: verdicts, table headings, severities.

Cause, symptom and remedy texts come from the catalogue and the rules; what is here is how results
are presented. One place, so that a missing translation shows in one diff.
"""

from __future__ import annotations

LABELS = {
    "zh": {"verdict": "结论", "fault_found": "发现故障", "no_fault_found": "未发现网络故障", "cause": "可能原因",
           "object": "对象", "score": "得分", "confidence": "置信度", "evidence": "证据", "remedy": "处理建议",
           "checks": "现场核查", "severity": "级别", "findings": "项发现", "none": "未发现问题", "where": "位置",
           "serving": "服务小区", "bsc": "所属BSC", "lac": "位置区", "neighbour": "邻区", "via": "经由小区",
           "candidates": "可能的服务小区", "distance": "距离", "off_axis": "偏离主瓣", "weight": "权重",
           "location": "投诉位置", "time": "时间", "unlocated": "该位置附近没有小区",
           "high": "高", "medium": "中", "low": "低", "critical": "紧急"},
    "en": {"verdict": "verdict", "fault_found": "fault found", "no_fault_found": "no network fault found", "cause": "likely cause",
           "object": "object", "score": "score", "confidence": "confidence", "evidence": "evidence", "remedy": "remedy",
           "checks": "on-site checks", "severity": "severity", "findings": "findings", "none": "nothing found", "where": "where",
           "serving": "serving cell", "bsc": "its BSC", "lac": "its LAC", "neighbour": "neighbour", "via": "via cell",
           "candidates": "candidate serving cells", "distance": "distance", "off_axis": "off axis", "weight": "weight",
           "location": "complaint location", "time": "time", "unlocated": "no cell near this spot",
           "high": "high", "medium": "medium", "low": "low", "critical": "critical"},
}

# `triage --complaints`: the batch table and its summary
BATCH_LABELS = {
    "zh": {"complaint_id": "工单", "verdict": "结论", "symptom": "现象", "cell": "小区", "title": "最可能原因",
           "object": "对象", "score": "得分", "confidence": "置信度", "note": "说明",
           "fault_found": "发现故障", "no_fault_found": "未发现网络故障", "needs_symptom": "需确认现象",
           "needs_location": "需补充位置", "error": "无法诊断", "done": "条投诉已诊断"},
    "en": {"complaint_id": "ticket", "verdict": "verdict", "symptom": "symptom", "cell": "cell", "title": "most likely cause",
           "object": "object", "score": "score", "confidence": "confidence", "note": "note",
           "fault_found": "fault found", "no_fault_found": "no network fault", "needs_symptom": "symptom unclear",
           "needs_location": "location missing", "error": "cannot triage", "done": "complaints triaged"},
}

# `suspects`: the drive-test list
SUSPECT_LABELS = {
    "zh": {"rank": "#", "cell": "小区", "bsc": "BSC", "site": "站点", "score": "得分", "severity": "级别",
           "causes": "可能原因", "tests": "现场测试", "remedy": "处理建议", "lat": "纬度", "lon": "经度",
           "objects": "涉及对象", "symptoms": "症状", "findings": "发现数", "titles": "发现",
           "none": "没有需要路测的小区",
           "area": "另有 {n} 项发现在小区以上层级(BSC/LAC/电路)，不在列表中：见 netdiag scan",
           "left_out": "{n} 个小区没有坐标，未写入 {fmt}",
           "wrote": "已写入 {n} 个可疑小区到 {path}"},
    "en": {"rank": "#", "cell": "cell", "bsc": "BSC", "site": "site", "score": "score", "severity": "severity",
           "causes": "likely causes", "tests": "test on site", "remedy": "remedy", "lat": "lat", "lon": "lon",
           "objects": "objects", "symptoms": "symptoms", "findings": "findings", "titles": "findings",
           "none": "no cell to drive-test",
           "area": "{n} findings above cell level (BSC/LAC/circuits) are not in the list: see netdiag scan",
           "left_out": "{n} suspects without coordinates are not in the {fmt}",
           "wrote": "wrote {n} suspects to {path}"},
}

# `rules explain` and `rules list`
HEADINGS = {
    "en": {
        "cause": "cause", "level": "level", "severity": "severity", "symptoms": "symptoms", "requires": "needs tables",
        "file": "file", "generic": "generic: ranked below any specific cause in the same scope",
        "explained_by": "explained away by", "what": "What it checks", "why": "Why", "source": "source",
        "check": "the field notes say", "condition": "Condition", "persistence": "Persistence", "score": "Score",
        "parameters": "Parameters", "none": "(none)", "evidence": "Evidence", "title": "Title", "remedy": "Remedy",
        "example": "Example", "expect": "expect", "quiet": "no finding",
        "persist": "the condition is evaluated per period; the rule fires where it held in at least {min_periods} "
                   "periods and in at least {min_share:.0%} of the periods seen, for at least {min_hours:g} h in all",
        "stretch": "Stretch",
        "stretch_when": "also judged over each run of periods where `{when}` holds (lulls up to {gap_hours:g} h "
                        "bridged, runs of at least {min_hours:g} h), counters summed over the run",
        "stretch_change": "also judged over the stretch from the hour at which {column} {direction} most to the end "
                          "of the window (at least {min_hours:g} h before and after), counters summed over it",
        "rose": "rose", "fell": "fell",
        "default": "default",
    },
    "zh": {
        "cause": "原因", "level": "层级", "severity": "级别", "symptoms": "现象", "requires": "所需数据表",
        "file": "文件", "generic": "通用原因: 同一范围内排在任何具体原因之后", "explained_by": "可被以下原因解释",
        "what": "检查内容", "why": "依据", "source": "出处", "check": "核查要点", "condition": "条件",
        "persistence": "持续性", "score": "得分", "parameters": "参数", "none": "(无)", "evidence": "证据",
        "title": "标题", "remedy": "处理建议", "example": "示例", "expect": "预期", "quiet": "无发现",
        "persist": "条件按统计时段判断; 至少 {min_periods} 个时段且至少 {min_share:.0%} 的时段满足, 累计至少 {min_hours:g} 小时时触发",
        "stretch": "时段区间",
        "stretch_when": "另按 `{when}` 成立的连续时段分段判断 (间断不超过 {gap_hours:g} 小时视为连续, 每段至少 "
                        "{min_hours:g} 小时), 计数在该段内累计",
        "stretch_change": "另按 {column} {direction}最多的整点起至窗口结束的区间判断 (前后各至少 {min_hours:g} 小时), "
                          "计数在该区间内累计",
        "rose": "上升", "fell": "下降",
        "default": "默认",
    },
}

# `cases report`: the monthly report's views, their titles and column headings
# column -> (zh, en)
_REPORT_COLUMN_TEXTS: dict[str, tuple[str, str]] = {
    "month": ("月份", "month"),
    "area": ("地区", "region"),
    "complaints": ("投诉量", "complaints"),
    "valid": ("有效投诉", "valid"),
    "explained": ("沟通性投诉(已解释)", "explained"),
    "unclassified": ("未定性", "unclassified"),
    "subscribers": ("用户数", "subscribers"),
    "per_10k": ("万人投诉比", "complaints per 10,000 subscribers"),
    "valid_per_10k": ("万人有效投诉比", "valid complaints per 10,000 subscribers"),
    "change": ("环比变化", "change on the month before"),
    "closed": ("已结案", "closed"),
    "open": ("未结案", "open"),
    "ack_within_share": ("按时确认率", "acknowledged within the SLA"),
    "close_within_share": ("按时结案率", "closed within the SLA"),
    "repeat_msisdn": ("重复投诉(同一用户30天内)", "repeats by subscriber (30 days)"),
    "repeat_cell": ("重复投诉(同一小区7天内)", "repeats on a cell (7 days)"),
    "followups": ("回访数", "follow-up calls answered"),
    "satisfied_share": ("回访满意率", "satisfied at follow-up"),
    "hotspots": ("热点数", "hotspots"),
    "symptom": ("投诉现象", "symptom"),
    "cause": ("主要原因", "top cause"),
    "class": ("投诉性质", "class"),
    "category": ("投诉类别", "category"),
    "overridden": ("人工改定", "set by hand"),
    "share": ("占比", "share"),
    "stage": ("环节", "stage"),
    "limit_hours": ("时限(小时)", "limit (h)"),
    "cases": ("投诉量", "cases"),
    "judged": ("已考核", "judged"),
    "within": ("按时", "within the limit"),
    "late": ("超时", "late"),
    "pending": ("未到期", "not yet due"),
    "share_within": ("按时率", "share within the limit"),
    "median_hours": ("中位时长(小时)", "median (h)"),
    "p90_hours": ("90%分位时长(小时)", "90th percentile (h)"),
    "msisdn": ("用户号码", "subscriber number"),
    "repeats": ("重复投诉", "repeats"),
    "cells": ("小区", "cells"),
    "cell": ("小区", "cell"),
    "first": ("首次", "first"),
    "last": ("最近", "last"),
    "symptoms": ("投诉现象", "symptoms"),
    "causes": ("原因", "causes"),
    "rank": ("排名", "rank"),
    "count": ("投诉量", "complaints"),
    "lat": ("纬度", "latitude"),
    "lon": ("经度", "longitude"),
    "radius_m": ("半径(米)", "radius (m)"),
    "span_days": ("跨度(天)", "span (days)"),
    "areas": ("地区", "regions"),
    "level": ("层级", "level"),
    "unit": ("对象", "cell or area"),
    "start": ("开始", "from"),
    "end": ("结束", "to"),
    "expected": ("预期投诉量", "expected"),
    "ratio": ("倍数", "times expected"),
    "p_value": ("p值", "p-value"),
    "q_value": ("校正p值(BH)", "q-value (BH)"),
}

# view -> (zh title, en title, columns in order)
_REPORT_VIEWS: dict[str, tuple[str, str, list[str]]] = {
    "summary": ("月度概况", "the month", [
        "month", "complaints", "valid", "explained", "unclassified", "subscribers", "per_10k", "valid_per_10k", "closed",
        "open", "ack_within_share", "close_within_share", "repeat_msisdn", "repeat_cell", "followups", "satisfied_share",
        "hotspots"]),
    "by_region": ("分地区投诉及万人投诉比", "complaints and ratio by region", [
        "area", "complaints", "valid", "explained", "unclassified", "subscribers", "per_10k", "valid_per_10k"]),
    "ratio_trend": ("万人投诉比趋势", "ratio trend", [
        "area", "month", "complaints", "valid", "explained", "unclassified", "subscribers", "per_10k", "valid_per_10k",
        "change"]),
    "by_symptom": ("分现象投诉", "by symptom", ["symptom", "complaints", "valid", "explained", "unclassified", "share"]),
    "by_cause": ("分原因投诉", "by cause", ["cause", "complaints", "valid", "explained", "unclassified", "share"]),
    "by_class": ("投诉性质", "by class", ["class", "complaints", "overridden", "share"]),
    "by_category": ("投诉类别", "by category", ["category", "complaints", "valid", "explained", "unclassified", "share"]),
    "sla": ("处理时限", "service levels", [
        "stage", "limit_hours", "cases", "judged", "within", "late", "pending", "share_within", "median_hours",
        "p90_hours"]),
    "repeat_subscribers": ("重复投诉用户", "repeat complainers", ["msisdn", "complaints", "repeats", "cells", "first", "last"]),
    "repeat_cells": ("重复投诉小区", "cells with repeat complaints", ["cell", "area", "complaints", "repeats"]),
    "top_cells": ("投诉最多的小区", "top cells", [
        "cell", "area", "complaints", "valid", "explained", "unclassified", "repeats", "symptoms", "causes"]),
    "hotspots": ("投诉热点", "hotspots", [
        "rank", "count", "lat", "lon", "radius_m", "first", "last", "span_days", "cells", "areas", "symptoms"]),
    "surges": ("投诉突增", "surges", [
        "level", "unit", "start", "end", "count", "expected", "ratio", "p_value", "q_value", "cells", "symptoms"]),
}

REPORT_COLUMNS: dict[str, list[str]] = {view: columns for view, (_, _, columns) in _REPORT_VIEWS.items()}
REPORT_LABELS: dict[str, dict[str, dict[str, str]]] = {
    lang: {view: {c: _REPORT_COLUMN_TEXTS[c][i] for c in columns} for view, (_, _, columns) in _REPORT_VIEWS.items()}
    for i, lang in enumerate(("zh", "en"))
}
REPORT_TITLES: dict[str, dict[str, str]] = {lang: {view: spec[i] for view, spec in _REPORT_VIEWS.items()} for i, lang in enumerate(("zh", "en"))}
