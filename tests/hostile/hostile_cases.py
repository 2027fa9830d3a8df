"""The hostile corpus: inputs an attacker, a broken disk or a careless export would hand netdiag, each
with the commands to run on it and what must come out (issue 15).

Each case is a function registered with @case: given an empty folder and a small clean network
(BASE, generated once), it writes its hostile inputs there and returns the steps to run, each the
real command line with the exit code and the one `netdiag: error:` line (or the notes) it must give.
test_hostile.py runs every step in a subprocess under a memory limit and checks that nothing given as
input changed. A new kind of hostile input is one more function here.

    python tests/hostile/hostile_cases.py OUT      writes every case's files and a commands.txt to OUT/<case>/
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# The clean network every case starts from: small, so that each command runs in a few seconds.
BASE_CELLS, BASE_HOURS, BASE_FAULTS = 60, 4, ["trx_short_hold", "paging_barred"]
DAY = "2026-11-20"


@dataclass
class Step:
    """One command line (netdiag's arguments) and what it must give."""

    args: list[str]
    exit: int = 2
    error: str | None = None  # regex the one `netdiag: error:` line must match; None: no error line
    notes: list[str] = field(default_factory=list)  # regexes some stderr line must match
    stdout: Callable[[str], None] | None = None  # raises AssertionError when stdout is wrong
    untouched: list[Path] | None = None  # files and folders that must not change (None: the case's inputs)


@dataclass
class Case:
    name: str
    item: int  # the item of issue 15 it checks
    build: Callable[[Path, Path], tuple[list[Path], list[Step]]]  # (root, base) -> (inputs, steps)
    needs: Callable[[], bool] = lambda: True  # whether this machine can stage it (e.g. /dev/full)


CASES: dict[str, Case] = {}


def case(name: str, item: int, needs: Callable[[], bool] = lambda: True):
    def register(build: Callable[[Path, Path], tuple[list[Path], list[Step]]]):
        CASES[name] = Case(name, item, build, needs)
        return build

    return register


def make_base(folder: Path) -> Path:
    """The clean network the cases start from."""
    from netdiag.sample import generate_network

    generate_network(folder, cells=BASE_CELLS, hours=BASE_HOURS, seed=5, faults=BASE_FAULTS)
    (folder / "truth.csv").unlink()  # (not an export)
    (folder / "README.md").unlink()
    return folder


def data_copy(base: Path, root: Path, name: str = "data") -> Path:
    target = root / name
    shutil.copytree(base, target)
    return target


def store_of(base: Path, root: Path) -> Path:
    """A history store holding the base network (made with the library: the case is what follows)."""
    from netdiag.store import import_exports

    store = root / "store"
    import_exports(base, store)
    return store


def json_check(check: Callable[[dict], bool], what: str) -> Callable[[str], None]:
    def verify(stdout: str) -> None:
        import json

        document = json.loads(stdout)
        assert check(document), f"{what}: {stdout[:2000]}"

    return verify


# -- item 6: a damaged store ---------------------------------------------------------------------


@case("store_truncated_part", item=6)
def _(root: Path, base: Path):
    data, store = data_copy(base, root), store_of(base, root)
    part = next((store / "cell_kpi" / f"date={DAY}").glob("*.parquet"))
    with open(part, "r+b") as handle:
        handle.truncate(part.stat().st_size // 2)  # a copy cut short, a disk that filled up
    damaged = rf"{re.escape(str(part))}: damaged store part \(.*\); import the exports of cell_kpi {DAY} again with .*--force --replace"
    return [data], [
        Step(["scan", "--store", str(store), "--days", "1"], error=damaged, untouched=[data, store]),
        Step(["triage", "--store", str(store), "--days", "1", "--cell", "S0001A", "--symptom", "call_drop"], error=damaged,
             untouched=[data, store]),
        Step(["import", str(data), "--store", str(store), "--force"], error=damaged, untouched=[data, store]),  # merging would lose rows
        Step(["import", str(data), "--store", str(store), "--force", "--replace"], exit=0,
             notes=[rf"cell_kpi {DAY}: the damaged part .* is replaced"], untouched=[data]),
        Step(["scan", "--store", str(store), "--days", "1", "--format", "json"], exit=1,
             stdout=json_check(lambda d: len(d["findings"]) > 0, "the repaired store scans")),
    ]


# -- item 7: a full disk, a cell configured twice, YAML nested too deeply -----------------------


@case("store_disk_full", item=7, needs=lambda: os.path.exists("/dev/full"))
def _(root: Path, base: Path):
    data, store = data_copy(base, root), root / "store"
    store.mkdir()
    os.symlink("/dev/full", store / "manifest.json.tmp")  # the manifest is written there: ENOSPC
    return [data], [
        Step(["import", str(data), "--store", str(store)],
             error=rf"{re.escape(str(store))}: cannot write the store: No space left on device.*; nothing was imported, the store is as it was$",
             untouched=[data]),
        Step(["scan", "--store", str(store)], error=rf"{re.escape(str(store))}: not a netdiag store"),  # nothing half-written to read
    ]


@case("duplicate_cell", item=7)
def _(root: Path, base: Path):
    data = data_copy(base, root)
    lines = (data / "cells.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "cells.csv").write_text("".join(lines + [lines[3]]), encoding="utf-8")
    cell = lines[3].split(",")[0]
    return [data], [Step(["scan", str(data)],
                         error=rf"{re.escape(str(data / 'cells.csv'))}:{len(lines) + 1}: cell '{cell}' is configured more than once \(first at line 4\)$")]


@case("yaml_nested_too_deeply", item=7)
def _(root: Path, base: Path):
    data = data_copy(base, root)
    profile = root / "profile.yaml"
    profile.write_text("# an operator's profile\nrules:\n  high_drop_cell: " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    return [data, profile], [Step(["scan", str(data), "--profile", str(profile)],
                                  error=rf"{re.escape(str(profile))}:3: YAML nested too deeply \(2002 levels\)$")]


# -- item 9: bad rules ---------------------------------------------------------------------------

RULE = """\
id: {id}
cause: paging_barred
level: cell
parameters:
  limit: {{default: 1, description: "a limit"}}
condition: {condition}
severity: high
evidence: [paging_barred]
title: {{zh: "寻呼 {title}", en: "paging {title}"}}
"""


def rule_folder(root: Path, rule_id: str, condition: str = "paging_barred >= limit", title: str = "{paging_barred}") -> Path:
    folder = root / "rules"
    folder.mkdir()
    (folder / f"{rule_id}.yaml").write_text(RULE.format(id=rule_id, condition=condition, title=title), encoding="utf-8")
    return folder


def bad_rule_case(rule_id: str, message: str, **rule: str):
    def build(root: Path, base: Path):
        data, rules = data_copy(base, root), rule_folder(root, rule_id, **rule)
        path = rules / f"{rule_id}.yaml"
        return [data, rules], [
            Step(["rules", "check", str(rules)], exit=1, stdout=_names(f"{path}:", message)),
            Step(["scan", str(data), "--rules", str(rules)], error=rf"{re.escape(str(path))}:\d+: .*{message}"),  # refused before the scan
        ]

    return build


def _names(where: str, message: str) -> Callable[[str], None]:
    def verify(stdout: str) -> None:
        import re

        assert any(line.startswith(where) and re.search(message, line) for line in stdout.splitlines()), stdout

    return verify


case("rule_text_against_number", item=9)(bad_rule_case(
    "text_number", "cannot compare text with a number", condition="paging_barred >= limit and 'a' < 1"))
case("rule_round_overflow", item=9)(bad_rule_case(
    "round_big", "within ±15", condition="round(paging_barred, 100000000000000000000) >= limit"))
case("rule_title_width_bomb", item=9)(bad_rule_case(
    "title_bomb", "a width of at most 40", title="{paging_barred:>999999999999}"))


@case("rule_failing_at_run_time", item=9)
def _(root: Path, base: Path):
    data = data_copy(base, root)
    rules = root / "rules"
    from netdiag.rules.loader import default_rules_dir

    shutil.copytree(default_rules_dir(), rules)
    (rules / "text_cell.yaml").write_text(RULE.format(id="text_cell", condition="cell < limit", title="{paging_barred}"),
                                         encoding="utf-8")
    return [data, rules], [Step(
        ["scan", str(data), "--rules", str(rules), "--format", "json"], exit=1,
        notes=[r"note: rule text_cell failed \(.*text_cell.yaml\): cannot compare text with a number using '<'"],
        stdout=json_check(lambda d: d["findings"] and [s["rule"] for s in d["skipped_rules"] if "error" in s] == ["text_cell"],
                          "the other rules' findings, the failed rule listed"),
    )]


# -- items 10 and 11: tickets and places ---------------------------------------------------------


def tickets_case(rows: list[str], check: Callable[[dict], bool], what: str):
    def build(root: Path, base: Path):
        data = data_copy(base, root)
        tickets = root / "tickets.csv"
        tickets.write_text("complaint_id,occurred_at,symptom,cell,lat,lon\n" + "\n".join(rows) + "\n", encoding="utf-8")
        return [data, tickets], [Step(["triage", str(data), "--complaints", str(tickets), "--format", "json", "--lang", "en"],
                                      exit=0, stdout=json_check(lambda d: check({r["complaint_id"]: r for r in d["complaints"]}), what))]

    return build


case("ticket_unreadable_values", item=10)(tickets_case(
    [f"G1,{DAY} 02:00,call_drop,S0001A,,", "B1,next tuesday,call_drop,S0001A,,", f"B2,{DAY} 02:00,call_drop,,abc,114.2",
     f"G2,{DAY} 02:00,call_drop,S0002A,,"],
    lambda rows: list(rows) == ["G1", "B1", "B2", "G2"] and rows["B1"]["verdict"] == rows["B2"]["verdict"] == "error"
    and "cannot read 'next tuesday' as a time" in rows["B1"]["note"] and "column lat: cannot read 'abc'" in rows["B2"]["note"]
    and rows["G1"]["verdict"] != "error" and rows["G2"]["verdict"] != "error",
    "bad tickets say why in their rows, the good ones are triaged"))
case("ticket_swapped_and_far_spots", item=11)(tickets_case(
    [f"S1,{DAY} 02:00,no_coverage,,114.27,30.58", f"Z1,{DAY} 02:00,no_coverage,,0,0", f"F1,{DAY} 02:00,call_drop,,31.5,115.9"],
    lambda rows: rows["S1"]["verdict"] == "error" and "swapped?" in rows["S1"]["note"]
    and rows["Z1"]["verdict"] == rows["F1"]["verdict"] == "no_evidence" and "out of area" in rows["F1"]["note"],
    "never a confident coverage gap or 'normal' for a place off the network"))


@case("spot_out_of_area", item=11)
def _(root: Path, base: Path):
    data = data_copy(base, root)
    out = json_check(lambda d: d["verdict"] == "no_evidence" and d["missing"][0]["what"] == "coverage"
                     and d["missing"][0]["distance_m"] > 35_000 and not d["causes"], "out of area, with the nearest cell")
    return [data], [
        Step(["triage", str(data), "--at", "0,0", "--symptom", "no_coverage", "--format", "json"], exit=0, stdout=out),
        Step(["triage", str(data), "--at", "114.27,30.58", "--symptom", "no_coverage"],
             error=r"--at '114.27,30.58': latitude must be within ±90 and longitude within ±180 \(latitude and longitude swapped\?\)"),
    ]


# -- item 12: the README's own sample ------------------------------------------------------------


@case("sample_300_cells", item=12)
def _(root: Path, base: Path):
    out = root / "out"
    return [], [
        Step(["sample", str(out), "--cells", "300", "--hours", "4", "--seed", "7"], exit=0, notes=[r"wrote .* injected faults"]),
        Step(["sample", str(root / "named"), "--cells", "60", "--hours", "4", "--faults", "paging_bared"],
             error=r"no fault 'paging_bared' can be injected; did you mean paging_barred\?"),
    ]


@case("sample_disk_full", item=7, needs=lambda: os.path.exists("/dev/full"))
def _(root: Path, base: Path):
    out = root / "out"
    out.mkdir()
    os.symlink("/dev/full", out / "cells.csv")  # the first file written fills the disk
    return [], [Step(["sample", str(out), "--cells", "60", "--hours", "4"],
                     error=rf"{re.escape(str(out))}: cannot write the sample network: No space left on device$")]


def write_corpus(target: Path) -> None:
    """Every case's inputs in target/<case>/, with the commands to run in commands.txt."""
    base = make_base(target / "_base")
    for name, hostile in CASES.items():
        if not hostile.needs():
            continue
        root = target / name
        root.mkdir(parents=True)
        _, steps = hostile.build(root, base)
        lines = [f"# issue 15, item {hostile.item}"]
        lines += [" ".join(["netdiag", *step.args]) + f"    # exit {step.exit}" for step in steps]
        (root / "commands.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]))
