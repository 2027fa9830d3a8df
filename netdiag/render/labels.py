"""Every label netdiag shows, in Chinese and English: verdicts, table headings, severities.

Cause, symptom and remedy texts come from the catalogue and the rules; what is here is how results
are presented. One place, so that a missing translation shows in one diff.
"""

from __future__ import annotations

from importlib import resources

from ..yamlsource import safe_load  # libyaml: both tables read in a few ms


def _by_language(texts) -> dict[str, dict[str, str]]:
    """{key: (zh, en, ...)} as {lang: {key: text}}: the tables below are written a pair per line."""
    return {lang: {key: pair[i] for key, pair in texts.items()} for i, lang in enumerate(("zh", "en"))}

LABELS = {
    "zh": {"verdict": "结论", "fault_found": "发现故障", "no_fault_found": "未发现网络故障", "cause": "可能原因",
           "object": "对象", "score": "得分", "confidence": "置信度", "evidence": "证据", "remedy": "处理建议",
           "checks": "现场核查", "severity": "级别", "findings": "项发现", "none": "未发现问题", "where": "位置",
           "serving": "服务小区", "bsc": "所属BSC", "lac": "位置区", "neighbour": "邻区", "via": "经由小区",
           "candidates": "可能的服务小区", "distance": "距离", "off_axis": "偏离主瓣", "weight": "权重",
           "location": "投诉位置", "time": "时间", "unlocated": "该位置附近没有小区",
           "high": "高", "medium": "中", "low": "低", "critical": "紧急",
           "status": "状态", "new": "新增", "persisting": "持续", "cleared": "已消除",
           "changes": "与上次扫描({since})相比: 新增 {new} 项, 持续 {persisting} 项, 已消除 {cleared} 项",
           "no_evidence": "无数据可依", "missing": "缺少",
           "out_of_area": "投诉位置不在网络覆盖范围内: 距最近小区 {nearest_cell} {km:.1f} 公里 (GSM 小区覆盖不超过约 {reach_km:.0f} 公里)",
           "swapped": "纬度和经度是否填反了?",
           "yes": "是", "no": "否", "significant": "显著", "not_significant": "不显著", "network": "全网",
           "baseline": "与全网基线对比 ({cell})", "measure": "指标", "this_cell": "本小区", "counts": "统计次数",
           "see_baseline": "见上方与全网基线的对比", "no_baseline": "该小区在分析时段内没有统计数据, 无法与全网对比",
           "network_unknown": "只读取了投诉相关小区, 全网值未知",
           "no_checks": "现场核查: 该现象在经验中没有BSS统计以外的核查项; 如用户坚持, 安排现场测试"},
    "en": {"verdict": "verdict", "fault_found": "fault found", "no_fault_found": "no network fault found", "cause": "likely cause",
           "object": "object", "score": "score", "confidence": "confidence", "evidence": "evidence", "remedy": "remedy",
           "checks": "on-site checks", "severity": "severity", "findings": "findings", "none": "nothing found", "where": "where",
           "serving": "serving cell", "bsc": "its BSC", "lac": "its LAC", "neighbour": "neighbour", "via": "via cell",
           "candidates": "candidate serving cells", "distance": "distance", "off_axis": "off axis", "weight": "weight",
           "location": "complaint location", "time": "time", "unlocated": "no cell near this spot",
           "high": "high", "medium": "medium", "low": "low", "critical": "critical",
           "status": "status", "new": "new", "persisting": "persisting", "cleared": "cleared",
           "changes": "since the last scan ({since}): {new} new, {persisting} persisting, {cleared} cleared",
           "no_evidence": "no evidence", "missing": "missing",
           "out_of_area": "the spot is outside the network's coverage: {km:.1f} km from the nearest cell, {nearest_cell} "
                          "(no GSM cell reaches beyond about {reach_km:.0f} km)",
           "swapped": "are latitude and longitude swapped?",
           "yes": "yes", "no": "no", "significant": "significant", "not_significant": "not significant", "network": "network",
           "baseline": "against the network baseline ({cell})", "measure": "measure", "this_cell": "this cell", "counts": "counts",
           "see_baseline": "see the baseline comparison above", "no_baseline": "the cell has no statistics in the window: nothing to compare with the network",
           "network_unknown": "only the complaint's cells were read: the network's value is not known",
           "no_checks": "on-site checks: the field notes give none beyond the BSS statistics for this symptom; if the subscriber insists, test on site"},
}

# `triage --complaints`: the batch table and its summary
BATCH_LABELS = {
    "zh": {"complaint_id": "工单", "verdict": "结论", "symptom": "现象", "cell": "小区", "title": "最可能原因",
           "object": "对象", "score": "得分", "confidence": "置信度", "note": "说明",
           "fault_found": "发现故障", "no_fault_found": "未发现网络故障", "needs_symptom": "需确认现象",
           "needs_location": "需补充位置", "error": "无法诊断", "no_evidence": "无数据可依", "done": "条投诉已诊断"},
    "en": {"complaint_id": "ticket", "verdict": "verdict", "symptom": "symptom", "cell": "cell", "title": "most likely cause",
           "object": "object", "score": "score", "confidence": "confidence", "note": "note",
           "fault_found": "fault found", "no_fault_found": "no network fault", "needs_symptom": "symptom unclear",
           "needs_location": "location missing", "error": "cannot triage", "no_evidence": "no evidence", "done": "complaints triaged"},
}

