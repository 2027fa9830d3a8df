"""The rule expression language: semantics on pandas frames, and everything it must refuse."""

from __future__ import annotations

import ast
import builtins
import math

import numpy as np
import pandas as pd
import pytest

from netdiag.rules.expr import FUNCTIONS, MAX_DEPTH, Expr, ExprError, compile_expr

NAN = float("nan")


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "x": [1.0, 2.0, NAN, 0.0, -3.0],
            "y": pd.array([0, 2, 3, None, 1], dtype="Int64"),
            "name": pd.array(["S01A", None, "S02B", "S01A", "S10C"], dtype="string"),
            "flag": pd.array([True, None, False, True, False], dtype="boolean"),
            "up": [True, False, True, True, False],
            "count": [10, 20, 30, 40, 50],
        },
        index=[10, 11, 12, 13, 14],
    )


COLUMNS = ["x", "y", "name", "flag", "up", "count"]
PARAMS = {"k": 2, "limit": 1.5, "cell": "S01A", "missing": None, "on": True}


def run(text: str, frame: pd.DataFrame, params: dict | None = None) -> pd.Series:
    expr = compile_expr(text, columns=COLUMNS, params=PARAMS)
    return expr(frame, PARAMS if params is None else params)


def values(series: pd.Series) -> list:
    return [None if isinstance(v, float) and math.isnan(v) else v for v in series.tolist()]


def refused(text: str, columns=COLUMNS, params=PARAMS) -> ExprError:
    with pytest.raises(ExprError) as info:
        compile_expr(text, columns=columns, params=params)
    return info.value


# --- semantics -----------------------------------------------------------------------------------


def test_result_is_series_on_frame_index(frame):
    result = run("x + 1", frame)
    assert isinstance(result, pd.Series)
    assert list(result.index) == [10, 11, 12, 13, 14]
    assert result.dtype == np.float64


def test_scalars_broadcast_to_frame(frame):
    assert values(run("k * 2", frame)) == [4.0] * 5
    assert values(run("True", frame)) == [True] * 5
    assert run("1", frame).dtype == np.float64
    assert len(run("1", frame.iloc[:0])) == 0


def test_arithmetic_is_float_and_propagates_missing(frame):
    assert values(run("x * k + 1", frame)) == [3.0, 5.0, None, 1.0, -5.0]
    assert values(run("y - x", frame)) == [-1.0, 0.0, None, None, 4.0]
    assert values(run("-x", frame))[:2] == [-1.0, -2.0]
    assert values(run("x ** 2", frame)) == [1.0, 4.0, None, 0.0, 9.0]
    assert values(run("count // 3 + count % 3", frame)) == [4.0, 8.0, 10.0, 14.0, 18.0]
    assert run("count + up", frame).dtype == np.float64


def test_division_by_zero_is_missing_not_inf(frame):
    assert values(run("x / y", frame)) == [None, 1.0, None, None, -3.0]
    assert values(run("count // (x * 0)", frame))[0] is None
    assert values(run("count % 0", frame)) == [None] * 5
    assert values(run("0 ** -1", frame)) == [None] * 5
    assert not np.isinf(run("count / (y - y)", frame).to_numpy()).any()


def test_comparisons_false_where_missing_including_not_equal(frame):
    assert values(run("x > 0", frame)) == [True, True, False, False, False]
    assert values(run("x != 1", frame)) == [False, True, False, True, True]
    assert values(run("y == 3", frame)) == [False, False, True, False, False]
    assert values(run("y != 3", frame)) == [True, True, False, False, True]
    assert run("x > missing", frame).dtype == bool
    assert not run("x > missing", frame).any()


def test_chained_comparison(frame):
    assert values(run("0 < x <= 2", frame)) == [True, True, False, False, False]
    assert values(run("-5 < x < y < 5", frame)) == [False, False, False, False, True]


