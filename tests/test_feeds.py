"""Feed parsing and entry identity."""

from __future__ import annotations

from importlib import resources

import pytest

from digest.errors import FeedError
from digest.feeds import article_id_for, normalise_url, parse_feed

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
