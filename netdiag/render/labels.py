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