def test_boolean_operators_treat_missing_as_false(frame):
    assert values(run("x > 0 and y > 0", frame)) == [False, True, False, False, False]
    assert values(run("x > 0 or y > 2", frame)) == [True, True, True, False, False]
    assert values(run("not (x > 0)", frame)) == [False, False, True, True, True]
    assert values(run("not x", frame)) == [False, False, True, True, False]
    assert values(run("flag and up", frame)) == [True, False, False, True, False]
    assert values(run("flag or up", frame)) == [True, False, True, True, False]
    assert run("x and y", frame).dtype == bool


def test_in_and_not_in(frame):
    assert values(run("y in (0, 3)", frame)) == [True, False, True, False, False]
    assert values(run("y not in [0, 3]", frame)) == [False, True, False, False, True]
    assert values(run("x in (-3, 2.0)", frame)) == [False, True, False, False, True]
    assert values(run("name in ('S01A', 'S10C')", frame)) == [True, False, False, True, True]
    assert values(run("name not in ('S01A',)", frame)) == [False, False, True, False, True]
    assert values(run("y in ()", frame)) == [False] * 5


def test_text_compares_as_text(frame):
    assert values(run("name == cell", frame)) == [True, False, False, True, False]
    assert values(run("name != 'S01A'", frame)) == [False, False, True, False, True]
    assert values(run("name < 'S02'", frame)) == [True, False, False, True, False]
    assert values(run("between(name, 'S02', 'S99')", frame)) == [False, False, True, False, True]
    assert values(run("name == 1", frame)) == [False] * 5


def test_text_in_arithmetic_or_ordered_against_numbers_is_an_error(frame):
    with pytest.raises(ExprError, match="needs numbers"):
        run("name + 1", frame)
    with pytest.raises(ExprError, match="cannot compare text") as info:
        run("x > 0 and name < 5", frame)
    assert info.value.offset == 17


def test_min_max_skip_missing(frame):
    assert values(run("min(x, y)", frame)) == [0.0, 2.0, 3.0, 0.0, -3.0]
    assert values(run("max(x, y, 1)", frame)) == [1.0, 2.0, 3.0, 1.0, 1.0]
    assert values(run("max(missing, missing)", frame)) == [None] * 5


def test_clip_keeps_missing_and_ignores_missing_bounds(frame):
    assert values(run("clip(x, 0, 1.5)", frame)) == [1.0, 1.5, None, 0.0, 0.0]
    assert values(run("clip(x, missing, 1)", frame)) == [1.0, 1.0, None, 0.0, -3.0]


def test_coalesce_first_present(frame):
    assert values(run("coalesce(x, y, -1)", frame)) == [1.0, 2.0, 3.0, 0.0, -3.0]
    assert values(run("coalesce(y, missing, 7)", frame)) == [0.0, 2.0, 3.0, 7.0, 1.0]
    assert values(run("coalesce(name, 'none')", frame)) == ["S01A", "none", "S02B", "S01A", "S10C"]


def test_null_tests_and_between(frame):
    assert values(run("isnull(x)", frame)) == [False, False, True, False, False]
    assert values(run("notnull(y)", frame)) == [True, True, True, False, True]
    assert values(run("isnull(name)", frame)) == [False, True, False, False, False]
    assert values(run("isnull(flag)", frame)) == [False, True, False, False, False]
    assert values(run("between(x, 0, 1)", frame)) == [True, False, False, True, False]


def test_math_functions(frame):
    assert values(run("abs(x)", frame)) == [1.0, 2.0, None, 0.0, 3.0]
    logs = values(run("log10(x)", frame))
    assert logs[0] == 0.0 and logs[3] == -math.inf and logs[4] is None
    assert values(run("sqrt(x)", frame)) == [1.0, math.sqrt(2.0), None, 0.0, None]
    assert values(run("round(x / 3, 2)", frame)) == [0.33, 0.67, None, 0.0, -1.0]
    assert values(run("round(count / 7)", frame)) == [1.0, 3.0, 4.0, 6.0, 7.0]


