"""`digest subscribers import` and `export` through the CLI runner, against real Redis."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.admin.csv_import import import_csv
from digest.store import Store
from tests.support.cli import fails, ok, run, snapshot

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


def _file(tmp_path: Path, text: str, name: str = "people.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def _people(slug: str) -> dict[str, tuple[str, str, dict[str, str]]]:
    return {s["email"]: (s["status"], s["name"], s["attrs"]) for s in ok("subscribers", "list", slug)}


def test_it_reads_bom_semicolons_quotes_and_blank_lines(morning: str, tmp_path: Path) -> None:
    text = (
        "\ufeffEmail;Name;City;Note\r\n"
        "ada@Example.COM;Ada Lovelace;London;\r\n"
        "\r\n"
        '"bob@example.com";"Bob; Jr.";"Izmir";"two\nlines"\r\n'
        "   \r\n"
        "zoë@example.com;Zoë;Oslo;\r\n"
    )
    report = ok("subscribers", "import", morning, _file(tmp_path, text))
    assert (report["rows"], report["added"], report["rejected_total"]) == (3, 3, 0)
    assert _people(morning) == {
        "ada@example.com": ("active", "Ada Lovelace", {"City": "London"}),
        "bob@example.com": ("active", "Bob; Jr.", {"City": "Izmir", "Note": "two\nlines"}),
        "zoë@example.com": ("active", "Zoë", {"City": "Oslo"}),
    }


def test_bad_rows_are_skipped_and_reported_and_good_rows_still_go_in(
    morning: str, tmp_path: Path, store: Store
) -> None:
    ok("suppress", "add", "blocked@example.com", "--reason", "bounced")
    text = (
        "email,name\n"
        "good1@example.com,One\n"
        "not-an-address,Two\n"
        "GOOD1@example.com,Case differs: another mailbox\n"
        "good1@EXAMPLE.com,Same mailbox again\n"
        "blocked@example.com,Blocked\n"
        'stray@example.com,"Quote"here\n'
        "wide@example.com,Wide,extra\n"
        "good2@example.com,Two\n"
    )
    rejects = tmp_path / "rejects.csv"
    report = ok("subscribers", "import", morning, _file(tmp_path, text), "--rejects", str(rejects))
    assert report["added"] == 3
    assert report["rejected"] == {"invalid": 1, "duplicate": 1, "suppressed": 1, "malformed": 2}
    assert sorted(_people(morning)) == ["GOOD1@example.com", "good1@example.com", "good2@example.com"]
    with rejects.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["row", "reason", "raw"]
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ("3", "not-an-address,Two"),
        ("5", "good1@EXAMPLE.com,Same mailbox again"),
        ("6", "blocked@example.com,Blocked"),
        ("7", 'stray@example.com,"Quote"here'),
        ("8", "wide@example.com,Wide,extra"),
    ]
    reasons = [r[1] for r in rows[1:]]
    assert reasons[0].startswith("invalid address:") and reasons[1] == "duplicate of row 2"
    assert reasons[2] == "suppressed (bounced)" and "check the quotes" in reasons[3]
    assert "3 fields where the header has 2" in reasons[4]
    human = run("subscribers", "import", morning, _file(tmp_path, text))
    assert "row 5, good1@example.com: duplicate of row 2" in human.output and "skipped 5 rows" in human.output


def test_running_the_same_file_again_changes_nothing(morning: str, tmp_path: Path, store: Store) -> None:
    path = _file(
        tmp_path, "email,name,plan\na@example.com,A,pro\nb@example.com,,free\nbad,,\nb@example.com,B,\n"
    )
    first = ok("subscribers", "import", morning, path)
    before = snapshot(store)
    again = ok("subscribers", "import", morning, path)
    assert snapshot(store) == before
    assert (first["added"], again["added"], again["unchanged"], again["details_filled"]) == (2, 0, 2, 0)
    assert again["rejected"] == first["rejected"] == {"invalid": 1, "duplicate": 1}


def test_an_import_never_changes_the_standing_of_someone_on_the_list(morning: str, tmp_path: Path) -> None:
    ok("subscribers", "add", morning, "left@example.com", "--status", "unsubscribed")
    ok("subscribers", "add", morning, "bounced@example.com", "--status", "bounced")
    ok("subscribers", "add", morning, "waiting@example.com", "--status", "pending", "--name", "On file")
    path = _file(
        tmp_path, "email,name\nleft@example.com,L\nbounced@example.com,B\nwaiting@example.com,New name\n"
    )
    report = ok("subscribers", "import", morning, path)
    assert report["kept"] == {"unsubscribed": 1, "bounced": 1, "pending": 1} and report["added"] == 0
    people = _people(morning)
    assert people["left@example.com"][0] == "unsubscribed" and people["bounced@example.com"][0] == "bounced"
    assert people["waiting@example.com"][:2] == ("pending", "On file")  # what is on file wins
    assert people["left@example.com"][1] == "L"  # a missing name is filled in

    again = ok("subscribers", "import", morning, path, "--resubscribe")
    assert again["resubscribed"] == 1 and again["kept"] == {"bounced": 1, "pending": 1}
    assert _people(morning)["left@example.com"][0] == "active"
    assert ok("subscribers", "count", morning)["active"] == 1


def test_it_imports_as_pending_when_asked(morning: str, tmp_path: Path) -> None:
    ok("subscribers", "import", morning, _file(tmp_path, "email\na@example.com\n"), "--status", "pending")
    assert _people(morning)["a@example.com"][0] == "pending"
    assert ok("subscribers", "count", morning)["pending"] == 1


def test_a_dry_run_reports_what_a_real_run_does_and_writes_nothing(
    morning: str, tmp_path: Path, store: Store
) -> None:
    ok("subscribers", "add", morning, "old@example.com", "--status", "unsubscribed")
    path = _file(tmp_path, "email\nold@example.com\nnew@example.com\nnew@example.com\nbad\n")
    before = snapshot(store)
    dry = ok("subscribers", "import", morning, path, "--dry-run")
    assert snapshot(store) == before
    real = ok("subscribers", "import", morning, path)
    assert dry["dry_run"] and not real["dry_run"]
    assert {k: v for k, v in dry.items() if k != "dry_run"} == {
        k: v for k, v in real.items() if k != "dry_run"
    }
    assert "dry run: nothing was written" in run("subscribers", "import", morning, path, "--dry-run").output


def test_a_file_that_is_not_utf8_is_refused_whole(morning: str, tmp_path: Path, store: Store) -> None:
    before = snapshot(store)
    latin = _file(tmp_path, "email,name\na@example.com,A\nb@example.com,Zoé\n", encoding="latin-1")
    message = fails("subscribers", "import", morning, latin)
    assert "is not UTF-8 (byte 0xe9 on line 3)" in message and "nothing was imported" in message
    utf16 = _file(tmp_path, "email\na@example.com\n", name="u16.csv", encoding="utf-16")
    assert "is UTF-16: save it as 'CSV UTF-8'" in fails("subscribers", "import", morning, utf16)
    assert snapshot(store) == before


def test_an_unclosed_quote_is_reported_with_the_rows_it_swallowed(morning: str, tmp_path: Path) -> None:
    path = _file(tmp_path, 'email,name\na@example.com,A\nb@example.com,"B\nc@example.com,C\n')
    report = ok("subscribers", "import", morning, path)
    assert report["added"] == 1 and report["rejected"] == {"malformed": 1}
    [reject] = report["rejects"]
    assert reject["row"] == 3 and "a quote is never closed" in reject["reason"]
    assert "c@example.com" in reject["raw"]  # the swallowed row is shown, not silently lost


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,city\nAda,London\n", "has no 'email' column in its first row (found: name, city)"),
        ("", "is empty"),
        ("\n\n", "is empty"),
        ("email,name,name\n", "column 'name' appears twice"),
        ("email,,city\n", "column 2 of the header has no name"),
    ],
)
def test_a_file_without_a_usable_header_is_refused(
    morning: str, tmp_path: Path, text: str, message: str
) -> None:
    assert message in fails("subscribers", "import", morning, _file(tmp_path, text))


def test_import_refuses_an_unknown_list_or_a_missing_file(morning: str, tmp_path: Path) -> None:
    path = _file(tmp_path, "email\na@example.com\n")
    assert "no list 'nosuch'" in fails("subscribers", "import", "nosuch", path)
    assert "is not a readable file" in fails("subscribers", "import", morning, str(tmp_path / "missing.csv"))


def test_export_round_trips_with_import(morning: str, tmp_path: Path) -> None:
    ok("lists", "create", "copy", "--name", "Copy", "--from", "c@example.com")
    text = 'email,name,city,plan\na@example.com,"Lovelace, Ada",London,\nb@example.com,,,"pro ""plus"""\n'
    ok("subscribers", "import", morning, _file(tmp_path, text))
    ok("subscribers", "add", morning, "gone@example.com", "--status", "unsubscribed")
    exported = run("subscribers", "export", morning, "--status", "active")
    assert exported.exit_code == 0 and "exported 2 subscribers" in exported.stderr
    assert exported.stdout.splitlines()[0] == "email,name,city,plan"
    ok("subscribers", "import", "copy", _file(tmp_path, exported.stdout, name="out.csv"))
    assert _people("copy") == {k: v for k, v in _people(morning).items() if v[0] == "active"}
    assert run("subscribers", "export", "copy").stdout == exported.stdout


