"""The output helpers every command prints through: one date format, one way to count, and stored data
shown as written: rich markup in a feed title is text, not a command to rich, and terminal control
sequences in names never reach the operator's terminal."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.cli.output import plain, plural, safe, when
from tests.support.cli import fails, run
from tests.support.feedserver import Reply, Server, serve

MARKUP = "Rich [/nope] [bold red]x"
# ESC (an OSC title change and a CSI colour), BEL, NUL, DEL and C1's single-byte CSI.
CONTROLS = "\x1b]0;owned\x07\x1b[31m\x00\x7f\x9b2J"
PAGE_CONTROLS = "\x1b[31m\x7f\x9b2J"  # lxml reads no page past a NUL or BEL: that is another story
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _feed(base: str) -> bytes:
    # XML 1.0 forbids C0 controls even as references, so the feed carries C1's CSI (which it allows).
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{MARKUP}</title><link>{base}/</link>
<item><title>Item [/] \x9b31m one</title><link>{base}/page</link><guid>i-1</guid>
<description>Summary [/bold] of the item, long enough to be its summary. \x9b2J It goes on.</description>
</item><item><title>Second [i] item</title><link>{base}/other</link><guid>i-2</guid>
<description>Another summary, long enough to be a summary of its own. It goes on and on.</description>
</item></channel></rss>""".encode()


@pytest.fixture
def hostile_feed(morning: str) -> Iterator[Server]:
    with serve({}) as server:
        server.routes["/feed.xml"] = Reply(
            body=_feed(server.base), headers={"Content-Type": "application/rss+xml"}
        )
        server.routes["/page"] = Reply(404)
        server.routes["/other"] = Reply(404)
        yield server


def _shown(*args: str) -> str:
    """A command's human output: it must succeed, keep the data's markup as text, and carry no control."""
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert not _RAW_CONTROL.search(result.output), repr(result.output)
    return result.output


def test_a_feed_titled_with_markup_is_shown_as_written_by_every_feed_command(hostile_feed: Server) -> None:
    url = f"{hostile_feed.base}/feed.xml"
    assert MARKUP in _shown("feeds", "add", "morning", url)
    assert "Rich [/nope]" in _shown("feeds", "list", "morning")
    assert MARKUP in _shown("feeds", "poll", "morning", "--force", "-v")  # a line per feed with -v
    listed = _shown("articles", "list", "morning")
    assert "Item [/]" in listed and "Summary [/bold]" in listed


def test_names_with_markup_and_terminal_escapes_are_shown_without_them(
    morning: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # a table cell wraps long data at the default 80
    name = f"{MARKUP} {CONTROLS} :thumbs_up:"
    _shown("lists", "update", "morning", "--name", name, "--description", CONTROLS)
    _shown("subscribers", "add", "morning", "ada@example.com", "--name", name, "--attr", f"city={CONTROLS}")
    _shown("suppress", "add", "bad@example.com", "--note", name)
    for args in (
        ("lists", "list"),
        ("lists", "show", "morning"),
        ("subscribers", "list", "morning"),
        ("subscribers", "show", "ada@example.com"),
        ("suppress", "list"),
    ):
        shown = _shown(*args)
        assert "Rich [/nope]" in shown, args
        assert ":thumbs_up:" in shown or "thumbs" in shown, args  # rich's emoji codes stay text
    page = tmp_path / "page.html"
    sentences = " ".join(f"Sentence {n} says [/] and [bold] plainly {PAGE_CONTROLS} here." for n in range(12))
    page.write_text(
        f"<html><head><title>{MARKUP}</title></head><body><article><h1>{MARKUP}</h1>"
        f"<p>{sentences}</p></article></body></html>"
    )
    shown = _shown("highlights", str(page))
    assert MARKUP in shown and "says [/] and [bold]" in shown


def test_json_output_keeps_the_data_exact_with_no_raw_control_character(morning: str) -> None:
    run("suppress", "add", "bad@example.com", "--note", f"{MARKUP} {CONTROLS}", code=0)
    result = run("suppress", "list", "--json", code=0)
    assert not _RAW_CONTROL.search(result.output), repr(result.output)
    (entry,) = json.loads(result.output)
    assert entry["note"] == f"{MARKUP} {CONTROLS}"


def test_an_error_line_carries_no_control_character_from_the_input(morning: str) -> None:
    line = fails("subscribers", "add", "morning", f"\x1b[2J{CONTROLS}@")
    assert not _RAW_CONTROL.search(line)
    line = fails("lists", "show", f"x\x1b[31m{CONTROLS}")
    assert not _RAW_CONTROL.search(line) and "x" in line


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Rich [/nope]", "Rich [/nope]"),
        ("ends in a backslash \\", "ends in a backslash \\"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("bell\x07 nul\x00 del\x7f csi\x9b", "bell nul del csi"),
        ("two\nlines\tand tab", "two lines and tab"),
        ("right-to-left \u202eevil", "right-to-left evil"),
    ],
)
def test_safe_text_is_printed_by_rich_exactly_as_plain_shows_it(data: str, text: str) -> None:
    from io import StringIO

    from rich.console import Console

    assert plain(data) == text
    out = StringIO()
    Console(file=out, width=200, emoji=False).print(f"[bold]{safe(data)}[/] after")
    assert out.getvalue() == f"{text} after\n"