def test_conditional_expression(frame):
    assert values(run("x if x > 0 else y", frame)) == [1.0, 2.0, 3.0, None, 1.0]
    assert values(run("'big' if count > 25 else name", frame)) == ["S01A", None, "big", "big", "big"]


def test_parameters_from_mapping_and_overrides(frame):
    expr = compile_expr("x >= limit", columns=COLUMNS, params=PARAMS)
    assert values(expr(frame, {"limit": 1.5})) == [False, True, False, False, False]
    assert values(expr(frame, {"limit": -10})) == [True, True, False, True, True]
    assert values(run("up == on", frame)) == [True, False, True, True, False]
    with pytest.raises(ExprError, match="parameter 'limit' has no value"):
        expr(frame, {})
    with pytest.raises(ExprError, match="must be a number"):
        expr(frame, {"limit": [1, 2]})


def test_missing_column_at_evaluation(frame):
    expr = compile_expr("x > 0", columns=COLUMNS, params=PARAMS)
    with pytest.raises(ExprError, match="column 'x' is not in the data"):
        expr(frame.drop(columns="x"), PARAMS)


def test_nullable_and_object_columns():
    frame = pd.DataFrame(
        {
            "a": pd.array([1.5, None], dtype="Float64"),
            "b": pd.Series([1, None], dtype=object),
            "c": pd.Series(["x", np.nan], dtype=object),
            "d": pd.Categorical(["p", None]),
        }
    )
    expr = compile_expr("a + b", columns=list(frame.columns), params=[])
    assert values(expr(frame, {})) == [2.5, None]
    expr = compile_expr("isnull(c) or c == 'x'", columns=list(frame.columns), params=[])
    assert values(expr(frame, {})) == [True, True]
    expr = compile_expr("d == 'p'", columns=list(frame.columns), params=[])
    assert values(expr(frame, {})) == [True, False]


def test_object_columns_as_numbers_and_as_conditions():
    from decimal import Decimal

    frame = pd.DataFrame(
        {
            "n": pd.Series([1, 2.5, None, 4, 0], dtype=object),
            "d": pd.Series([Decimal("0.5"), None, Decimal("2"), None, None], dtype=object),
            "t": pd.Series(["x", "", None, "0", np.nan], dtype=object),
        }
    )
    expr = compile_expr("n * 2 + coalesce(d, 0)", columns=list(frame.columns), params=[])
    assert values(expr(frame, {})) == [2.5, 5.0, None, 8.0, 0.0]
    # text as a condition: empty and missing are false, any other text (even "0") true
    assert compile_expr("t", columns=list(frame.columns), params=[]).mask(frame, {}).tolist() == [True, False, False, True, False]


def test_columns_and_params_referenced(frame):
    expr = compile_expr("x > limit and coalesce(y, k) > 0", columns=COLUMNS, params=PARAMS)
    assert isinstance(expr, Expr)
    assert expr.columns == frozenset({"x", "y"})
    assert expr.params == frozenset({"limit", "k"})
    assert expr.text == "x > limit and coalesce(y, k) > 0"


def test_mask_is_a_condition(frame):
    expr = compile_expr("flag", columns=COLUMNS, params=PARAMS)
    assert values(expr.mask(frame, PARAMS)) == [True, False, False, True, False]


def test_multiline_and_indented_text(frame):
    assert values(run("  x > 0\n  and y > 0\n", frame)) == [False, True, False, False, False]


def test_shipped_rule_style_expression(frame):
    text = "count >= k and x >= max(limit, 0.5 * y) and not (y < 1)"
    assert values(run(text, frame)) == [False, True, False, False, False]


def test_functions_documented():
    assert set(FUNCTIONS) == {"abs", "min", "max", "clip", "coalesce", "isnull", "notnull", "log10", "sqrt",
                              "round", "between", "binom_above"}
    assert all(doc.startswith(name + "(") for name, doc in FUNCTIONS.items())


