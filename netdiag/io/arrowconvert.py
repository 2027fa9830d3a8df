"""Column conversion in Arrow compute, for the common case: a column whose values are clean.

readers.convert() is the careful path: every notation, every bad value found and named, in pandas.
Most columns of most exports need none of that: once trimmed, every value is a plain number or
time, or a NULL marker. Such a column converts here to exactly what the careful path gives, at
Arrow speed; a column holding anything else (`1,234`, `12.5%`, a negative counter, a time notation
of the slow path) gets None and takes the careful path. Text always converts here. A column that
typedread has already read as numbers gets the same checks, and None means: read its strings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .parsing import NULL_VALUES
from .schema import FLOAT, INT, PCT, TEXT, TIME

# Every character str.strip() removes (those whose str.isspace() is true), so trimming in Arrow is
# trimming in Python.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_NULLS = pa.array(NULL_VALUES, pa.string())
_NO_STRING = pa.scalar(None, pa.string())
LARGEST_COUNT = 2**53  # float64 holds every whole number up to here exactly

# Every time notation of formats.md; a date ending with the year is always day first.
TIME_FORMATS = [
    f"{date} {time}".strip()
    for date in ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y.%m.%d")
    for time in ("%H:%M", "%H:%M:%S", "")
]


def trimmed(strings: pa.Array | pa.ChunkedArray) -> tuple[pa.Array | pa.ChunkedArray, np.ndarray]:
    """Values stripped as str.strip() does, and where they are a NULL marker (or empty)."""
    text = pc.utf8_trim(strings.fill_null(""), characters=WHITESPACE)
    return text, pc.is_in(text, value_set=_NULLS).to_numpy(zero_copy_only=False)


def is_text(kind: pa.DataType) -> bool:
    """Strings, plain or dictionary-encoded (a column read typed may be numbers instead)."""
    return pa.types.is_string(kind) or (pa.types.is_dictionary(kind) and pa.types.is_string(kind.value_type))


def as_strings(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    return values.dictionary_decode() if isinstance(values, pa.DictionaryArray) else values


def encoded(strings: pa.Array | pa.ChunkedArray) -> pa.DictionaryArray:
    """A text column as each distinct string once and every row's position among them: footers
    and conversion then both work on the distinct values, found once."""
    strings = strings.fill_null("")
    if isinstance(strings, pa.ChunkedArray) and pa.types.is_dictionary(strings.type):
        strings = strings.unify_dictionaries()  # (read encoded, a dictionary per chunk: one for all)
    if isinstance(strings, pa.ChunkedArray):
        chunks = pc.dictionary_encode(strings).chunks
        if chunks and all(chunk.dictionary.equals(chunks[0].dictionary) for chunk in chunks[1:]):
            # One dictionary for every chunk (as Arrow encodes a chunked array): the rows' positions
            # put together, and not a copy of all the strings in one array first.
            return pa.DictionaryArray.from_arrays(pa.concat_arrays([c.indices for c in chunks]), chunks[0].dictionary)
        strings = strings.combine_chunks()
    return pc.dictionary_encode(strings)


def factorized(column: pa.DictionaryArray) -> tuple[np.ndarray, pd.Index]:
    """pd.factorize of an encoded text column as convert() gives it (trimmed, NULL markers missing),
    worked out on its distinct strings: (each row's code, -1 where missing; the distinct values).
    The codes are numbered otherwise than pandas numbers them, but equal where its are equal."""
    text, missing = trimmed(column.dictionary)
    again = pc.dictionary_encode(text)  # (strings that differ only in spaces around them are one)
    code = again.indices.to_numpy(zero_copy_only=False).astype(np.int32)
    code[missing] = -1
    return code[column.indices.to_numpy(zero_copy_only=False)], pd.Index(again.dictionary.to_numpy(zero_copy_only=False), dtype=object)


def kept_rows(values: pa.Array | pa.ChunkedArray, keep: np.ndarray) -> pa.Array | pa.ChunkedArray:
    """The rows where `keep`; an encoded column keeps only the distinct strings still used, as if
    the other rows had never been there."""
    if not isinstance(values, pa.DictionaryArray):
        return values.filter(pa.array(keep))
    indices = values.indices.to_numpy(zero_copy_only=False)[keep]
    used = np.bincount(indices, minlength=len(values.dictionary)) > 0
    if used.all():
        return pa.DictionaryArray.from_arrays(indices, values.dictionary)
    position = np.cumsum(used, dtype=indices.dtype) - 1
    return pa.DictionaryArray.from_arrays(position[indices], values.dictionary.filter(pa.array(used)))


def distinct(strings: pa.Array | pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """(each distinct string once, the position of every row's string among them): work on a
    column's few distinct values (cell names, times) is done once per value, not once per row."""
    if not isinstance(strings, pa.DictionaryArray) or strings.null_count:
        strings = encoded(as_strings(strings))
    return strings.dictionary, strings.indices.to_numpy(zero_copy_only=False)


# The times a frame can hold (pandas' nanoseconds): a year beyond them reads as no time, never as
# OutOfBoundsDatetime.
FIRST_TIME, LAST_TIME = pd.Timestamp.min.ceil("s"), pd.Timestamp.max.floor("s")
TIME_YEARS = f"years {FIRST_TIME.year + 1} to {LAST_TIME.year - 1}"


def strptime_all(values: pa.Array) -> pa.Array | None:
    """Times in Arrow: each format in turn, the first that reads a value wins; None when some
    value (not null) reads in none of them, or beyond the times a frame holds."""
    parsed = pa.nulls(len(values), pa.timestamp("s"))
    for fmt in TIME_FORMATS:
        parsed = pc.coalesce(parsed, pc.strptime(values, format=fmt, unit="s", error_is_null=True))
        if parsed.null_count == values.null_count:
            return parsed if len(parsed) == parsed.null_count or holdable(parsed).all() else None
    return None


def holdable(times: pa.Array) -> np.ndarray:
    """Which times (second units) a pandas frame can hold; null counts as holdable."""
    first, last = pa.scalar(FIRST_TIME.to_pydatetime(), pa.timestamp("s")), pa.scalar(LAST_TIME.to_pydatetime(), pa.timestamp("s"))
    inside = pc.and_(pc.greater_equal(times, first), pc.less_equal(times, last))
    return pc.fill_null(inside, True).to_numpy(zero_copy_only=False)


def convert(strings: pa.Array | pa.ChunkedArray, kind: str, signed: bool) -> tuple[object, np.ndarray] | None:
    """(values, missing) of a column as the careful path would give them, or None: take that path."""
    if kind in (INT, FLOAT, PCT) and not is_text(strings.type):
        return _read_numbers(strings, kind, signed)
    if kind in (INT, FLOAT, PCT):
        # A clean column casts as it is: no blanks, no NULL markers (none of them reads as a number).
        none_missing = np.zeros(len(strings), dtype=bool)
        numbers = _numbers(strings, none_missing, kind, signed)
        if numbers is not None:
            return _numeric_column(numbers, none_missing, kind), none_missing
    if kind not in (TEXT, TIME, INT, FLOAT, PCT):
        return None
    values, row_value = distinct(strings)
    text, missing = trimmed(values)
    cleaned = pc.if_else(pa.array(missing, pa.bool_()), _NO_STRING, text)
    if kind == TEXT:
        objects = text.to_numpy(zero_copy_only=False).astype(object)
        objects[missing] = pd.NA
        # A row's string is its distinct value's object: a cell name on every row is stored once.
        return objects[row_value], missing[row_value]
    if kind == TIME:
        parsed = strptime_all(cleaned)
        if parsed is None:
            return None
        times = pd.Series(parsed.to_numpy(zero_copy_only=False)).astype("datetime64[ns]").to_numpy()
        return times[row_value], missing[row_value]
    numbers = _numbers(cleaned, missing, kind, signed)
    if numbers is None:
        return None
    return _numeric_column(numbers[row_value], missing[row_value], kind), missing[row_value]


def _numbers(values: pa.Array | pa.ChunkedArray, missing: np.ndarray, kind: str, signed: bool) -> np.ndarray | None:
    """The values as float64 (NaN where missing), or for INT as int64 (0 where missing); None when
    a value is no usable number. The checks run in Arrow and over sums, without copies."""
    try:
        floats = pc.cast(values, pa.float64())
        whole = pc.cast(floats, pa.int64()) if kind == INT else None  # a fraction or infinity refuses
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    low, high = (v.as_py() for v in pc.min_max(whole if kind == INT else floats).values())
    if low is not None and not signed and low < 0:
        return None  # a counter below zero is a rejected row: the careful path names it
    if kind == INT:
        if low is not None and max(-low, high) > LARGEST_COUNT:
            return None
        ints = whole.fill_null(0).to_numpy(zero_copy_only=False)
        return ints if ints.flags.writeable else ints.copy()  # (not Arrow's buffer: frames get edited)
    numbers = floats.to_numpy(zero_copy_only=False)
    with np.errstate(over="ignore"):  # (a sum of 1e308s overflows to infinity: that is the check, not a warning)
        total = np.sum(numbers[~missing] if missing.any() else numbers)
    if not np.isfinite(total):
        return None  # NaN or infinity written out (or sums too large to check this way)
    return numbers if numbers.flags.writeable else numbers.copy()


def _read_numbers(floats: pa.Array | pa.ChunkedArray, kind: str, signed: bool) -> tuple[object, np.ndarray] | None:
    """convert() of a column read as float64 (NULL markers null): the same checks as _numbers,
    each the cheapest way (Arrow's min and max of floats are slow, numpy's fast), and one copy."""
    missing = _numpy(floats.is_null()) if floats.null_count else np.zeros(len(floats), dtype=bool)
    if kind == INT:
        try:
            whole = pc.cast(floats, pa.int64())  # a fraction, NaN or infinity refuses
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        low, high = (v.as_py() for v in pc.min_max(whole).values())
        if low is not None and ((not signed and low < 0) or max(-low, high) > LARGEST_COUNT):
            return None
        return _numeric_column(_numpy(whole.fill_null(0) if floats.null_count else whole), missing, kind), missing
    total = pc.sum(floats).as_py()
    if total is not None and not np.isfinite(total):
        return None  # NaN or infinity written out (or sums too large to check this way)
    numbers = _numpy(floats)  # NaN where null
    if not signed and len(numbers) and np.fmin.reduce(numbers) < 0:  # (fmin: NaN where null is no minimum)
        return None
    return numbers, missing


def _numpy(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The values as a numpy array of their own (frames made of it get edited): one copy, not
    Arrow's concatenation and then a copy of its read-only result."""
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    if not chunks:
        return np.empty(0, dtype=values.type.to_pandas_dtype())
    return np.concatenate([chunk.to_numpy(zero_copy_only=False) for chunk in chunks])


def _numeric_column(numbers: np.ndarray, missing: np.ndarray, kind: str) -> object:
    if kind != INT:
        return numbers
    return pd.arrays.IntegerArray(numbers, missing.copy())