def test_issue_schedule_and_import_commands_show_hostile_data_as_written(
    hostile_feed: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    _shown("lists", "update", "morning", "--name", MARKUP)
    _shown("subscribers", "add", "morning", "ada@example.com", "--name", MARKUP)
    _shown("feeds", "add", "morning", f"{hostile_feed.base}/feed.xml")
    _shown("feeds", "poll", "morning")
    assert "Rich [/nope]" in _shown("issue", "preview", "morning", "--out", str(tmp_path))
    assert "Rich [/nope]" in _shown("issue", "send", "morning", "--inline")
    assert "Rich [/nope]" in _shown("issue", "list", "morning")
    shown = _shown("issue", "show", "morning-1")
    assert "Rich [/nope]" in shown and "Item [/]" in shown
    assert "Rich [/nope]" in _shown("issue", "status", "morning-1")
    _shown("schedule", "set", "morning", "daily 07:00", "--edition", "weekly")
    _shown("schedule", "show", "morning")
    _shown("schedule", "list")
    _shown("subscribers", "count", "morning")
    people = tmp_path / "people.csv"
    people.write_text("email,name\n[/nope]@,x\nbob@example.com,[/b] Bob\n", encoding="utf-8")
    assert "row 2" in _shown("subscribers", "import", "morning", str(people))
    assert "Rich [/nope]" in _shown("feeds", "remove", "morning", f"{hostile_feed.base}/feed.xml")
    _shown("subscribers", "forget", "bob@example.com", "--yes")
    _shown("lists", "delete", "morning", "--yes")


def test_a_count_agrees_with_its_noun() -> None:
    assert plural(1, "row") == "1 row"
    assert plural(0, "row") == "0 rows" and plural(2, "row") == "2 rows"
    assert plural(1, "entry", "entries") == "1 entry" and plural(4, "entry", "entries") == "4 entries"


def test_a_moment_reads_in_one_format_whether_a_datetime_or_a_stored_iso_string() -> None:
    moment = datetime(2026, 11, 30, 8, 17, 27, 756287, tzinfo=UTC)
    assert when(moment) == "2026-11-30 08:17 UTC"
    assert when(moment.isoformat()) == "2026-11-30 08:17 UTC"
    assert when(None) == "-" and when("") == "-"


def test_a_moment_in_a_zone_names_the_zone_and_gives_utc_beside_it() -> None:
    local = datetime(2026, 11, 30, 3, 17, tzinfo=ZoneInfo("America/New_York"))
    assert when(local) == "2026-11-30 03:17 America/New_York (08:17 UTC)"
    late = datetime(2026, 11, 30, 22, 0, tzinfo=ZoneInfo("America/New_York"))
    assert when(late) == "2026-11-30 22:00 America/New_York (2026-12-01 03:00 UTC)"
    assert when(late.astimezone(UTC).isoformat(), "America/New_York") == when(late)


def test_review_and_test_copy_lines_show_hostile_titles_and_names_as_written(
    hostile_feed: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    _shown("lists", "update", "morning", "--name", f"{MARKUP} {CONTROLS}")
    _shown("subscribers", "add", "morning", "ada@example.com", "--name", MARKUP)
    _shown("feeds", "add", "morning", f"{hostile_feed.base}/feed.xml")
    _shown("feeds", "poll", "morning")
    _shown("lists", "update", "morning", "--review", "on", "--editors", "ed@example.com")
    assert "ed@example.com" in _shown("lists", "show", "morning")
    copy = _shown("issue", "preview", "morning", "--out", str(tmp_path), "--to", "me@example.com")
    assert "Rich [/nope]" in copy and "test copy" in copy
    assert "test copy" in _shown("issue", "send", "morning", "--to", "me@example.com")
    held = _shown("issue", "send", "morning", "--inline")
    assert "Rich [/nope]" in held and "held for review" in held
    assert "waiting for review" in _shown("issue", "show", "morning-1")
    edited = _shown("issue", "edit-highlights", "morning", "1", "1", "--text", f"[/b] {CONTROLS} line")
    titles = ("Item [/]", "Second [i] item")  # both carry markup; their order in the issue is the feed's
    assert any(title in edited for title in titles)
    dropped = _shown("issue", "drop", "morning", "1", "1")
    assert any(title in dropped for title in titles)
    assert "approved" in _shown("issue", "approve", "morning", "1", "--inline")
