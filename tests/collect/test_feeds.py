"""Feed parsing and entry identity."""

from __future__ import annotations

from importlib import resources

import pytest

from digest.collect.feeds import article_id_for, discover_feeds, normalise_url, parse_feed, plain_title
from digest.errors import FeedError
from tests.support.feedserver import FEEDS

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example News</title><link>https://news.example.com/</link>
<item><title>With guid</title><link>https://news.example.com/a?utm_source=rss</link>
  <guid isPermaLink="false">story-1</guid><pubDate>Mon, 03 Nov 2025 09:00:00 GMT</pubDate></item>
<item><title>Without guid</title><link>/b#comments</link></item>
<item><title>Neither link nor guid</title></item>
</channel></rss>"""


def test_it_identifies_entries_by_guid_else_by_normalised_link() -> None:
    parsed = parse_feed(RSS, "https://news.example.com/feed.xml")
    assert parsed.title == "Example News"
    assert [e.identity for e in parsed.entries] == ["story-1", "https://news.example.com/b"]


def test_it_resolves_relative_links_against_the_feed_url() -> None:
    parsed = parse_feed(RSS, "https://news.example.com/feed.xml")
    assert parsed.entries[1].url.startswith("https://news.example.com/b")


def test_it_reads_the_publication_date_in_utc() -> None:
    entry = parse_feed(RSS, "https://news.example.com/feed.xml").entries[0]
    assert entry.published_at is not None
    assert entry.published_at.isoformat() == "2025-11-03T09:00:00+00:00"


def test_a_web_page_is_refused_with_the_url_and_the_fix() -> None:
    page = b"<!doctype html><html><head><title>Home</title></head><body><p>Hello</p></body></html>"
    with pytest.raises(FeedError, match=r"https://example.com/ is not a feed \(an HTML page\).*RSS or Atom"):
        parse_feed(page, "https://example.com/")


def test_tracking_parameters_fragments_and_case_do_not_make_a_new_article() -> None:
    a = "HTTPS://News.Example.com:443/story/?utm_source=x&id=7#top"
    b = "https://news.example.com/story?id=7"
    assert normalise_url(a) == normalise_url(b)
    assert article_id_for(a) == article_id_for(b)


def test_the_bundled_sample_feed_parses_with_four_entries() -> None:
    raw = (resources.files("digest") / "sample" / "feed.xml").read_bytes()
    parsed = parse_feed(raw.replace(b"%BASE_URL%", b"http://127.0.0.1:1"), "http://127.0.0.1:1/feed.xml")
    assert len(parsed.entries) == 4
    assert all(e.url.startswith("http://127.0.0.1:1/pages/") for e in parsed.entries)
    assert not parsed.warning


def _fixture(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def test_a_malformed_feed_that_can_still_be_read_is_accepted_with_a_warning() -> None:
    parsed = parse_feed(_fixture("bozo.xml"), "https://sloppy.example/feed.xml")
    assert [e.title for e in parsed.entries] == ["Ampersands & entities undefined", "Second item survives"]
    assert parsed.warning.startswith("https://sloppy.example/feed.xml: feed is not well-formed")


def test_a_web_page_names_the_url_and_the_feeds_it_announces_are_found() -> None:
    with pytest.raises(FeedError, match=r"https://harbour.example/ is not a feed \(an HTML page\)"):
        parse_feed(_fixture("not-a-feed.html"), "https://harbour.example/")
    assert discover_feeds(_fixture("not-a-feed.html"), "https://harbour.example/") == []
    found = discover_feeds(_fixture("announces-feed.html"), "https://harbour.example/news/")
    assert found == ["https://harbour.example/relative-links.xml"]  # JSON Feed skipped: we read XML


def test_a_page_in_utf_16_still_announces_its_feed() -> None:
    page = _fixture("announces-feed.html").decode("utf-8")
    found = discover_feeds(
        "\ufeff".encode("utf-16-le") + page.encode("utf-16-le"), "https://harbour.example/news/"
    )
    assert found == ["https://harbour.example/relative-links.xml"]


@pytest.mark.parametrize(
    "content_type",
    ["application/rss+xml; charset=utf-8", "text/xml", "application/octet-stream", ""],
)
def test_a_latin1_feed_reads_right_whatever_charset_the_server_claims(content_type: str) -> None:
    parsed = parse_feed(_fixture("latin1.xml"), "https://cafe.example/feed", content_type)
    assert parsed.title == "Café du Port"
    assert parsed.entries[0].title == "Crème brûlée returns to the menu"


def test_a_feed_without_an_xml_declaration_is_read_as_utf8() -> None:
    parsed = parse_feed(_fixture("no-declaration.xml"), "https://notes.example/feed", "text/xml")
    assert parsed.entries[0].title == "Grüezi from Zürich"
    assert not parsed.warning


def test_relative_links_resolve_against_the_feed_url_and_xml_base() -> None:
    rss = parse_feed(_fixture("relative-links.xml"), "https://review.example/feeds/main.xml")
    assert [e.url for e in rss.entries] == [
        "https://review.example/feeds/articles/one.html",
        "https://review.example/articles/two.html",
    ]
    atom = parse_feed(_fixture("atom-xml-base.xml"), "https://elsewhere.example/atom")
    assert atom.entries[0].url == "https://atom.example/blog/posts/1"


def test_a_repeated_guid_is_one_entry_the_first() -> None:
    parsed = parse_feed(_fixture("duplicate-guids.xml"), "https://herald.example/feed")
    assert [(e.identity, e.title) for e in parsed.entries] == [
        ("same-guid", "First copy"),
        ("other-guid", "Another story"),
    ]


def test_markup_in_titles_is_stripped_to_plain_text() -> None:
    parsed = parse_feed(_fixture("html-titles.xml"), "https://markup.example/feed")
    assert parsed.title == "Markup Monthly"
    assert [e.title for e in parsed.entries] == ["Budget passes & council cheers", "Less < more & co"]
    assert plain_title("<img src=x onerror=alert(1)>Hi <b>there</b>") == "Hi there"


def test_an_entry_without_a_date_has_none_and_a_future_one_is_kept_as_given() -> None:
    entries = parse_feed(_fixture("dates.xml"), "https://dates.example/feed").entries
    assert entries[0].published_at is None
    assert entries[1].published_at is not None and entries[1].published_at.year == 2039