# --- refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "needle", "offset"),
    [
        ("__import__('os')", "function '__import__' is not allowed", 0),
        ("x.__class__", "attribute access", 0),
        ("1 + x.real", "attribute access", 4),
        ("x[0]", "subscripts", 0),
        ("lambda: 1", "lambda", 0),
        ("[a for a in b]", "comprehensions", 0),
        ("sum(a for a in b)", "function 'sum' is not allowed", 0),
        ("abs(a for a in b)", "generator expressions", 3),
        ("open('f')", "function 'open' is not allowed", 0),
        ("eval('1')", "function 'eval' is not allowed", 0),
        ("getattr(x, 'y')", "function 'getattr' is not allowed", 0),
        ("f'{x}'", "f-strings", 0),
        ("min(x, key=y)", "keyword arguments", 7),
        ("max(*x)", "starred", 4),
        ("(x := 1)", "assignment expressions", 1),
        ("{1, 2}", "set displays", 0),
        ("{'a': 1}", "dict displays", 0),
        ("b'x' == name", "bytes constants", 0),
        ("x + 1j", "complex constants", 4),
        ("x.y()", "attribute access", 0),
        ("(lambda: 1)()", "lambda", 1),
        ("x(1)", "function 'x' is not allowed", 0),
        ("x is None", "'is'", 0),
        ("x == None", "isnull", 5),
        ("x & y", "use 'and'", 0),
        ("~x", "use 'not'", 0),
        ("(1, 2)", "only after 'in'", 0),
        ("x in y", "tuple or list of constants", 5),
        ("x in (1, y)", "only constants", 9),
        ("_x > 1", "'_'", 0),
        ("x > 0 and __builtins__", "'_'", 10),
        ("min(x)", "at least 2", 0),
        ("clip(x, 1)", "takes 3", 0),
        ("round(x, k)", "only constants", 9),
        ("x +", "syntax error", 3),
        ("x > > 1", "syntax error", 4),
    ],
)
def test_refused_constructs(text, needle, offset):
    error = refused(text)
    assert needle in error.message
    assert error.offset == offset
    assert str(error) == error.message
    assert f"(column {offset + 1})" in error.message


def test_await_and_yield_refused():
    assert "await is not allowed" in refused("await x").message
    assert "yield is not allowed" in refused("(yield x)").message
    assert "yield is not allowed" in refused("(yield from x)").message


def test_unknown_name_suggests_close_matches():
    error = refused("drop_rat > 0.1", columns=["drop_rate", "drop_rate_p", "tch_seizures"], params=[])
    assert "unknown name 'drop_rat'" in error.message
    assert "drop_rate" in error.message and "tch_seizures" not in error.message
    assert error.offset == 0
    error = refused("x > 1 and zzz", columns=["x"], params=[])
    assert "unknown name 'zzz'" in error.message and error.offset == 10


def test_function_name_without_call():
    assert "call it" in refused("min > 1").message


def test_param_column_collision():
    error = refused("x > 1", columns=["x", "y"], params=["y"])
    assert "'y' is both a column and a parameter" in error.message


def test_offsets_count_characters_not_bytes():
    error = refused("name == '中文' and x.y", columns=["name", "x"], params=[])
    assert error.offset == len("name == '中文' and ")


def test_deep_nesting_refused():
    assert compile_expr("-" * (MAX_DEPTH - 1) + "x", columns=["x"], params=[])
    for text in ("-" * (MAX_DEPTH + 5) + "x", "abs(" * 60 + "x" + ")" * 60, "not " * 400 + "x", "(" * 300 + "x" + ")" * 300):
        assert "nested" in refused(text, columns=["x"], params=[]).message or "syntax error" in refused(
            text, columns=["x"], params=[]
        ).message
    assert "nested deeper" in refused("-" * 1999 + "x", columns=["x"], params=[]).message


def test_too_long_and_empty_refused():
    assert "longer than 2000" in refused("x + " * 600 + "x", columns=["x"], params=[]).message
    assert "empty" in refused("   ", columns=["x"], params=[]).message
    assert isinstance(refused("x\0 > 1", columns=["x"], params=[]), ExprError)