# `scan`: help of its options given here in both languages (cli/scan.py shows the English one
# without importing this module, so that --help stays quick; a test keeps the two equal)
SCAN_OPTION_HELP = _by_language({
    "jobs": ("数据读入后分担扫描的进程数（默认：有两个可用 CPU 核、负载未占满这些核且网络大到值得时为 2，否则为 1；限 Linux）。",
             "Processes sharing the scan after the data is read (default: 2 where two cores are usable, the load "
             "average is below them and the network is large enough to gain, else 1; Linux only)."),
})

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

# Workbooks are for people: their headings, sheet names and coded values in the chosen language (CSV and
# JSON keep the field names of formats.md, the contract scripts read).
WORKBOOK_LABELS = {
    "zh": {"triage_sheet": "投诉诊断", "suspects_sheet": "可疑小区",
           "msisdn": "用户号码", "time": "投诉时间", "text": "投诉内容", "candidates": "候选小区", "causes": "全部原因",
           "cause": "原因编号", "cause_cell": "原因所在小区", "remedy": "处理建议", "address": "地址",
           "lac": "LAC", "ci": "CI", "azimuth": "方位角", "high": "高", "medium": "中", "low": "低", "critical": "紧急"},
    "en": {"triage_sheet": "triage", "suspects_sheet": "suspects",
           "msisdn": "msisdn", "time": "time", "text": "subscriber's words", "candidates": "candidate cells", "causes": "all causes",
           "cause": "cause id", "cause_cell": "cell of the cause", "remedy": "remedy", "address": "address",
           "lac": "LAC", "ci": "CI", "azimuth": "azimuth", "high": "high", "medium": "medium", "low": "low", "critical": "critical"},
}


def workbook_frame(frame, lang: str, labels: dict, coded: tuple[str, ...] = ()):
    """A result frame for a workbook: each heading (and each coded value of the `coded` columns:
    verdicts, severities, confidences) in the language, looked up in `labels`, then WORKBOOK_LABELS."""
    words = {**WORKBOOK_LABELS[lang], **labels}
    out = frame.copy()
    for column in coded:
        if column in out.columns:
            out[column] = out[column].map(lambda v: words.get(v, v) if isinstance(v, str) else v)
    return out.rename(columns={c: words.get(c, c) for c in out.columns})


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
        "persist_hours": "the condition is evaluated per clock hour, its periods pooled (counters summed, rates of the sums); "
                         "the rule fires where it held in at least {min_hours:g} hours ({min_periods} periods and "
                         "{min_share:.0%} of the periods seen at least)",
        "stretch": "Stretch",
        "stretch_when": "also judged over each run of periods where `{when}` holds (lulls up to {gap_hours:g} h "
                        "bridged, runs of at least {min_hours:g} h), counters summed over the run",
        "stretch_change": "also judged over the stretch from the hour at which {column} {direction} most to the end "
                          "of the window (at least {min_hours:g} h before and after), counters summed over it",
        "rose": "rose", "fell": "fell",
        "shows": "Shows",
        "shows_text": "found over the whole data, it also counts for a complaint whose hours around it show `{shows}`",
        "default": "default",
    },
    "zh": {
        "cause": "原因", "level": "层级", "severity": "级别", "symptoms": "现象", "requires": "所需数据表",
        "file": "文件", "generic": "通用原因: 同一范围内排在任何具体原因之后", "explained_by": "可被以下原因解释",
        "what": "检查内容", "why": "依据", "source": "出处", "check": "核查要点", "condition": "条件",
        "persistence": "持续性", "score": "得分", "parameters": "参数", "none": "(无)", "evidence": "证据",
        "title": "标题", "remedy": "处理建议", "example": "示例", "expect": "预期", "quiet": "无发现",
        "persist": "条件按统计时段判断; 至少 {min_periods} 个时段且至少 {min_share:.0%} 的时段满足, 累计至少 {min_hours:g} 小时时触发",
        "persist_hours": "条件按整点小时判断, 小时内各时段合并 (计数相加, 比率按合计计算); 至少 {min_hours:g} 个小时满足时触发 "
                         "(且至少 {min_periods} 个时段、至少 {min_share:.0%} 的时段)",
        "stretch": "时段区间",
        "stretch_when": "另按 `{when}` 成立的连续时段分段判断 (间断不超过 {gap_hours:g} 小时视为连续, 每段至少 "
                        "{min_hours:g} 小时), 计数在该段内累计",
        "stretch_change": "另按 {column} {direction}最多的整点起至窗口结束的区间判断 (前后各至少 {min_hours:g} 小时), "
                          "计数在该区间内累计",
        "rose": "上升", "fell": "下降",
        "shows": "时段表现",
        "shows_text": "在全部数据中判定的故障, 投诉前后时段内 `{shows}` 成立时, 也作为该投诉的原因",
        "default": "默认", "field_notes": "《投诉处理经验浅谈》",
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
    "surges": ("突增数", "surges"),
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
    "complainers": ("投诉用户数", "subscribers complaining"),
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
        "hotspots", "surges"]),
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
        "rank", "count", "complainers", "lat", "lon", "radius_m", "first", "last", "span_days", "cells", "areas", "symptoms"]),
    "surges": ("投诉突增", "surges", [
        "level", "unit", "start", "end", "count", "expected", "ratio", "p_value", "q_value", "cells", "symptoms"]),
}

