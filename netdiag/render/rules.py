"""What a rule checks, in words: the text of `netdiag rules explain ID` and the rows of `rules list`."""

from __future__ import annotations


from rich.cells import cell_len

from ..catalogue import load_catalogue
from ..measures.compute import COLUMNS, PERSISTENCE_COLUMNS
from ..rules.loader import CompiledRule
from ..rules.model import RuleTest
from .evidence import evidence_label
from .labels import HEADINGS, RULE_TEXTS_ZH



def _stretch_text(stretch, h: dict[str, str]) -> str:
    if stretch.when is not None:
        return h["stretch_when"].format(when=" ".join(stretch.when.split()), gap_hours=stretch.gap_hours, min_hours=stretch.min_hours)
    column, direction = (stretch.rise, h["rose"]) if stretch.rise is not None else (stretch.fall, h["fell"])
    return h["stretch_change"].format(column=column, direction=direction, min_hours=stretch.min_hours)


def rule_row(rule: CompiledRule, lang: str = "en") -> dict[str, object]:
    """The fields `rules list` shows (and writes as JSON)."""
    spec = rule.rule
    return {
        "id": rule.id,
        "cause": spec.cause,
        "level": spec.level,
        "severity": spec.severity,
        "symptoms": list(rule.symptoms),
        "title": getattr(spec.title, lang),
        "path": str(rule.path),
    }


def explain(rule: CompiledRule, lang: str = "en") -> str:
    """Everything about one rule as plain text, like `ruff rule X`."""
    h = HEADINGS[lang]
    spec = rule.rule
    cause = load_catalogue().causes[spec.cause]
    columns = {**COLUMNS[spec.level], **PERSISTENCE_COLUMNS}
    out: list[str] = [f"{rule.id}: {getattr(spec.title, lang)}", ""]

    facts = [
        (h["cause"], spec.cause),
        (h["level"], spec.level),
        (h["severity"], spec.severity),
        (h["symptoms"], ", ".join(rule.symptoms)),
        (h["requires"], ", ".join(["cells", *spec.requires])),
    ]
    if spec.explained_by:
        facts.append((h["explained_by"], ", ".join(spec.explained_by)))
    facts.append((h["file"], str(rule.path)))
    width = max(cell_len(label) for label, _ in facts)  # a Chinese character is two columns wide
    out += [f"  {label}{' ' * (width - cell_len(label))}  {value}" for label, value in facts]
    if spec.generic:
        out.append(f"  {h['generic']}")

    what = getattr(spec.description, lang) if spec.description else cause.check if lang == "en" else cause.text[lang]
    out += ["", h["what"], _indent(what)]
    why = [cause.text[lang]]
    check = cause.check if lang == "en" else RULE_TEXTS_ZH["checks"].get(cause.id)  # the catalogue's is English
    if check:
        why.append(f"{h['check']}: {check}")
    if spec.source:  # "field notes §3(1) ...": the notes' own title in Chinese
        source = spec.source.replace("field notes", h["field_notes"], 1) if lang == "zh" else spec.source
        why.append(f"{h['source']}: {source}")
    out += ["", h["why"], *(_indent(line) for line in why)]

    out += ["", h["condition"], _indent(spec.condition)]
    if spec.persistence is not None:
        persist = h["persist_hours"] if spec.persistence.min_hours > 0 else h["persist"]  # rules.engine.with_persistence
        out += ["", h["persistence"], _indent(persist.format(**spec.persistence.model_dump()))]
    if spec.stretch is not None:
        out += ["", h["stretch"], _indent(_stretch_text(spec.stretch, h))]
    if spec.shows is not None:
        out += ["", h["shows"], _indent(h["shows_text"].format(shows=" ".join(spec.shows.split())))]
    out += ["", h["score"], _indent(spec.score)]

    out += ["", h["parameters"]]
    if not spec.parameters:
        out.append(_indent(h["none"]))
    for name, parameter in spec.parameters.items():
        value = rule.params.get(name, parameter.default)
        unit = parameter.unit if lang == "en" or not parameter.unit else RULE_TEXTS_ZH["units"].get(parameter.unit, parameter.unit)
        shown = _value(value) + (f" {unit}" if unit else "")
        if value != parameter.default:
            shown += f" ({h['default']} {_value(parameter.default)})"
        out.append(f"  {name} = {shown}")
        # rule files describe parameters in English; under zh its Chinese, or nothing rather than English
        description = parameter.description if lang == "en" else RULE_TEXTS_ZH["parameters"].get(parameter.description)
        if description:
            out.append(_indent(description, 6))

    out += ["", h["evidence"]]
    for column in spec.evidence:  # zh: the evidence label (the measure descriptions are English)
        out.append(f"  {column}: {columns.get(column, '') if lang == 'en' else evidence_label(column, lang)}")

    out += ["", h["remedy"], _indent(getattr(rule.remedy, lang))]

    case = example_case(spec.tests)
    if case is not None:
        out += ["", f"{h['example']}: {case.name}" if lang == "en" else h["example"]]  # test names are English
        if case.parameters:
            out.append(f"  {h['parameters']}: {', '.join(f'{k}={_value(v)}' for k, v in case.parameters.items())}")
        for table, value in case.tables.items():
            out.append(f"  {table}:")
            out += [_indent(line, 4) for line in _table_lines(value)]
        expected = ", ".join(e.object for e in case.expect) or h["quiet"]
        out.append(f"  {h['expect']}: {expected}")
    return "\n".join(out) + "\n"


def example_case(tests: list[RuleTest]) -> RuleTest | None:
    """The first case where the rule fires, else the first case."""
    return next((t for t in tests if t.expect), tests[0] if tests else None)


def _table_lines(value: str | list[dict[str, object]]) -> list[str]:
    if isinstance(value, str):
        return [line for line in value.splitlines() if line.strip()]
    headers = list(dict.fromkeys(str(k) for row in value for k in row))
    rows = [",".join(headers)]
    rows += [",".join("" if row.get(h) is None else _value(row.get(h)) for h in headers) for row in value]
    return rows


def _value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _indent(text: str, width: int = 2) -> str:
    return "\n".join(" " * width + line for line in str(text).splitlines())
