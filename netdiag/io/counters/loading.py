"""Dictionary documents read and checked (shipped files, the user's files, inline `counters:` in
netdiag.yaml): every error names `file:line`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ...yamlsource import YamlError, line_of, load_yaml
from ..schema import TABLES, counter_columns
from .formulas import FormulaError, parse_formula
from .matching import CounterDictionary, _norm
from .model import Counter, CounterDictionaryError, CounterMapping, _Document


MAX_FILE_BYTES = 1024 * 1024
MAX_COUNTERS = 5_000  # per document
MAX_NAMES = 50  # spellings per counter
MAX_MAPPINGS = 1_000  # per document

MAX_ALTERNATIVES = 10


_VENDOR = re.compile(r"[a-z0-9][a-z0-9_\-]{0,39}")
_DOC_KEYS = {"vendor", "source", "note", "counters", "mappings"}
_COUNTER_KEYS = {"names", "label", "unit", "source", "verified", "searched", "note"}
_MAPPING_KEYS = {"formula", "source", "verified", "note"}


def _parse_document(data: object, path: str, lines: dict, base: tuple = ()) -> _Document:
    """Check one document (file or inline mapping) and build its counters and mappings."""
    def fail(loc: tuple, message: str) -> CounterDictionaryError:
        return CounterDictionaryError(path, line_of(lines, (*base, *loc)) or line_of(lines, base), message)

    if not isinstance(data, dict):
        raise fail((), "a counter dictionary is a mapping with vendor:, counters: and mappings:")
    extra = set(map(str, data)) - _DOC_KEYS
    if extra:
        key = sorted(extra)[0]
        raise fail((key,), f"unknown key {key!r} (expected {', '.join(sorted(_DOC_KEYS))})")
    vendor = data.get("vendor")
    if not isinstance(vendor, str) or not _VENDOR.fullmatch(vendor):
        raise fail(("vendor",), "vendor: a lower-case name such as huawei, ericsson, 3gpp")
    default_source = data.get("source")
    if default_source is not None and (not isinstance(default_source, str) or not default_source.strip()):
        raise fail(("source",), "source: the document the entries come from, as text")
    counters_data = data.get("counters") or {}
    if not isinstance(counters_data, dict):
        raise fail(("counters",), "counters: a mapping of counter key -> {names, unit, source, verified}")
    if len(counters_data) > MAX_COUNTERS:
        raise fail(("counters",), f"more than {MAX_COUNTERS} counters in one document")
    counters: list[tuple[Counter, tuple]] = []
    for key, spec in counters_data.items():
        loc = ("counters", key)
        if not isinstance(key, (str, int)) or isinstance(key, bool) or not str(key).strip():
            raise fail(loc, "a counter key is a name or an id")
        key = str(key).strip()
        spec = {} if spec is None else spec
        if not isinstance(spec, dict):
            raise fail(loc, f"counter {key}: a mapping with names:, unit:, source:, verified:")
        extra = set(map(str, spec)) - _COUNTER_KEYS
        if extra:
            bad = sorted(extra)[0]
            raise fail((*loc, bad), f"counter {key}: unknown key {bad!r} (expected {', '.join(sorted(_COUNTER_KEYS))})")
        names = spec.get("names") or []
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, (str, int)) and not isinstance(n, bool) for n in names):
            raise fail((*loc, "names"), f"counter {key}: names: a list of spellings")
        if len(names) > MAX_NAMES:
            raise fail((*loc, "names"), f"counter {key}: more than {MAX_NAMES} names")
        for field_name in ("label", "unit", "searched", "note"):
            value = spec.get(field_name)
            if value is not None and not isinstance(value, str):
                raise fail((*loc, field_name), f"counter {key}: {field_name}: text")
        source = spec.get("source", default_source)
        if not isinstance(source, str) or not source.strip():
            raise fail((*loc, "source") if "source" in spec else loc,
                       f"counter {key}: source: the document that defines it (or a source: for the whole file)")
        verified = spec.get("verified", False)
        if not isinstance(verified, bool):
            raise fail((*loc, "verified"), f"counter {key}: verified: true or false")
        label = spec.get("label")
        spellings = tuple(dict.fromkeys(str(n).strip() for n in names if str(n).strip()))
        normals = [_norm(s) for s in (key, *spellings)]
        if any(not n for n in normals):
            raise fail((*loc, "names"), f"counter {key}: an empty name")
        origin = f"{path}:{line_of(lines, (*base, *loc)) or '?'}"
        counters.append((Counter(vendor, key, spellings, label, spec.get("unit"), source.strip(), verified,
                                 spec.get("searched"), origin), loc))
    seen: dict[str, str] = {}
    for counter, loc in counters:
        for name in dict.fromkeys(_norm(n) for n in (counter.key, *counter.names)):
            if name in seen and seen[name] != counter.key:
                raise fail(loc, f"counter {counter.key}: name {name!r} also names counter {seen[name]}")
            seen[name] = counter.key
    mappings_data = data.get("mappings") or {}
    if not isinstance(mappings_data, dict):
        raise fail(("mappings",), "mappings: table -> canonical column -> formula")
    mappings: list[tuple[CounterMapping, tuple]] = []
    for table, columns in mappings_data.items():
        if table not in TABLES or "start_time" not in TABLES[table].column_map or table == "complaints":
            raise fail(("mappings", table), f"mappings: {table!r} is not a counter table "
                       f"({', '.join(t for t in TABLES if 'start_time' in TABLES[t].column_map)})")
        if not isinstance(columns, dict):
            raise fail(("mappings", table), f"mappings: {table}: canonical column -> formula")
        for column, spec in columns.items():
            loc = ("mappings", table, column)
            if column not in counter_columns(table):
                raise fail(loc, f"{table}: {column!r} is not a counter column ({', '.join(counter_columns(table))})")
            if len(mappings) >= MAX_MAPPINGS:
                raise fail(loc, f"more than {MAX_MAPPINGS} mappings in one document")
            mapping_spec = spec if isinstance(spec, dict) else {"formula": spec}
            extra = set(map(str, mapping_spec)) - _MAPPING_KEYS
            if extra:
                bad = sorted(extra)[0]
                raise fail((*loc, bad), f"{table}.{column}: unknown key {bad!r} (expected {', '.join(sorted(_MAPPING_KEYS))})")
            texts = mapping_spec.get("formula")
            texts = [texts] if isinstance(texts, str) else texts
            if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
                raise fail(loc, f"{table}.{column}: a formula, or a list of alternative formulas")
            if len(texts) > MAX_ALTERNATIVES:
                raise fail(loc, f"{table}.{column}: more than {MAX_ALTERNATIVES} alternatives")
            formulas = []
            for i, text in enumerate(texts):
                try:
                    formulas.append(parse_formula(text))
                except FormulaError as exc:
                    where = (*loc, "formula", i) if isinstance(spec, dict) and isinstance(spec.get("formula"), list) \
                        else (*loc, i) if isinstance(spec, list) else loc
                    raise fail(where, f"{table}.{column}: {exc}") from None
            # Formula references are checked against the merged dictionary (CounterDictionary._apply).
            source = mapping_spec.get("source", default_source)
            if source is not None and (not isinstance(source, str) or not source.strip()):
                raise fail((*loc, "source"), f"{table}.{column}: source: text")
            verified = mapping_spec.get("verified", True)
            if not isinstance(verified, bool):
                raise fail((*loc, "verified"), f"{table}.{column}: verified: true or false")
            note = mapping_spec.get("note")
            if note is not None and not isinstance(note, str):
                raise fail((*loc, "note"), f"{table}.{column}: note: text")
            origin = f"{path}:{line_of(lines, (*base, *loc)) or '?'}"
            mappings.append((CounterMapping(vendor, table, column, tuple(formulas), (source or "").strip(),
                                            verified, note, origin), loc))
    return _Document(path, vendor, tuple(counters), tuple(mappings), lines, base)


def _read_document(path: Path, shown: str | None = None) -> _Document:
    shown = shown or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CounterDictionaryError(shown, None, f"counter dictionary larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CounterDictionaryError(shown, None, f"cannot read counter dictionary ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CounterDictionaryError(shown, None, f"counter dictionary larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return _parse_text(raw, shown)


def _parse_text(raw: bytes, shown: str) -> _Document:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CounterDictionaryError(shown, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        data, lines = load_yaml(text, shown)
    except YamlError as exc:
        raise CounterDictionaryError(exc.path, exc.line, exc.message) from None
    return _parse_document(data, shown, lines)


def shipped_counter_files() -> list[str]:
    """Names of the shipped dictionary files (netdiag/data/counters/*.yaml), in load order."""
    folder = resources.files("netdiag.data").joinpath("counters")
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".yaml"))


@lru_cache(maxsize=1)
def _shipped() -> CounterDictionary:
    folder = resources.files("netdiag.data").joinpath("counters")
    dictionary = CounterDictionary()
    for name in shipped_counter_files():
        dictionary._apply(_parse_text(folder.joinpath(name).read_bytes(), f"netdiag/data/counters/{name}"))
    return dictionary


def load_counter_dictionary(extra: Sequence[Path | str] = ()) -> CounterDictionary:
    """The shipped dictionary, then each extra file in order (later entries replace earlier ones)."""
    dictionary = _shipped().copy()
    for path in extra:
        dictionary._apply(_read_document(Path(path)))
    return dictionary


def counters_from_config(value: object, config_path: Path | str, lines: dict | None = None,
                         loc: tuple = ("counters",)) -> CounterDictionary:
    """The dictionary a `netdiag.yaml` `counters:` value asks for.

    The value may be a file path, a list of file paths (relative to the folder of netdiag.yaml),
    an inline dictionary document (vendor:, counters:, mappings:), or a list mixing both. `lines`
    are the line numbers load_yaml gave for netdiag.yaml, so that errors name its lines.
    """
    config_path = Path(config_path)
    lines = lines or {}
    dictionary = _shipped().copy()
    if value is None:
        return dictionary
    items = value if isinstance(value, list) else [value]
    for i, item in enumerate(items):
        where = (*loc, i) if isinstance(value, list) else loc
        if isinstance(item, str):
            path = Path(item)
            if not path.is_absolute():
                path = config_path.parent / path
            if not path.is_file():
                raise CounterDictionaryError(str(config_path), line_of(lines, where), f"counters: no file {item}")
            dictionary._apply(_read_document(path))
        elif isinstance(item, dict):
            dictionary._apply(_parse_document(item, str(config_path), lines, where))
        else:
            raise CounterDictionaryError(str(config_path), line_of(lines, where),
                                         "counters: a file, a list of files, or an inline dictionary (vendor:, counters:, mappings:)")
    return dictionary


def load_counter_dictionary_from_config(config_path: Path | str) -> CounterDictionary:
    """Read netdiag.yaml and return the dictionary its `counters:` key asks for (shipped if absent)."""
    config_path = Path(config_path)
    try:
        raw = config_path.read_bytes()
    except OSError as exc:
        raise CounterDictionaryError(str(config_path), None, f"cannot read ({exc.strerror or exc})") from None
    try:
        data, lines = load_yaml(raw.decode("utf-8-sig"), str(config_path))
    except UnicodeDecodeError as exc:
        raise CounterDictionaryError(str(config_path), None, f"not UTF-8 text ({exc.reason})") from None
    except YamlError as exc:
        raise CounterDictionaryError(exc.path, exc.line, exc.message) from None
    value = data.get("counters") if isinstance(data, dict) else None
    return counters_from_config(value, config_path, lines)
