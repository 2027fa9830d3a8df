"""A library user may name folders as text: `Inputs(data="exports")` (it ended in a TypeError)."""

from pathlib import Path

from netdiag import Inputs


def test_paths_given_as_text_are_paths():
    inputs = Inputs(data="exports", profile="netdiag.yaml", rules=("rules.yaml",))
    assert inputs.data == Path("exports") and inputs.profile == Path("netdiag.yaml")
    assert inputs.rules == (Path("rules.yaml"),) and inputs.root == Path("exports")
    assert Inputs(store="history").store == Path("history")