REPORT_COLUMNS: dict[str, list[str]] = {view: columns for view, (_, _, columns) in _REPORT_VIEWS.items()}
REPORT_LABELS: dict[str, dict[str, dict[str, str]]] = {
    lang: {view: {c: _REPORT_COLUMN_TEXTS[c][i] for c in columns} for view, (_, _, columns) in _REPORT_VIEWS.items()}
    for i, lang in enumerate(("zh", "en"))
}
REPORT_TITLES: dict[str, dict[str, str]] = _by_language(_REPORT_VIEWS)


# ------------------------------------------------------------------------------------------ pictures
# The HTML reports (`triage -o report.html`, `suspects/scan -o *.html`, the monthly cases report) and
# the terminal drill-down (`netdiag show`). text -> (zh, en)
_PICTURE_TEXTS: dict[str, tuple[str, str]] = {
    "complaint_report": ("投诉分析报告", "Complaint report"),
    "suspects_report": ("路测可疑小区", "Drive-test suspects"),
    "scan_report": ("全网故障扫描", "Network scan"),
    "cases_report": ("投诉月报", "Monthly complaint report"),
    "generated": ("生成时间", "generated"),
    "data": ("数据", "data"),
    "complaint": ("投诉", "Complaint"),
    "where": ("位置", "where"),
    "when": ("时间", "when"),
    "said": ("用户原话", "what was said"),
    "read_as": ("识别为", "read as"),
    "read_from_words": ("由用户原话识别", "read from the subscriber's words"),
    "given_as_id": ("按现象代码给出", "given as a symptom id"),
    "window": ("分析时段", "period analysed"),
    "whole_data": ("数据的全部时段", "all the data's periods"),
    "no_time": ("未给出投诉时间", "no complaint time given"),
    "ticket": ("工单", "ticket"),
    "verdict": ("结论", "Verdict"),
    "fault_found": ("发现网络故障", "network fault found"),
    "no_fault_found": ("未发现网络故障", "no network fault found"),
    "no_evidence": ("数据不足, 无法判断", "no evidence: the data does not cover it"),
    "wrote_report": ("已写入 {path} ({kb} kB)", "wrote {path} ({kb} kB)"),
    "causes": ("可能原因", "Likely causes"),
    "cause": ("原因", "cause"),
    "object": ("对象", "object"),
    "relation": ("关系", "relation"),
    "severity": ("级别", "severity"),
    "score": ("得分", "score"),
    "confidence": ("置信度", "confidence"),
    "evidence": ("证据", "evidence"),
    "remedy": ("处理建议", "remedy"),
    "site_test": ("现场测试", "test on site"),
    "checks": ("现场核查", "On-site checks"),
    "checks_intro": ("BSS统计看不到的原因, 需到现场或与用户核实:", "Causes no BSS counter shows; check them on site or with the subscriber:"),
    "candidates": ("可能的服务小区", "Candidate serving cells"),
    "cell": ("小区", "cell"),
    "distance": ("距离", "distance"),
    "bearing": ("方位", "bearing"),
    "off_axis": ("偏离主瓣", "off axis"),
    "expected_radius": ("预期覆盖半径", "expected reach"),
    "margin": ("电平差", "level margin"),
    "weight": ("权重", "weight"),
    "points_at": ("主瓣朝向投诉点", "points at the spot"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "charts": ("分时段指标", "Measures per period"),
    "charts_intro": ("候选小区各时段指标与全网基线对比, 红线为投诉时刻。", "The candidate cells period by period against the network baseline; the red line is the complaint moment."),
    "network": ("全网", "network"),
    "network_window": ("全网(整个时段)", "network (whole window)"),
    "network_whole_window": ("从历史库只读取了投诉相关小区: 全网基线为整个时段的值。", "Only the complaint's cells were read from the store: the network baseline is the whole window's."),
    "complaint_moment": ("投诉时刻", "complaint"),
    "period": ("统计周期", "period"),
    "minutes": ("分钟", "min"),
    "no_series": ("该时段没有候选小区的统计数据。", "No statistics of the candidate cells in this window."),
    "alarms": ("告警", "Alarms"),
    "alarm": ("告警", "alarm"),
    "raised": ("发生", "raised"),
    "cleared": ("清除", "cleared"),
    "still_open": ("未清除", "still open"),
    "concerns": ("涉及", "concerns"),
    "no_alarms": ("该时段内候选小区、其站点、BSC及邻区均无告警。", "No alarm on the candidate cells, their sites, BSC or neighbours in this window."),
    "more_alarms": ("另有 {n} 条告警未画出(见下表)", "{n} more alarms not drawn (see the table)"),
    "on_cell": ("小区", "cell"),
    "on_site": ("站点", "site"),
    "on_bsc": ("BSC", "BSC"),
    "on_neighbour": ("邻区", "neighbour"),
    "map": ("地图", "Map"),
    "map_intro": ("扇区按方位角、65°波瓣和预期覆盖半径绘制。", "Sectors drawn by azimuth, a 65° beam and the expected reach."),
    "no_basemap": ("未加载底图(离线)。加 --tiles URL 可叠加在线地图。", "No basemap (offline). Add --tiles URL to draw over map tiles."),
    "tiles_from": ("底图来自", "map tiles from"),
    "gcj02": ("坐标已转换为GCJ-02(国内互联网地图)。", "Positions converted to GCJ-02 (Chinese web maps)."),
    "spot": ("投诉地点", "complaint spot"),
    "candidate": ("候选服务小区", "candidate serving cell"),
    "neighbour": ("邻区", "neighbour"),
    "faulty": ("故障对象", "faulty object"),
    "zoom_in": ("放大", "zoom in"),
    "zoom_out": ("缩小", "zoom out"),
    "reset": ("复位", "reset"),
    "no_map": ("没有坐标, 无法绘制地图。", "No coordinates to draw a map."),
    "neighbours": ("邻区及切换", "Neighbours and handovers"),
    "ho_attempts": ("切换请求", "handover attempts"),
    "ho_success": ("切换成功", "successful"),
    "ho_fail_return": ("切换失败返回", "failed, back on old channel"),
    "ho_drops": ("切换掉话", "lost in handover"),
    "ho_fail_rate": ("切换失败率", "handover failure"),
    "no_neighbours": ("没有邻区数据。", "No neighbour data."),
    "other_objects": ("小区以上层级的故障对象", "Faulty objects above cell level"),
    "skipped_rules": ("{n} 条规则因缺少数据未运行", "{n} rules did not run for want of data"),
    "summary": ("概况", "Summary"),
    "findings": ("发现", "findings"),
    "cells": ("小区数", "cells"),
    "by_cause": ("按原因", "By cause"),
    "by_bsc": ("按BSC", "By BSC"),
    "by_severity": ("按级别", "By severity"),
    "table": ("明细", "Details"),
    "sort_hint": ("点击表头排序", "click a heading to sort"),
    "map_findings": ("有发现的小区按最严重级别着色。", "Cells with findings, coloured by their worst severity."),
    "rank": ("#", "#"),
    "bsc": ("BSC", "BSC"),
    "site": ("站点", "site"),
    "title": ("发现", "finding"),
    "tests": ("现场测试", "test on site"),
    "above_cell": ("小区以上层级(电路/BSC/LAC)的发现 {n} 项, 不在地图上。", "{n} findings above cell level (circuits, BSC, LAC) are not on the map."),
    "without_position": ("{n} 个小区没有坐标, 不在地图上。", "{n} cells without coordinates are not on the map."),
    "critical": ("紧急", "critical"),
    "high": ("高", "high"),
    "medium": ("中", "medium"),
    "low": ("低", "low"),
    "none_found": ("未发现问题。", "Nothing found."),
    "month": ("月份", "month"),
    "ratio_by_region": ("分地区万人投诉比", "Complaints per 10,000 subscribers by region"),
    "complaints_by_region": ("分地区投诉量", "Complaints by region"),
    "trend": ("趋势", "Trend"),
    "sla": ("处理时限", "Service levels"),
    "hotspots": ("投诉热点", "Hotspots"),
    "no_hotspots": ("本月没有投诉热点。", "No hotspot this month."),
    "notes": ("说明", "Notes"),
    "configuration": ("配置", "Configuration"),
    "trxs": ("载频", "TRXs"),
    "kpis": ("分时段指标(与全网基线)", "KPIs per period (against the network baseline)"),
    "cell_findings": ("该小区的发现", "Findings on this cell"),
    "no_findings": ("该小区没有发现。", "No finding on this cell."),
    "no_cell_alarms": ("该时段内本小区及其站点无告警。", "No alarm on the cell or its site in this window."),
    "no_trx": ("没有载频数据。", "No TRX data."),
    "cell_value": ("本小区", "cell"),
    "min": ("最小", "min"),
    "window_rate": ("整个时段(全网)", "over the window (network)"),
    "max": ("最大", "max"),
    "last": ("最后", "last"),
    "arfcn": ("频点", "ARFCN"),
    "bcch": ("BCCH", "BCCH"),
    "trx_type": ("类型", "type"),
    "power_w": ("功率(W)", "power (W)"),
    "tch_seizures": ("TCH占用", "TCH seizures"),
    "mean_hold": ("平均占用时长(秒)", "mean hold (s)"),
    "assign_fail_rate": ("指配失败率", "assignment failure"),
    "tch_drops": ("掉话", "drops"),
    "drop_rate": ("掉话率", "drop rate"),
    "printed_from": ("由 netdiag 生成", "made by netdiag"),
}
PICTURE_LABELS: dict[str, dict[str, str]] = _by_language(_PICTURE_TEXTS)

# measure (netdiag.measures.series) -> (zh, en)
_MEASURE_TEXTS: dict[str, tuple[str, str]] = {
    "drop_rate": ("TCH掉话率", "TCH drop rate"),
    "tch_congestion_rate": ("TCH拥塞率", "TCH congestion"),
    "tch_assign_fail_rate": ("TCH指配失败率", "TCH assignment failure"),
    "sdcch_congestion_rate": ("SDCCH拥塞率", "SDCCH congestion"),
    "sdcch_assign_fail_rate": ("SDCCH指配失败率", "SDCCH assignment failure"),
    "sdcch_drop_rate": ("SDCCH掉话率", "SDCCH drop rate"),
    "ho_out_fail_rate": ("切出失败率", "outgoing handover failure"),
    "interference_share": ("干扰带4-5空闲信道占比", "idle TCHs in interference bands 4-5"),
    "unavailable_share": ("退服时长占比", "time out of service"),
    "tch_traffic_erl": ("TCH话务量(Erl)", "TCH traffic (Erl)"),
    "call_attempts": ("呼叫请求次数", "call attempts"),
    "rxlev_dl_avg": ("下行平均电平(dBm)", "mean downlink level (dBm)"),
    "bad_quality_good_level_pct": ("高电平低质量占比", "bad quality at good level"),
    "tbf_fail_rate": ("TBF建立失败率", "TBF establishment failure"),
    "tbf_congestion_rate": ("TBF拥塞率", "TBF congestion"),
    "pdch_usage": ("PDCH利用率", "PDCH usage"),
    "dl_throughput_kbps": ("下行吞吐率(kbit/s)", "downlink throughput (kbit/s)"),
    "low_cs_share_pct": ("低编码方式占比", "blocks on the lowest coding schemes"),
}
MEASURE_LABELS: dict[str, dict[str, str]] = _by_language(_MEASURE_TEXTS)

# alarm class (netdiag/data/alarms.yaml) -> (zh, en)
_ALARM_CLASS_TEXTS: dict[str, tuple[str, str]] = {
    "vswr": ("驻波比告警", "VSWR"), "bcch_reconfigured": ("BCCH重配置", "BCCH reconfigured"),
    "trx_degraded": ("载频降级", "TRX degraded"), "anc_degraded": ("ANC降级", "ANC degraded"),
    "trx_down": ("载频退服", "TRX down"), "cell_down": ("小区退服", "cell down"), "bts_down": ("基站退服", "BTS down"),
    "transmission": ("传输", "transmission"), "clock": ("时钟", "clock"), "gprs_fault": ("GPRS故障", "GPRS fault"),
    "a_circuit": ("A接口电路", "A circuit"), "environment": ("环境", "environment"),
}
ALARM_CLASS_LABELS: dict[str, dict[str, str]] = _by_language(_ALARM_CLASS_TEXTS)

# `rules explain --lang zh`: the Chinese of the rule files' English-only parameter descriptions and
# units and of the catalogue's checks (render/rules_zh.yaml): {"parameters": {english: zh},
# "units": {unit: zh}, "checks": {cause: zh}}
RULE_TEXTS_ZH: dict[str, dict[str, str]] = safe_load(
    resources.files("netdiag.render").joinpath("rules_zh.yaml").read_text(encoding="utf-8"))


# evidence name (the rules' evidence columns, triage's location and baseline causes) -> label and kind:
# kept as data in render/evidence.yaml (read here, so this stays the one place labels come from);
# render/evidence.py shows each value by its kind.
def _evidence_table() -> dict[str, dict[str, str]]:
    text = resources.files("netdiag.render").joinpath("evidence.yaml").read_text(encoding="utf-8")
    return safe_load(text)["evidence"]


_EVIDENCE = _evidence_table()
EVIDENCE_LABELS: dict[str, dict[str, str]] = {lang: {k: v[lang] for k, v in _EVIDENCE.items()} for lang in ("zh", "en")}
EVIDENCE_KINDS: dict[str, str] = {k: v["kind"] for k, v in _EVIDENCE.items()}


# `cases`: the desk's lists, one case, an import, hotspots and surges, a re-check
# column -> (zh, en)
_CASE_COLUMN_TEXTS: dict[str, tuple[str, str]] = {
    "case_id": ("案件号", "case"),
    "complaint_id": ("工单号", "ticket"),
    "received_at": ("受理时间", "received"),
    "occurred_at": ("发生时间", "occurred"),
    "status": ("状态", "status"),
    "overdue": ("超时", "overdue"),
    "msisdn": ("用户号码", "subscriber number"),
    "text": ("用户原话", "subscriber's words"),
    "symptom": ("投诉现象", "symptom"),
    "main_cell": ("小区", "cell"),
    "cell": ("小区", "cell"),
    "cells": ("涉及小区", "cells involved"),
    "lac": ("LAC", "LAC"),
    "ci": ("CI", "CI"),
    "lat": ("纬度", "latitude"),
    "lon": ("经度", "longitude"),
    "address": ("地址", "address"),
    "area": ("地区", "region"),
    "region": ("地区", "region"),
    "bsc": ("BSC", "BSC"),
    "verdict": ("诊断结论", "verdict"),
    "cause": ("主要原因", "top cause"),
    "causes": ("诊断原因", "causes found"),
    "triage_note": ("诊断说明", "triage note"),
    "class": ("投诉性质", "class"),
    "class_overridden": ("人工改定", "set by hand"),
    "category": ("投诉类别", "category"),
    "owner": ("处理人", "owner"),
    "repeat": ("重复投诉", "repeat"),
    "repeat_msisdn": ("同一用户30天内重复", "same subscriber within 30 days"),
    "repeat_cell": ("同一小区7天内重复", "same cell within 7 days"),
    "flags": ("标记", "flags"),
    "acknowledged_at": ("确认时间", "acknowledged"),
    "investigating_at": ("调查时间", "investigating"),
    "responded_at": ("答复时间", "responded"),
    "closed_at": ("结案时间", "closed"),
    "reopened_at": ("重开时间", "reopened"),
    "fix": ("处理措施", "fix"),
    "fix_date": ("处理日期", "fix date"),
    "recheck": ("复查结果", "re-check"),
    "recheck_at": ("复查时间", "re-checked"),
    "followup": ("回访结果", "follow-up"),
    "followup_at": ("回访时间", "followed up"),
    "notes": ("处理记录", "notes"),
    "created_at": ("建档时间", "created"),
    "updated_at": ("更新时间", "updated"),
    "history": ("变更记录", "history"),
    "at": ("时间", "when"),
    "user": ("操作人", "who"),
    "field": ("字段", "field"),
    "old": ("原值", "was"),
    "new": ("新值", "now"),
    "reason": ("原因", "reason"),
    # hotspots and surges with the network's record of them
    "rank": ("排名", "rank"),
    "count": ("投诉量", "complaints"),
    "complainers": ("投诉用户数", "subscribers complaining"),
    "radius_m": ("半径(米)", "radius (m)"),
    "first": ("首次", "first"),
    "last": ("最近", "last"),
    "span_days": ("跨度(天)", "span (days)"),
    "areas": ("地区", "regions"),
    "symptoms": ("投诉现象", "symptoms"),
    "level": ("层级", "level"),
    "unit": ("对象", "cell or area"),
    "start": ("开始", "from"),
    "end": ("结束", "to"),
    "expected": ("预期投诉量", "expected"),
    "ratio": ("倍数", "times expected"),
    "p_value": ("p值", "p-value"),
    "q_value": ("校正p值(BH)", "q-value (BH)"),
    "network_event": ("网络事件", "network event"),
    "findings": ("网络发现", "network findings"),
    "alarms": ("告警", "alarms"),
    "data": ("数据", "data"),
    # the re-check
    "kpi": ("指标", "KPI"),
    "before": ("处理前", "before"),
    "after": ("处理后", "after"),
    "before_n": ("处理前样本", "before: samples"),
    "after_n": ("处理后样本", "after: samples"),
    "p_better": ("改善p值", "p (better)"),
    "p_worse": ("恶化p值", "p (worse)"),
    "change": ("变化", "change"),
}
CASE_LIST_COLUMNS = ["case_id", "complaint_id", "received_at", "status", "overdue", "msisdn", "main_cell", "area", "symptom",
                     "verdict", "cause", "class", "owner", "repeat", "flags"]
# Every stored field of a case, in the order `cases show` and the exports give them.
CASE_FIELDS = ["case_id", "complaint_id", "received_at", "occurred_at", "msisdn", "text", "symptom", "cell", "lac", "ci", "lat",
               "lon", "address", "region", "bsc", "category", "class", "class_overridden", "verdict", "causes", "cells",
               "triage_note", "status", "acknowledged_at", "investigating_at", "responded_at", "closed_at", "reopened_at",
               "owner", "fix", "fix_date", "recheck", "recheck_at", "followup", "followup_at", "notes", "flags",
               "created_at", "updated_at"]
HOTSPOT_EVENT_COLUMNS = ["rank", "count", "complainers", "lat", "lon", "radius_m", "first", "last", "cells", "areas", "symptoms",
                         "network_event", "findings", "alarms"]
SURGE_EVENT_COLUMNS = ["level", "unit", "start", "end", "count", "expected", "ratio", "p_value", "q_value", "cells", "symptoms",
                       "network_event", "findings", "alarms"]
RECHECK_COLUMNS = ["kpi", "before", "after", "before_n", "after_n", "p_better", "p_worse", "change"]
HISTORY_COLUMNS = ["at", "user", "field", "old", "new"]

CASE_COLUMNS: dict[str, dict[str, str]] = _by_language(_CASE_COLUMN_TEXTS)

# The values a case's fields take, as shown (ids stay ids in JSON).
CASE_VALUES: dict[str, dict[str, str]] = {
    "zh": {
        # status
        "received": "已受理", "acknowledged": "已确认", "investigating": "调查中", "responded": "已答复", "closed": "已结案",
        "reopened": "已重开",
        # class, category, follow-up
        "valid": "有效投诉(网络故障)", "explained": "沟通性投诉(已解释)", "network": "网络质量", "service": "服务",
        "billing": "计费", "other": "其他", "satisfied": "满意", "unsatisfied": "不满意", "unreachable": "未联系上",
        # verdicts
        "fault_found": "发现故障", "no_fault_found": "未发现网络故障", "no_evidence": "数据未覆盖", "needs_symptom": "需确认现象",
        "needs_location": "需补充位置", "error": "无法诊断",
        # flags
        "unknown_cell": "小区未知", "occurred_after_received": "发生时间晚于受理时间",
        # re-check
        "resolved": "已解决", "not_resolved": "未解决", "not_enough_data": "数据不足",
        "improved": "改善", "worse": "恶化", "unchanged": "无显著变化", "no_data": "无数据",
        # surge levels, yes/no, an import's tickets
        "cell": "小区", "bsc": "BSC", "region": "地区", "yes": "是", "no": "否", "refused": "拒收", "flagged": "已标记",
    },
    "en": {
        "received": "received", "acknowledged": "acknowledged", "investigating": "investigating", "responded": "responded",
        "closed": "closed", "reopened": "reopened",
        "valid": "valid (network fault)", "explained": "explained", "network": "network", "service": "service",
        "billing": "billing", "other": "other", "satisfied": "satisfied", "unsatisfied": "unsatisfied", "unreachable": "unreachable",
        "fault_found": "fault found", "no_fault_found": "no network fault", "no_evidence": "no data for its time",
        "needs_symptom": "symptom unclear", "needs_location": "location missing", "error": "cannot triage",
        "unknown_cell": "unknown cell", "occurred_after_received": "occurred after received",
        "resolved": "resolved", "not_resolved": "not resolved", "not_enough_data": "not enough data",
        "improved": "improved", "worse": "worse", "unchanged": "no significant change", "no_data": "no data",
        "cell": "cell", "bsc": "BSC", "region": "region", "yes": "yes", "no": "no", "refused": "refused", "flagged": "flagged",
    },
}

# The re-check's KPIs (netdiag.cases.kpis)
KPI_NAMES: dict[str, dict[str, str]] = {
    "zh": {"drop_rate": "掉话率", "tch_fail_rate": "TCH分配失败率(含拥塞)", "tch_congestion_rate": "TCH拥塞率",
           "sdcch_fail_rate": "SDCCH分配失败率(含拥塞)", "ho_fail_rate": "切换失败率", "down_share": "退服时段占比",
           "bad_quality_pct": "高电平低质量占比(%)", "rxlev_dl": "下行平均电平(dBm)", "mean_hold_s": "平均占用时长(秒)",
           "tbf_fail_rate": "TBF建立失败率", "tbf_congestion_rate": "TBF拥塞率", "low_cs_pct": "低编码方式占比(%)"},
    "en": {"drop_rate": "TCH drop rate", "tch_fail_rate": "TCH assignment failure (congestion included)",
           "tch_congestion_rate": "TCH congestion", "sdcch_fail_rate": "SDCCH assignment failure (congestion included)",
           "ho_fail_rate": "handover failure rate", "down_share": "share of periods out of service",
           "bad_quality_pct": "bad quality at good level (%)", "rxlev_dl": "downlink level (dBm)", "mean_hold_s": "mean hold time (s)",
           "tbf_fail_rate": "TBF establishment failure", "tbf_congestion_rate": "TBF congestion", "low_cs_pct": "low coding scheme share (%)"},
}

# What the desk's commands say (stderr notes, headings, summaries)
CASE_TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "imported": "导入 {file}: 新增 {added}, 更新 {updated}, 未变 {unchanged}, 拒收 {refused}, 标记 {flagged}",
        "refused": "拒收 {ticket}: {reason}", "flagged": "标记 {ticket}: {flags}", "importing": "条工单已导入",
        "verdicts": "诊断结论: {counts}",
        "no_cases": "没有符合条件的投诉", "listed": "{n} 件投诉",
        "case": "案件 {case_id} · 工单 {complaint_id}", "history": "变更记录", "wrote": "已写入 {path}",
        "no_hotspots": "{start} 至 {end} 的 {cases} 件投诉中没有热点",
        "hotspots": "{start} 至 {end} 的 {cases} 件投诉中有 {n} 个热点",
        "no_surges": "{start} 至 {end} 的 {cases} 件投诉中没有突增",
        "surges": "{start} 至 {end} 的 {cases} 件投诉中有 {n} 处突增 (Benjamini-Hochberg 校正, 对象: 小区/BSC/地区 × 日)",
        "event": "网络事件: 数据中有对应的故障", "lead": "数据中未见故障(线索)", "no_data_for": "数据未覆盖",
        "recheck": "案件 {case_id} 复查: {verdict} (处理日期 {fix_date}; 处理前 {before} 有 {before_days} 天数据, 处理后 {after} 有 {after_days} 天数据)",
        "recheck_causes": "处理前的原因: {before}; 处理后仍发现: {after}", "recheck_saved": "结果已记入案件",
        "recheck_not_looked": "处理后没有数据, 未检查原因是否仍在",
        "report": "{month} 月度投诉报告", "report_notes": "说明",
        "masked": "用户号码已隐藏(仅显示后四位); 用 --show-msisdn 显示完整号码",
        "left_out": "{n} 个没有坐标, 未写入 {fmt}",
    },
    "en": {
        "imported": "imported {file}: {added} added, {updated} updated, {unchanged} unchanged, {refused} refused, {flagged} flagged",
        "refused": "refused {ticket}: {reason}", "flagged": "flagged {ticket}: {flags}", "importing": "tickets imported",
        "verdicts": "verdicts: {counts}",
        "no_cases": "no case matches", "listed": "{n} cases",
        "case": "case {case_id} · ticket {complaint_id}", "history": "history", "wrote": "wrote {path}",
        "no_hotspots": "no hotspot among the {cases} complaints received {start} to {end}",
        "hotspots": "{n} hotspot(s) among the {cases} complaints received {start} to {end}",
        "no_surges": "no surge among the {cases} complaints received {start} to {end}",
        "surges": "{n} surge(s) among the {cases} complaints received {start} to {end} "
                  "(Benjamini-Hochberg over every cell, BSC and region and day tested)",
        "event": "network event: a fault in the data", "lead": "no fault in the data (a lead)", "no_data_for": "no data",
        "recheck": "case {case_id} re-check: {verdict} (fixed {fix_date}; before {before}: {before_days} days of data, "
                   "after {after}: {after_days} days)",
        "recheck_causes": "causes before the fix: {before}; found again after: {after}", "recheck_saved": "written to the case",
        "recheck_not_looked": "no data after the fix: causes not looked for",
        "report": "complaint report {month}", "report_notes": "notes",
        "masked": "subscriber numbers are masked (last four digits); --show-msisdn shows them",
        "left_out": "{n} without coordinates are not in the {fmt}",
    },
}

