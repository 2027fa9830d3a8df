"""Safe YAML loading with the line of every key and list item."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from netdiag.yamlsource import MAX_ALIASES, YamlError, line_of, load_yaml

RULE = textwrap.dedent(
    """\
    id: high_drop
    parameters:
      min_calls:
        default: 300
        description: "seizures"
      alpha: {default: 0.01, description: p-value}
    condition: >-
      tch_seizures >= min_calls
      and drop_p < alpha
    tests:
      - cell: S0001A
        expect: true
      - cell: S0002B

        expect: false
      - [1, 2]
    """
)


def test_data_is_safe_load_data():
    data, _ = load_yaml(RULE, "r.yaml")
    assert data["parameters"]["min_calls"] == {"default": 300, "description": "seizures"}
    assert data["parameters"]["alpha"]["default"] == 0.01
    assert data["condition"] == "tch_seizures >= min_calls and drop_p < alpha"
    assert data["tests"][1] == {"cell": "S0002B", "expect": False}


def test_lines_of_nested_keys():
    _, lines = load_yaml(RULE, "r.yaml")
    assert lines[("id",)] == 1
    assert lines[("parameters",)] == 2
    assert lines[("parameters", "min_calls")] == 3
    assert lines[("parameters", "min_calls", "default")] == 4
    assert lines[("parameters", "min_calls", "description")] == 5
    assert lines[("parameters", "alpha", "description")] == 6
    assert lines[("condition",)] == 7


def test_lines_of_list_items():
    _, lines = load_yaml(RULE, "r.yaml")
    assert lines[("tests",)] == 10
    assert lines[("tests", 0)] == 11
    assert lines[("tests", 0, "expect")] == 12
    assert lines[("tests", 1)] == 13
    assert lines[("tests", 1, "expect")] == 15
    assert lines[("tests", 2)] == 16
    assert lines[("tests", 2, 1)] == 16


def test_line_of_uses_longest_prefix():
    _, lines = load_yaml(RULE, "r.yaml")
    assert line_of(lines, ("parameters", "min_calls", "default")) == 4
    # pydantic adds entries of its own (union members, "[key]")
    assert line_of(lines, ("parameters", "min_calls", "default", "float")) == 4
    assert line_of(lines, ["tests", 1, "expect", "bool"]) == 15
    assert line_of(lines, ("parameters", "nope", "default")) == 2
    assert line_of(lines, ("unknown_key",)) is None
    assert line_of(lines, ()) is None
    assert line_of({}, ("id",)) is None


def test_duplicate_key_reported_at_second_key():
    text = "id: a\nparameters:\n  x: {default: 1}\n  y: 2\n  x: 3\n"
    with pytest.raises(YamlError) as info:
        load_yaml(text, "dup.yaml")
    assert info.value.line == 5
    assert info.value.path == "dup.yaml"
    assert "duplicate key 'x'" in info.value.message
    assert str(info.value) == f"dup.yaml:5: {info.value.message}"


def test_same_key_in_different_mappings_is_fine():
    data, lines = load_yaml("a: {x: 1}\nb:\n  x: 2\n", "ok.yaml")
    assert data == {"a": {"x": 1}, "b": {"x": 2}}
    assert lines[("b", "x")] == 3


def test_syntax_error_has_line():
    with pytest.raises(YamlError) as info:
        load_yaml("id: a\ncondition: x > 1\n  level: cell\n", "bad.yaml")
    assert info.value.line == 3
    assert str(info.value).startswith("bad.yaml:3: invalid YAML")
    with pytest.raises(YamlError) as info:
        load_yaml("a: 1\nb: [1, 2\nc: 3\n", "bad.yaml")
    assert info.value.line in (3, 4)


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hacked']\n",
        "a: !!python/name:os.system\n",
        "!!python/object:collections.OrderedDict {}\n",
        "a: 1\nb: !custom 2\n",
    ],
)
def test_python_and_unknown_tags_refused(text):
    with pytest.raises(YamlError) as info:
        load_yaml(text, "evil.yaml")
    assert info.value.line == text.count("\n", 0, text.index("!")) + 1
    assert "constructor" in info.value.message


def test_python_tag_as_a_key_refused():
    with pytest.raises(YamlError):
        load_yaml("? !!python/object/apply:os.system ['echo hacked']\n: 1\n", "evil.yaml")


def test_alias_bomb_refused():
    # the "billion laughs": 9 aliases per level, 9 levels
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        name, prev = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(YamlError, match="aliases expand"):
        load_yaml("\n".join(lines) + "\n", "bomb.yaml")


def test_too_many_aliases_refused():
    text = "x: &x 1\ny: [" + ", ".join(["*x"] * (MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(YamlError, match=f"more than {MAX_ALIASES} aliases") as info:
        load_yaml(text, "many.yaml")
    assert info.value.line == 2


def test_modest_aliases_and_merge_keys_allowed():
    text = "base: &b {default: 1, description: d}\nparameters:\n  x: *b\n  y:\n    <<: *b\n    default: 2\n"
    data, lines = load_yaml(text, "ok.yaml")
    assert data["parameters"]["x"] == {"default": 1, "description": "d"}
    assert data["parameters"]["y"] == {"default": 2, "description": "d"}
    assert lines[("parameters", "y", "default")] == 6


def test_recursive_alias_refused():
    with pytest.raises(YamlError, match="recursive"):
        load_yaml("a: &a [1, *a]\n", "loop.yaml")


def test_large_document_refused():
    text = "a: '" + "x" * (1024 * 1024) + "'\n"
    with pytest.raises(YamlError, match="larger than 1 MB"):
        load_yaml(text, "big.yaml")


def test_deep_nesting_is_a_yaml_error():
    with pytest.raises(YamlError):
        load_yaml("a: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")


def test_deep_nesting_names_the_line_where_it_goes_deepest():
    """Issue 15, item 7: the error had no line (a profile or lexicon is edited by hand)."""
    block = "rules:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(600)) + "  " * 601 + "end\n"
    text = "# an operator's profile\n" + block + "other: 1\n"
    with pytest.raises(YamlError) as info:
        load_yaml(text, "deep.yaml")
    assert str(info.value) == "deep.yaml:602: YAML nested too deeply (601 levels)"
    with pytest.raises(YamlError, match=r"^flow.yaml:3: YAML nested too deeply \(3001 levels\)$"):
        load_yaml("a: 1\nb: 2\nc: " + "[" * 3000 + "]" * 3000 + "\n", "flow.yaml")


def test_control_character_and_multiple_documents():
    with pytest.raises(YamlError) as info:
        load_yaml("a: 1\nb: \x01\n", "ctl.yaml")
    assert info.value.line == 2
    with pytest.raises(YamlError, match="single document"):
        load_yaml("a: 1\n---\nb: 2\n", "two.yaml")


def test_empty_document():
    assert load_yaml("", "empty.yaml") == (None, {})
    assert load_yaml("# only a comment\n", "empty.yaml") == (None, {})


def test_error_without_line_formats_without_it():
    assert str(YamlError("f.yaml", None, "boom")) == "f.yaml: boom"
    assert str(YamlError("f.yaml", 3, "boom")) == "f.yaml:3: boom"
    assert isinstance(YamlError("f.yaml", 3, "boom"), ValueError)


def test_libyaml_and_python_compose_the_same_data_and_lines(monkeypatch):
    rule_files = sorted((Path(__file__).resolve().parents[1] / "rules").glob("*.yaml"))
    fast = [load_yaml(p.read_text(encoding="utf-8"), str(p)) for p in rule_files]
    monkeypatch.delattr(yaml, "CSafeLoader")
    slow = [load_yaml(p.read_text(encoding="utf-8"), str(p)) for p in rule_files]
    assert fast == slow and len(fast) == 37
