"""The counter dictionary: vendor performance-counter names -> netdiag's canonical counters.

OMC-R exports name their counters by 3GPP TS 52.402 (`attTCHSeizures`), by vendor ids (Huawei
`K3014:Traffic Volume on TCH (Erl)`, Nokia `DROP_AFTER_TCH_ASSIGN (c001202)`) or by vendor
mnemonics (Ericsson `TFNDROP`). The dictionary, shipped as data under netdiag/data/counters/ (one
file per vendor) and extended by the user's own files, says which canonical column of which table
each counter gives, with the arithmetic where one canonical counter is several vendor counters.

A dictionary document::

    vendor: huawei                    # the namespace of the counters below
    source: Huawei ... Reference      # default source document of the entries
    counters:                         # key -> the counter, as vendors write it
      K3014:
        names: [CELL_KPI_TCH_TRAF_ERL_TRAF, Traffic Volume on TCH]   # other spellings headers use
        label: Traffic Volume on TCH  # for display only (not matched)
        unit: Erl
        source: Huawei ... K3014      # the document that defines it
        verified: true                # name and meaning seen in a public document
    mappings:                         # table -> canonical column -> formula over counter keys
      cell_kpi:
        tch_traffic_erl: K3014
        tch_attempts: K3020 + K3010A + K3010B
        tch_available: {formula: TAVAACC / TAVASCAN, note: ...}

Formulas are parsed here (never eval): numbers, counter keys (a key that is not a plain word is
written in backquotes), + - * / and parentheses. A formula may be a list of alternatives: the
first whose counters the file has is used.

Rules (the contract; see docs/counters.md):
- Matching a header to a counter ignores case, surrounding spaces, and treats spaces, `_` and `-`
  alike. The whole header is tried first, then the header without trailing bracketed units
  (`(Erl)`, `[times]`), then for `ID:label` headers the ID, then the label, then the content of a
  trailing bracket (`NAME (c001202)`), and last the part after a measurement family prefix
  (`CELTCHF.TFNDROP` -> `TFNDROP`, `BSCGPRS.x` -> `x`). Nokia ids match with or without leading
  zeros (`c1202` = `c001202`). The first of these forms that names a counter wins.
- One name may belong to counters of several vendors: the header goes to the vendor that has the
  most headers in the file (ties: vendor name order); the others are kept as alternatives.
- Content score of a table: the number of distinct canonical counter columns of that table the
  file's counters give (every counter of a formula present). A file is filed under the table with
  the highest score, at least MIN_COLUMNS (2). Equal scores: the table whose key columns the
  headers name (more keys present wins); still equal: no table, said so. Key columns never count
  towards the score: a file whose counters give no table is reported as such.
- Arithmetic: a value missing in any term makes the result missing (a partial sum would pass for
  a complete one: drops over TCH/F only would make a cell look better than it is); division by
  zero is missing; a result below zero in a column that cannot be negative is missing (the vendor
  counters disagree). Values are read as numbers after removing thousands separators and a
  trailing `%`; `NIL`, `/0`, `-`, `N/A` and empty are missing.
"""
from .canonical import to_canonical
from .formulas import MAX_FORMULA_CHARS, MAX_FORMULA_DEPTH, MAX_FORMULA_TERMS, Formula, FormulaError, parse_formula
from .loading import (
    MAX_ALTERNATIVES,
    MAX_COUNTERS,
    MAX_FILE_BYTES,
    MAX_MAPPINGS,
    MAX_NAMES,
    counters_from_config,
    load_counter_dictionary,
    load_counter_dictionary_from_config,
    shipped_counter_files,
)
from .matching import CounterDictionary, header_forms
from .model import (
    MIN_COLUMNS,
    ColumnPlan,
    Counter,
    CounterDictionaryError,
    CounterMapping,
    CounterMatch,
    HeaderMatch,
)
from ..schema import TABLES

__all__ = [
    "MAX_ALTERNATIVES", "MAX_COUNTERS", "MAX_FILE_BYTES", "MAX_FORMULA_CHARS", "MAX_FORMULA_DEPTH", "MAX_FORMULA_TERMS",
    "MAX_MAPPINGS", "MAX_NAMES", "MIN_COLUMNS", "TABLES", "ColumnPlan", "Counter", "CounterDictionary",
    "CounterDictionaryError", "CounterMapping", "CounterMatch", "Formula", "FormulaError", "HeaderMatch",
    "counters_from_config", "header_forms", "load_counter_dictionary", "load_counter_dictionary_from_config",
    "parse_formula", "shipped_counter_files", "to_canonical",
]
