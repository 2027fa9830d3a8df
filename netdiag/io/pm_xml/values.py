"""Values as PM XML files write them: numbers, and the tokens that stand for an absent value."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


# Written for an absent value, and read as one (with empty text and a missing r).
ABSENT_TOKENS = ("NIL", "nil", "Nil", "", "-", "N/A", "NULL", "null", "nan", "NaN", "NAN")
_ABSENT_ARROW = pa.array(ABSENT_TOKENS, type=pa.string())
_NULL_STRING = pa.scalar(None, type=pa.string())


def to_floats(tokens: Sequence[str | None]) -> tuple[np.ndarray, int, int]:
    """Written values as float64 (integers stay exact up to 2**53), absent ones as NaN.

    Returns the values, how many were absent (None, empty, ``NIL``, ``nan``, ``-``, ``N/A``, ``NULL``)
    and how many were neither a number nor absent (read as NaN too). Arrow converts, about 0.1 us a
    value; the readers hand over ``NIL`` as None or ``nan`` already, so a file's usual absent values
    need no second pass.
    """
    if not len(tokens):
        return np.empty(0), 0, 0
    strings = pa.array(tokens, type=pa.string())
    try:
        values = strings.cast(pa.float64()).to_numpy(zero_copy_only=False)
        return values, int(np.count_nonzero(np.isnan(values))), 0
    except pa.ArrowInvalid:  # another absent token, spaces around a number, or something that is none
        pass
    strings = pc.utf8_trim_whitespace(strings)
    absent_mask = pc.is_in(strings, value_set=_ABSENT_ARROW)
    absent = strings.null_count + pc.sum(absent_mask).as_py()
    strings = pc.if_else(absent_mask, _NULL_STRING, strings)
    try:
        values = strings.cast(pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        values = np.array([_float_or_nan(token) for token in strings.to_pylist()], dtype=np.float64)
    nan = int(np.count_nonzero(np.isnan(values)))
    return values, absent, nan - absent


def _float_or_nan(token: str | None) -> float:
    """A number (spaces around it allowed), or NaN for anything that is not one."""
    if token is None:
        return np.nan
    try:
        return float(token)
    except ValueError:
        return np.nan


def parse_lists(texts: list[str], width: int) -> np.ndarray | None:
    """Result lists as written (`12 NIL 3.5`), `width` values each, as one float64 array (NIL as NaN);
    None when they do not make exactly `width` numbers each (a list too short or too long, a token
    that is no number): those are read row by row."""
    rows = [text.split() for text in texts]
    if not rows or not width or list(map(len, rows)).count(width) != len(rows):
        return None
    tokens = list(chain.from_iterable(rows))
    try:
        return np.array(tokens, dtype=np.float64)
    except ValueError:
        pass
    try:  # NIL is the schema's absent value
        return np.array(["nan" if token == "NIL" else token for token in tokens], dtype=np.float64)
    except ValueError:
        return None


def parse_list_runs(texts: list[str], widths: list[int], counts: list[int]) -> np.ndarray | None:
    """parse_lists over several runs of result lists at once (the blocks of a file): `counts[i]` lists
    of `widths[i]` values each, one after the other, as one flat float64 array (NIL as NaN). Split as
    parse_lists splits them (str.split), converted by Arrow in one go (about 0.1 us a value, against
    numpy's 0.2 us from Python strings). None when any list does not make exactly its run's number
    of values, a token is no number, or the text is not ASCII (where Arrow's reading of a number and
    Python's could differ): the caller reads those runs with parse_lists, as before."""
    if not texts or not all(widths):
        return None
    joined = "\n".join(texts)
    if not joined.isascii():
        return None
    # NIL, the schema's absent value, as a whole token ("-NIL" is no number): null, read as NaN
    if joined.count("\n") == len(texts) - 1:  # no list spans lines: a newline ends each list
        tokens, per_list = _tokens(joined.encode("ascii"), absent=b"NIL" if "NIL" in joined else None)
    else:
        rows = list(map(str.split, texts))
        per_list = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        tokens = pa.array([None if t == "NIL" else t for t in chain.from_iterable(rows)], type=pa.string())
    if len(per_list) != len(texts) or not np.array_equal(per_list, np.repeat(widths, counts)):
        return None
    try:
        return tokens.cast(pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        return None


# The ASCII characters str.split() splits at (tab, newline, vertical tab, form feed, return, the four
# information separators, space).
_SPLITS_AT = np.zeros(256, dtype=bool)
_SPLITS_AT[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True


def _tokens(text: bytes, absent: bytes | None = None) -> tuple[pa.Array, np.ndarray]:
    """The whitespace-separated tokens of ASCII lines (one list a line), as str.split() makes them,
    and how many each line has: found by numpy over the bytes and handed to Arrow as one buffer of
    the tokens' bytes and their offsets, without a Python string per token. Tokens that are
    `absent` as a whole are null."""
    codes = np.frombuffer(text, dtype=np.uint8)
    kept = ~_SPLITS_AT[codes]  # the bytes of tokens
    begins = kept.copy()
    begins[1:] &= ~kept[:-1]  # a token begins where a byte of one follows a separator (or the text begins)
    starts = np.flatnonzero(begins)
    before = np.cumsum(kept, dtype=np.int64)  # bytes of tokens up to and including each byte
    large = len(text) >= 1 << 31  # (Arrow's string offsets are 32 bits)
    offsets = np.empty(len(starts) + 1, dtype=np.int64 if large else np.int32)
    offsets[:-1] = before[starts] - 1
    offsets[-1] = before[-1] if len(before) else 0
    line_of = np.cumsum(codes == 10, dtype=np.int64)[starts]
    per_line = np.bincount(line_of, minlength=int(np.count_nonzero(codes == 10)) + 1)
    data = codes[kept]
    valid, nulls = None, 0
    if absent:
        found = np.diff(offsets) == len(absent)
        for i, byte in enumerate(absent):
            found[found] = data[offsets[:-1][found] + i] == byte
        nulls = int(np.count_nonzero(found))
        valid = pa.py_buffer(np.packbits(~found, bitorder="little")) if nulls else None
    kind = pa.LargeStringArray if large else pa.StringArray
    return kind.from_buffers(len(starts), pa.py_buffer(offsets), pa.py_buffer(data.tobytes()), valid, nulls), per_line
