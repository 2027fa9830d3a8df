"""The pictures: self-contained HTML reports (a complaint's, the suspects', the scan's, the monthly
cases report) with SVG charts and maps of sector wedges, written from Jinja2 templates shipped in
the package. Nothing in a report is fetched from anywhere: it opens offline and prints."""

from ...lazy import lazy_api

_EXPORTS = {
    "cases_report_page": ".cases",
    "complaint_page": ".complaint",
    "MapOptions": ".svgmap",
    "scan_page": ".findings",
    "suspects_page": ".findings",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_api(__name__, _EXPORTS)
