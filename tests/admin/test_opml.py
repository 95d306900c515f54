"""OPML import and export against files real feed readers exported (tests/data/opml/README.md names
their sources), hostile files, and a round trip through what we write."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import listparser
import pytest

from digest import admin
from digest.admin.opml import (
    MAX_OPML_BYTES,
    MAX_OPML_DEPTH,
    MAX_OPML_FEEDS,
    MAX_OPML_OUTLINES,
    export_opml,
    import_opml,
)
from digest.errors import InvalidInput
from digest.store import Store

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster

DATA = Path(__file__).resolve().parents[1] / "data" / "opml"
NOW = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)
EXPORTS = ["feedly-lmmx.opml", "inoreader-krossovochkin.opml", "netnewswire-subs.opml"]


@pytest.fixture
def morning(store: Store) -> str:
    admin.create_list(store, "morning", name="Morning Brief", from_addr="brief@example.com", now=NOW)
    return "morning"


def feed_urls(path: Path) -> set[str]:
    """The xmlUrl of every outline, read with the standard library's XML parser (these files are
    well-formed): the count the import must reach on its own."""
    return {o.attrib["xmlUrl"].strip() for o in ET.parse(path).iter("outline") if o.get("xmlUrl", "").strip()}


def opml(*outlines: str) -> bytes:
    return f'<?xml version="1.0"?><opml version="2.0"><head/><body>{"".join(outlines)}</body></opml>'.encode()


@pytest.mark.parametrize("name", EXPORTS)
def test_a_feed_readers_export_imports_every_feed_once_and_again_changes_nothing(
    store: Store, morning: str, name: str
) -> None:
    content = (DATA / name).read_bytes()
    expected = feed_urls(DATA / name)
    first = import_opml(store, morning, content, name=name)
    assert {o.url for o in first.added} == expected and not first.refused
    assert {f.url for f in store.feeds.for_list(morning)} == expected
    again = import_opml(store, morning, content, name=name)
    assert again.added == [] and {o.url for o in again.already} == expected


def test_nested_outlines_give_each_feed_its_folders(store: Store, morning: str) -> None:
    path = DATA / "inoreader-krossovochkin.opml"
    folders = {
        child.attrib["xmlUrl"]: folder.attrib["text"]
        for folder in ET.parse(path).getroot().iter("outline")
        if "xmlUrl" not in folder.attrib
        for child in folder
    }
    report = import_opml(store, morning, path.read_bytes())
    for outline in report.added:
        assert folders[outline.url] in outline.categories
    titled = {o.url: o.title for o in report.added}
    assert all(titled.values())


def test_categories_and_entities_as_listparser_reads_them(store: Store, morning: str) -> None:
    report = import_opml(store, morning, (DATA / "listparser-hier-4-mixed.opml").read_bytes())
    (only,) = report.added
    assert set(only.categories) == {"grouping", "parent/child", "tag"}
    titles = import_opml(store, morning, (DATA / "listparser-html-entity-attribute.opml").read_bytes())
    assert [o.title for o in titles.added] == ["archæology", "archæology"]


def test_bad_urls_are_reported_per_outline_with_its_title_and_the_rest_imported(
    store: Store, morning: str
) -> None:
    content = opml(
        '<outline text="Script" xmlUrl="javascript:alert(1)"/>',
        '<outline text="Files" xmlUrl="ftp://files.example/feed"/>',
        '<outline text="No host" xmlUrl="https:///feed"/>',
        '<outline text="Spaces" xmlUrl="https://news.example/a feed"/>',
        f'<outline text="Long" xmlUrl="https://news.example/{"a" * 9000}"/>',
        '<outline text="Port" xmlUrl="https://news.example:http/feed"/>',
        '<outline text="Good" xmlUrl="https://news.example/feed.xml"/>',
        '<outline text="Good again" xmlUrl="https://news.example/feed.xml"/>',
        '<outline text="Bell\x07 &#10;title" xmlUrl="https://other.example/rss"/>',
    )
    report = import_opml(store, morning, content)
    assert [(o.title, why) for o, why in report.refused] == [
        ("Script", "only http and https URLs can be fetched"),
        ("Files", "only http and https URLs can be fetched"),
        ("No host", "the URL has no host"),
        ("Spaces", "URL with spaces or control characters"),
        ("Long", "not a valid URL (longer than 8192 characters)"),
        ("Port", "the port is not a number from 0 to 65535"),
    ]
    assert [o.url for o in report.added] == ["https://news.example/feed.xml", "https://other.example/rss"]
    assert report.added[1].title == "Bell title"
    assert len(store.feeds.for_list(morning)) == 2


def test_a_dry_run_reports_and_stores_nothing(store: Store, morning: str) -> None:
    report = import_opml(store, morning, (DATA / "netnewswire-default-feeds.opml").read_bytes(), dry_run=True)
    assert len(report.added) == len(feed_urls(DATA / "netnewswire-default-feeds.opml"))
    assert store.feeds.for_list(morning) == []


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<opml version="2.0"><body><outline text="&x;" xmlUrl="https://a.example/f"/></body></opml>',
            "declares XML entities",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b'<opml version="2.0"><body><outline text="&lol2;" xmlUrl="https://a.example/f"/></body></opml>',
            "declares XML entities",
        ),
        (b"name,url\nA,https://a.example/f\n", "is not an OPML file"),
        (b"<html><body><p>Not OPML</p></body></html>", "is not an OPML file"),
        (b"\xff\xfe\x00garbage", "is not an OPML file"),
    ],
)
def test_a_hostile_or_foreign_file_is_refused_whole_in_one_line(
    store: Store, morning: str, content: bytes, said: str
) -> None:
    with pytest.raises(InvalidInput, match=said):
        import_opml(store, morning, content, name="feeds.opml")
    assert store.feeds.for_list(morning) == []


def test_size_and_feed_count_are_bounded(store: Store, morning: str) -> None:
    with pytest.raises(InvalidInput, match="more than 5,242,880"):
        import_opml(store, morning, b" " * (MAX_OPML_BYTES + 1))
    many = opml(
        *(f'<outline text="F{n}" xmlUrl="https://f{n}.example/rss"/>' for n in range(MAX_OPML_FEEDS + 1))
    )
    with pytest.raises(InvalidInput, match="5,001 feeds, more than 5,000"):
        import_opml(store, morning, many)
    folders = opml(*(f'<outline text="F{n}"/>' for n in range(MAX_OPML_OUTLINES + 1)))
    with pytest.raises(InvalidInput, match="more than 20,000 outlines"):
        import_opml(store, morning, folders)
    assert store.feeds.for_list(morning) == []


def test_folders_nested_too_deep_are_refused_before_parsing(store: Store, morning: str) -> None:
    """Each feed carries its folder path: depth times width would be memory."""
    leaf = '<outline text="Leaf" xmlUrl="https://a.example/rss"/>'
    deep = opml('<outline text="d">' * (MAX_OPML_DEPTH + 1) + leaf + "</outline>" * (MAX_OPML_DEPTH + 1))
    with pytest.raises(InvalidInput, match="nests outlines more than 20 deep"):
        import_opml(store, morning, deep)
    # Nesting the parser recovers from counts too: 300 000 levels with 2 000 feeds inside would copy
    # the folder path into each feed (gigabytes); it is refused at the 21st level.
    hidden = opml('<outline t=a"b>' * 300_000 + leaf * 2000)
    with pytest.raises(InvalidInput, match="nests outlines"):
        import_opml(store, morning, hidden)
    fine = opml('<outline text="a"><outline text="b">' + leaf + "</outline></outline>")
    assert [o.categories for o in import_opml(store, morning, fine).added] == [("a/b",)]


def test_export_escapes_titles_and_feed_readers_read_it_back(store: Store, morning: str) -> None:
    awkward = "Q&A <live> \"quoted\" 'single' \x01bell\nnewline ❤"
    feed = store.feeds.add("https://news.example/feed?a=1&b=2", title=awkward)
    store.feeds.attach(morning, feed.id)
    written = export_opml(store, morning, NOW)
    root = ET.fromstring(written)  # well-formed XML
    assert root.get("version") == "2.0"
    (outline,) = root.iter("outline")
    assert outline.get("xmlUrl") == "https://news.example/feed?a=1&b=2" and outline.get("type") == "rss"
    assert outline.get("title") == "Q&A <live> \"quoted\" 'single' bell newline ❤"
    read_back = listparser.parse(written)
    assert not read_back.bozo and [f.url for f in read_back.feeds] == [feed.url]


def test_an_export_imports_into_another_list_unchanged(store: Store, morning: str) -> None:
    import_opml(store, morning, (DATA / "netnewswire-subs.opml").read_bytes())
    admin.create_list(store, "evening", name="Evening", from_addr="e@example.com", now=NOW)
    report = import_opml(store, "evening", export_opml(store, morning, NOW))
    assert not report.refused
    assert {f.id for f in store.feeds.for_list("evening")} == {f.id for f in store.feeds.for_list(morning)}


def test_exporting_every_list_gives_an_outline_per_list(store: Store, morning: str) -> None:
    import_opml(store, morning, (DATA / "netnewswire-default-feeds.opml").read_bytes())
    admin.create_list(store, "evening", name="Evening & Night", from_addr="e@example.com", now=NOW)
    import_opml(store, "evening", opml('<outline text="One" xmlUrl="https://one.example/rss"/>'))
    body = ET.fromstring(export_opml(store, None, NOW)).find("body")
    assert body is not None
    groups = {g.get("text"): [o.get("xmlUrl") for o in g] for g in body}
    assert groups["Evening & Night"] == ["https://one.example/rss"]
    assert set(groups["Morning Brief"]) == feed_urls(DATA / "netnewswire-default-feeds.opml")
    parsed = listparser.parse(export_opml(store, None, NOW))
    assert ["Evening & Night"] in next(
        f for f in parsed.feeds if f.url == "https://one.example/rss"
    ).categories


def test_a_url_that_cannot_even_be_parsed_is_reported_on_its_outline(store: Store, morning: str) -> None:
    """Found in an operator's session: `http://[oops/feed` ended the import in a traceback."""
    content = (
        b'<opml version="2.0"><body>'
        b'<outline type="rss" text="Broken" xmlUrl="http://[oops/feed"/>'
        b'<outline type="rss" text="Far port" xmlUrl="http://h.example:99999/feed"/>'
        b'<outline type="rss" text="Fine" xmlUrl="https://news.example/feed"/>'
        b"</body></opml>"
    )
    report = import_opml(store, morning, content)
    assert [(outline.title, why) for outline, why in report.refused] == [
        ("Broken", "not a valid URL (Invalid IPv6 URL)"),
        ("Far port", "the port is not a number from 0 to 65535"),
    ]
