"""Presentation: every zh/en label (labels), terminal tables (console), JSON and CSV documents,
files for Excel and maps (files), and each command's output (emit)."""

from ..lazy import lazy_api

_EXPORTS = {
    "BATCH_LABELS": ".labels",
    "check_output": ".files",
    "emit_batch": ".emit",
    "emit_scan": ".emit",
    "emit_suspects": ".emit",
    "emit_triage": ".emit",
    "format_for": ".files",
    "inspection": ".documents",
    "LABELS": ".labels",
    "scan_document": ".documents",
    "SUSPECT_LABELS": ".labels",
    "to_json": ".documents",
    "triage_document": ".documents",
    "write_geojson": ".files",
    "write_json": ".files",
    "write_kml": ".files",
    "write_table": ".files",
    "write_text": ".files",
    "write_workbook": ".files",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