# Notes the desk's library writes (triaging.DeskTriage, linking.Evidence), by key; {names} filled in.
CASE_NOTES: dict[str, dict[str, str]] = {
    "zh": {
        "no_symptom": "没有投诉现象",
        "no_location": "没有位置(小区、LAC+CI 或经纬度)",
        "unknown_cell": "小区 {cell} 不在小区配置中",
        "unknown_cgi": "LAC {lac} CI {ci} 不在小区配置中",
        "uncovered": "数据未覆盖 {when} (统计数据: {span})",
        "no_cell_statistics": "{cells} 在 {when} 前后没有话务统计",
        "window_uncovered": "数据未覆盖 {window} (统计数据: {span})",
        "no_cells_here": "此处没有配置中的小区",
    },
    "en": {
        "no_symptom": "no symptom given",
        "no_location": "no location (cell, LAC+CI or lat/lon)",
        "unknown_cell": "cell {cell} is not in the cell configuration",
        "unknown_cgi": "no cell has LAC {lac} and CI {ci} in the cell configuration",
        "uncovered": "the data does not cover {when} (statistics: {span})",
        "no_cell_statistics": "no statistics of {cells} around {when}",
        "window_uncovered": "the data does not cover {window} (statistics: {span})",
        "no_cells_here": "no configured cell in this place",
    },
}

# The monthly report's notes (netdiag.cases.report.NOTES), by key
REPORT_NOTES: dict[str, dict[str, str]] = {
    "zh": {"no_complaints": "{month} 没有受理的投诉",
           "no_subscribers": "{month} 没有 {areas} 的用户数: 其万人投诉比留空",
           "subscribers_added_up": "用户数表中同一地区同一月份有多行, 已相加"},
    "en": {"no_complaints": "no complaints received in {month}",
           "no_subscribers": "no subscriber count for {areas} in {month}: their ratio is left empty",
           "subscribers_added_up": "subscribers: several rows for one area and month were added up"},
}

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
        "subscribers": "用户数表由 netdiag cases report --subscribers 读取",
        "binary": "二进制文件 (PDF、图片等), 不是文本导出",
        "answer_key": "netdiag sample 写出的答案(注入的故障), 不是导出数据",
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
        "subscribers": "subscribers are read by netdiag cases report --subscribers",
        "binary": "a binary file (a PDF, an image, ...), not a text export",
        "answer_key": "netdiag sample's answer key (the faults it injected), not an export",
        "broken": "cannot be used: {message}",
    },
}
