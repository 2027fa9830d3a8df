"""Finding titles: `{column}` or `{column:spec}` placeholders filled from a finding's row.

str.format would let a rule file reach attributes (`{x.__class__}`); this accepts plain names and
a numeric format spec only, of bounded width and precision (`{x:>999999999999}` would take all the
memory there is).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_VALID = re.compile(r"^(?P<name>[a-z][a-z0-9_]*)(?::(?P<spec>[<>^]?(?P<width>\d*)(?:,)?(?:\.(?P<precision>\d+))?[dfgs%]?))?$")
MAX_WIDTH = 40
MAX_PRECISION = 10


class TemplateError(ValueError):
    pass


def placeholders(template: str) -> list[str]:
    """Names a template uses; raises TemplateError for anything but `{name}` / `{name:spec}`."""
    names = []
    for match in PLACEHOLDER.finditer(template):
        valid = _VALID.match(match.group(1))
        if not valid:
            raise TemplateError(f"bad placeholder {match.group(0)!r}: use {{column}} or {{column:.1%}}")
        width, precision = valid.group("width"), valid.group("precision")
        if width and (len(width) > 4 or int(width) > MAX_WIDTH):
            raise TemplateError(f"placeholder {match.group(0)[:40]!r}: a width of at most {MAX_WIDTH}")
        if precision and (len(precision) > 4 or int(precision) > MAX_PRECISION):
            raise TemplateError(f"placeholder {match.group(0)[:40]!r}: a precision of at most {MAX_PRECISION}")
        names.append(valid.group("name"))
    return names


def render(template: str, values: Mapping[str, object]) -> str:
    def fill(match: re.Match[str]) -> str:
        valid = _VALID.match(match.group(1))
        assert valid is not None  # checked when the rule was loaded
        value = values.get(valid.group("name"))
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "-"
        spec = valid.group("spec") or ""
        if isinstance(value, float) and value.is_integer() and not spec:
            value = int(value)
        try:
            return format(value, spec)
        except (ValueError, TypeError):
            return str(value)

    return PLACEHOLDER.sub(fill, template)