def test_never_uses_eval_or_exec(frame, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec/compile must not be called")

    real_compile = builtins.compile

    def ast_only_compile(source, filename, mode, flags=0, *args, **kwargs):
        # ast.parse itself calls compile(..., PyCF_ONLY_AST); anything producing a code object is refused
        if not flags & ast.PyCF_ONLY_AST:
            raise AssertionError("compile() to a code object must not be called")
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    monkeypatch.setattr(builtins, "compile", ast_only_compile)
    monkeypatch.setattr(pd.DataFrame, "eval", forbidden)
    monkeypatch.setattr(pd.DataFrame, "query", forbidden)
    monkeypatch.setattr(pd, "eval", forbidden)
    text = "count >= k and x >= max(limit, 0.5 * y) and name in ('S01A',) or coalesce(y, 0) / 0 > 1"
    expr = compile_expr(text, columns=COLUMNS, params=PARAMS)
    result = expr(frame, PARAMS)
    assert result.dtype == bool and len(result) == 5
    with pytest.raises(ExprError):
        compile_expr("__import__('os').system('true')", columns=COLUMNS, params=PARAMS)


# ---------------------------------------------------------------- what the text alone shows (issue 15, item 9)

@pytest.mark.parametrize(
    "text, message",
    [
        ("'a' < 1", "cannot compare text with a number using '<' (column 7)"),
        ("1 >= 'a'", "cannot compare text with a number using '>=' (column 6)"),
        ("x < 1 < 'a'", "cannot compare text with a number using '<' (column 9)"),
        ("cell > 1", "cannot compare text with a number using '>' (column 8)"),  # a text parameter
        ("limit < cell", "cannot compare text with a number using '<' (column 9)"),
        ("'a' + 1 > 0", "'+' needs numbers, not text (column 1)"),
        ("-'a' > 0", "'-' needs numbers, not text (column 2)"),
        ("abs(cell) > 0", "abs() needs numbers, not text (column 5)"),
        ("between('a', 1, 2)", "cannot compare text with a number using '>=' (column 14)"),
        ("round(x, 10**20) > 0", "only constants are allowed here: '10**20' (column 10)"),
        ("round(x, 100000000000000000000) > 0", "round(x, n): n must be within ±15"),
        ("round(x, -16) > 0", "round(x, n): n must be within ±15"),
    ],
)
def test_type_errors_and_unbounded_work_are_refused_when_compiled(text, message):
    with pytest.raises(ExprError) as caught:
        compile_expr(text, columns=COLUMNS, params=PARAMS)
    assert message in str(caught.value)


@pytest.mark.parametrize("text", ["name == 1", "name < 'S02'", "cell == name", "x < limit", "coalesce(name, cell) == 'S01A'",
                                  "(x if up else 1) < 2", "round(x, 15) > 0", "round(x, -15) >= 0", "on < 2"])
def test_what_may_hold_either_kind_still_compiles(text, frame):
    compile_expr(text, columns=COLUMNS, params=PARAMS)(frame, PARAMS)


def test_a_column_of_text_compared_with_a_number_still_fails_when_run(frame):
    """A column's kind shows only in the data: the engine reports it as the rule's error."""
    with pytest.raises(ExprError, match="cannot compare text with a number"):
        run("name < 1", frame)


def test_binom_above_tests_counts_against_a_rate():
    frame = pd.DataFrame({"drops": [12.0, 60.0, 3.0, 1.0], "calls": [400.0, 2000.0, 0.0, 100.0]})
    p = compile_expr("binom_above(drops, calls, 0.02)", columns=["drops", "calls"], params=[])(frame, {}).to_numpy()
    assert 0.05 < p[0] < 0.2  # 3 % of 400 calls: a 2 % cell's chance
    assert p[1] < 0.01  # 3 % of 2000: not chance
    assert np.isnan(p[2])  # no trials
    assert 0.8 < p[3] <= 1.0  # below the rate
