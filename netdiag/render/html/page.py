"""One self-contained HTML file from a template: the style sheet and scripts inlined, nothing fetched.

Templates (Jinja2, autoescaped: cell names and subscribers' words are text, never markup) and
assets ship inside the package. The page's Content-Security-Policy allows no request at all, so
a report opened on a desk without internet shows exactly what it shows with it; only a tile URL
the user named is let through, for images.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from ..labels import ALARM_CLASS_LABELS, LABELS, MEASURE_LABELS, PICTURE_LABELS
from .svgmap import MapOptions

ASSETS = ("report.css", "map.js", "table.js")


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("netdiag.render.html", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["n"] = lambda v, d=1: f"{v:.{d}f}"
    return env


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return resources.files("netdiag.render.html").joinpath("assets", name).read_text(encoding="utf-8")


def content_policy(options: MapOptions | None) -> str:
    """No request of any kind, but for the tiles of a URL the user named."""
    images = "data:"
    if options is not None and options.tiles:
        parts = urlsplit(options.tiles)
        images += " file:" if parts.scheme == "file" else f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    return f"default-src 'none'; img-src {images}; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def render(template: str, lang: str, title: str, options: MapOptions | None = None, **context: Any) -> str:
    """The page: the template filled in, with the shared labels, styles and scripts."""
    from ... import __version__

    page = environment().get_template(template)
    return page.render(
        lang=lang, title=title, L=PICTURE_LABELS[lang], TL=LABELS[lang], ML=MEASURE_LABELS[lang], AL=ALARM_CLASS_LABELS[lang],
        css=asset("report.css"), scripts=[asset("map.js"), asset("table.js")], csp=content_policy(options),
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"), version=__version__, options=options or MapOptions(), **context,
    )
