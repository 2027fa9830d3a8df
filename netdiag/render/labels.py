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
           "no_evidence": "无统计数据, 无法判断", "missing": "缺少",
           "high": "高", "medium": "中", "low": "低", "critical": "紧急"},
    "en": {"verdict": "verdict", "fault_found": "fault found", "no_fault_found": "no network fault found", "cause": "likely cause",
           "object": "object", "score": "score", "confidence": "confidence", "evidence": "evidence", "remedy": "remedy",
           "checks": "on-site checks", "severity": "severity", "findings": "findings", "none": "nothing found", "where": "where",
           "serving": "serving cell", "bsc": "its BSC", "lac": "its LAC", "neighbour": "neighbour", "via": "via cell",
           "candidates": "candidate serving cells", "distance": "distance", "off_axis": "off axis", "weight": "weight",
           "location": "complaint location", "time": "time", "unlocated": "no cell near this spot",
           "no_evidence": "no evidence: no statistics to judge by", "missing": "missing",
           "high": "high", "medium": "medium", "low": "low", "critical": "critical"},
}

# `triage --complaints`: the batch table and its summary
BATCH_LABELS = {
    "zh": {"complaint_id": "工单", "verdict": "结论", "symptom": "现象", "cell": "小区", "title": "最可能原因",
           "object": "对象", "score": "得分", "confidence": "置信度", "note": "说明",
           "fault_found": "发现故障", "no_fault_found": "未发现网络故障", "needs_symptom": "需确认现象",
           "needs_location": "需补充位置", "error": "无法诊断", "done": "条投诉已诊断",
           "no_evidence": "无统计数据"},
    "en": {"complaint_id": "ticket", "verdict": "verdict", "symptom": "symptom", "cell": "cell", "title": "most likely cause",
           "object": "object", "score": "score", "confidence": "confidence", "note": "note",
           "fault_found": "fault found", "no_fault_found": "no network fault", "needs_symptom": "symptom unclear",
           "needs_location": "location missing", "error": "cannot triage", "done": "complaints triaged",
           "no_evidence": "no statistics"},
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
                   "periods and in at least {min_share:.0%} of the periods seen",
        "default": "default",
    },
    "zh": {
        "cause": "原因", "level": "层级", "severity": "级别", "symptoms": "现象", "requires": "所需数据表",
        "file": "文件", "generic": "通用原因: 同一范围内排在任何具体原因之后", "explained_by": "可被以下原因解释",
        "what": "检查内容", "why": "依据", "source": "出处", "check": "核查要点", "condition": "条件",
        "persistence": "持续性", "score": "得分", "parameters": "参数", "none": "(无)", "evidence": "证据",
        "title": "标题", "remedy": "处理建议", "example": "示例", "expect": "预期", "quiet": "无发现",
        "persist": "条件按统计时段判断; 至少 {min_periods} 个时段且至少 {min_share:.0%} 的时段满足时触发",
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

# `data inspect`: the table of files read, the files not used and why, the counter dictionary's reading
INSPECT_LABELS = {
    "zh": {
        "file": "文件", "table": "数据表", "format": "格式", "encoding": "编码", "delimiter": "分隔符", "header": "表头行",
        "columns": "列映射", "rows": "行数", "rejected": "拒绝", "footer": "合计行", "time_range": "时间范围",
        "ignored": "未用", "skipped": "未使用的文件", "why": "原因", "flag": "标记", "note": "说明",
        "missing": "未找到的数据表", "matched": "识别的厂家计数器", "computed": "计算的列", "unknown": "未知计数器",
        "unused": "识别但未用的计数器", "unverified": "未经公开文档核实的条目", "scores": "内容得分",
        "kept": "保留", "left_out": "舍弃", "error": "无法运行",
        "not_read": "不是 netdiag 读取的文件类型",
        "no_header": "前 40 行中没有写出已知列名的表头行",
        "keys_only": "有 {tables} 的关键列，但没有它们的计数器",
        "ambiguous": "计数器对 {tables} 同样适用，请在 netdiag.yaml 中指定",
        "unknown_columns": "没有哪个数据表有这些列",
        "unknown_xml": "XML 根元素 <{root}> 不是 netdiag 读取的格式",
        "no_xml_root": "前 64 KB 中没有 XML 根元素",
        "no_table_inside": "其中没有数据表",
        "empty_dump": "配置导出中没有 GSM 小区和邻区",
        "other_technology": "其他制式的工作表 ({tech})，只读 GSM 表；要读它请在 netdiag.yaml 的 sheets: 中指定",
        "no_counters": "各测量块的计数器不属于任何数据表: {counters}",
        "complaints": "投诉工单请用 --complaints 读取",
        "broken": "无法使用: {message}",
    },
    "en": {
        "file": "file", "table": "table", "format": "format", "encoding": "encoding", "delimiter": "delim", "header": "header",
        "columns": "columns", "rows": "rows", "rejected": "rejected", "footer": "footer", "time_range": "time range",
        "ignored": "ignored", "skipped": "files not used", "why": "why", "flag": "flag", "note": "note",
        "missing": "tables not found", "matched": "vendor counters recognised", "computed": "columns computed",
        "unknown": "unknown counters", "unused": "counters recognised but not used",
        "unverified": "entries no public document confirmed", "scores": "content scores",
        "kept": "kept", "left_out": "left out", "error": "cannot run",
        "not_read": "not a kind of file netdiag reads",
        "no_header": "no header row naming known columns in its first 40 lines",
        "keys_only": "names the key columns of {tables} but none of their counters",
        "ambiguous": "its counters fit {tables} equally: map it in netdiag.yaml",
        "unknown_columns": "no table has these columns",
        "unknown_xml": "XML root element <{root}> is no format netdiag reads",
        "no_xml_root": "no XML root element in its first 64 KB",
        "no_table_inside": "no table inside",
        "empty_dump": "a configuration dump without any GSM cell or relation",
        "other_technology": "a sheet of another technology ({tech}): only the GSM sheet is read; map it in netdiag.yaml sheets: to read it",
        "no_counters": "the counters of its blocks give no table: {counters}",
        "complaints": "complaints are read with --complaints",
        "broken": "cannot be used: {message}",
    },
}