def test_duplicates_are_found_across_batches_and_temporary_keys_go(
    morning: str, tmp_path: Path, store: Store
) -> None:
    path = tmp_path / "big.csv"
    path.write_text("email\n" + "".join(f"p{i % 7}@example.com\n" for i in range(20)), encoding="utf-8")
    progressed: list[int] = []
    report = import_csv(
        store, morning, path, now=datetime.now(UTC), batch_rows=3, on_progress=progressed.append
    )
    assert (report.added, report.rejected["duplicate"]) == (7, 13)
    assert sum(progressed) == len(path.read_text()) - len("email\n")
    assert not [k for k in snapshot(store) if ":import:" in k]


def test_the_report_counts_rows_rightly_names_each_rejected_address_and_keeps_lines_whole(
    morning: str, tmp_path: Path
) -> None:
    text = (
        "email,name\n"
        "good1@example.com,One\n"
        "[red]evil[/red],Markup in the address\n"
        "good1@example.com,Twice\n"
        "wide@example.com,Wide,extra,fields,that,make,the,reason,long\n"
        "good2@example.com,Two\n"
    )
    human = run("subscribers", "import", morning, _file(tmp_path, text), code=0).output
    first = human.splitlines()[0]
    assert "5 rows" in first and "2 added" in first and "3 skipped" in first, human
    assert "imported 5 rows" not in first
    lines = human.splitlines()
    assert any("row 3" in line and "[red]evil[/red]" in line and "invalid address" in line for line in lines)
    assert any(
        "row 4" in line and "good1@example.com" in line and "duplicate of row 2" in line for line in lines
    )
    assert any(
        "row 5" in line and "wide@example.com" in line and "separator and quotes" in line for line in lines
    )
    one = run(
        "subscribers", "import", morning, _file(tmp_path, "email\nsolo@example.com\n", "one.csv"), code=0
    )
    assert "1 row " in one.output and "1 rows" not in one.output, one.output


def test_export_counts_what_it_wrote_in_words_that_agree(morning: str) -> None:
    ok("subscribers", "add", morning, "solo@example.com")
    assert run("subscribers", "export", morning, code=0).stderr.strip() == "exported 1 subscriber of morning"


def test_a_long_reason_stays_on_one_line_when_the_report_goes_to_a_file_or_pipe(
    morning: str, tmp_path: Path
) -> None:
    long_address = "reader.at.example.com." * 5  # no @-sign
    human = run("subscribers", "import", morning, _file(tmp_path, f"email\n{long_address}\n"), code=0).output
    [line] = [line for line in human.splitlines() if "row 2" in line]
    assert long_address in line and line.rstrip().endswith("must have an @-sign.") and len(line) > 80, human
