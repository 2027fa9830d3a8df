"""Bilingual labels of the report's views and their columns (to move to the render package).

LABELS[lang][view][column] -> the column's heading; TITLES[lang][view] -> the view's title.
"""

from __future__ import annotations

# column -> (zh, en)
_COLUMNS: dict[str, tuple[str, str]] = {
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
_VIEWS: dict[str, tuple[str, str, list[str]]] = {
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

LANGS = ("zh", "en")
COLUMNS: dict[str, list[str]] = {view: columns for view, (_, _, columns) in _VIEWS.items()}
LABELS: dict[str, dict[str, dict[str, str]]] = {
    lang: {view: {c: _COLUMNS[c][i] for c in columns} for view, (_, _, columns) in _VIEWS.items()}
    for i, lang in enumerate(LANGS)
}
TITLES: dict[str, dict[str, str]] = {lang: {view: spec[i] for view, spec in _VIEWS.items()} for i, lang in enumerate(LANGS)}
