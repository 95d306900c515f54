"""`digest feeds import | export` through the CLI: a feed reader's file in, OPML 2.0 out."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tests.support.cli import ok, run, succeeds

DATA = Path(__file__).resolve().parents[1] / "data" / "opml"


def test_import_says_what_it_added_and_refused_and_again_adds_nothing(morning: str, tmp_path: Path) -> None:
    source = tmp_path / "mixed.opml"
    source.write_text(
        '<opml version="2.0"><body><outline text="Folder">'
        '<outline text="Good" xmlUrl="https://news.example/rss"/>'
        '<outline text="[red]Bad[/red]" xmlUrl="javascript:alert(1)"/>'
        "</outline></body></opml>",
        encoding="utf-8",
    )
    said = succeeds("feeds", "import", morning, str(source)).splitlines()
    assert said[0] == "mixed.opml: added 1 feed to morning, 0 already on it, 1 refused"
    refused = "only http and https URLs can be fetched"
    assert said[1] == f"  refused '[red]Bad[/red]' <javascript:alert(1)>: {refused}"
    again = ok("feeds", "import", morning, str(source))
    assert again["added"] == [] and [o["url"] for o in again["already"]] == ["https://news.example/rss"]
    assert again["already"][0]["categories"] == ["Folder"]


def test_a_file_that_is_not_opml_is_refused_in_one_line(morning: str, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("email\nada@example.com\n", encoding="utf-8")
    refused = run("feeds", "import", morning, str(source), code=1)
    assert refused.output.strip() == (
        "Error: people.csv is not an OPML file (no <opml> element): export your feeds as OPML"
    )


def test_export_writes_opml_that_imports_back(morning: str, tmp_path: Path) -> None:
    succeeds("feeds", "import", morning, str(DATA / "netnewswire-default-feeds.opml"))
    written = run("feeds", "export", morning, code=0).stdout
    urls = {o.get("xmlUrl") for o in ET.fromstring(written).iter("outline")}
    assert len(urls) == 10
    out = tmp_path / "all.opml"
    succeeds("feeds", "export", "--out", str(out))
    ok("lists", "create", "evening", "--name", "Evening", "--from", "e@example.com")
    back = ok("feeds", "import", "evening", str(out))
    assert {o["url"] for o in back["added"]} == urls and back["refused"] == []


def test_nothing_from_the_file_reaches_the_terminal_as_a_control_sequence(
    morning: str, tmp_path: Path
) -> None:
    source = tmp_path / "escapes.opml"
    source.write_bytes(
        b'<opml version="2.0"><body><outline text="\x1b[2JWiped" xmlUrl="javascript:\x1b[31mred"/>'
        b'<outline text="Title&#27;[1m" xmlUrl="ftp://a.example/&#27;[0m"/></body></opml>'
    )
    said = succeeds("feeds", "import", morning, str(source))
    assert "\x1b" not in said and said.count("refused") == 3  # the summary and two outlines
