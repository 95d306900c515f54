"""Collecting one feed against real Redis and a real server: robustness fixtures under tests/data/feeds/,
conditional GET, redirects, and the per-feed backoff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from digest.collect.collector import collect_feed
from digest.collect.feeds import ParsedFeed, article_id_for, parse_feed
from digest.collect.fetch import Fetcher, FetchLimits
from digest.errors import FeedError
from digest.issues.render import render_issue
from digest.models import FeedStatus
from digest.runtime import Runtime, utcnow
from digest.store import Store
from digest.store.feeds import feed_id_for
from tests.support.feedserver import Reply, RouteHosts, Server, fixture, serve

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster

NOW = datetime(2025, 11, 10, 8, 0, tzinfo=UTC)


def _feed(store: Store, url: str) -> str:
    return store.feeds.add(url).id


def test_a_malformed_feed_is_collected_with_a_warning(store: Store, server: Server, fetcher: Fetcher) -> None:
    server.routes["/feed"] = fixture("bozo.xml")
    report = collect_feed(store, fetcher, _feed(store, "http://sloppy.test/feed"), NOW, read_pages=False)
    assert len(report.new_articles) == 2 and not report.error
    assert "not well-formed" in report.warnings[0]


def test_a_web_page_fails_the_feed_with_its_url(store: Store, server: Server, fetcher: Fetcher) -> None:
    server.routes["/"] = fixture("not-a-feed.html", "text/html")
    feed_id = _feed(store, "http://harbour.test/")
    report = collect_feed(store, fetcher, feed_id, NOW)
    assert report.error.startswith("http://harbour.test/ is not a feed (an HTML page)")
    assert store.feeds.get(feed_id).error_count == 1


def test_entries_without_dates_use_first_seen_and_future_dates_are_capped(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    server.routes["/feed"] = fixture("dates.xml")
    report = collect_feed(store, fetcher, _feed(store, "http://dates.test/feed"), NOW, read_pages=False)
    undated, future, dated = store.articles.get_many(report.new_articles)
    assert undated.published_at is None and undated.sort_time == NOW
    assert future.published_at == NOW
    assert dated.published_at == datetime(2025, 11, 3, 9, 0, tzinfo=UTC)


def test_a_repeated_guid_makes_one_article(store: Store, server: Server, fetcher: Fetcher) -> None:
    server.routes["/feed"] = fixture("duplicate-guids.xml")
    report = collect_feed(store, fetcher, _feed(store, "http://herald.test/feed"), NOW, read_pages=False)
    titles = [a.title for a in store.articles.get_many(report.new_articles)]
    assert titles == ["First copy", "Another story"]


def test_the_same_article_in_two_feeds_is_one_article_read_by_both(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    server.routes["/a"] = fixture("shared-a.xml")
    server.routes["/b"] = fixture("shared-b.xml")
    feed_a, feed_b = _feed(store, "http://wire-a.test/a"), _feed(store, "http://wire-b.test/b")
    first = collect_feed(store, fetcher, feed_a, NOW, read_pages=False)
    second = collect_feed(store, fetcher, feed_b, NOW + timedelta(minutes=5), read_pages=False)
    shared = article_id_for("https://origin.example/shared-story")
    assert first.new_articles == [shared] and shared in second.new_articles
    (article,) = store.articles.get_many([shared])
    assert article.feed_id == feed_a and article.first_seen_at == NOW  # kept as first collected
    assert store.feeds.article_count(feed_a) == 1 and store.feeds.article_count(feed_b) == 2


def test_markup_in_titles_is_stripped_and_what_remains_is_escaped_in_the_email(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    from digest.models import Issue, IssueStatus, MailingList

    server.routes["/feed"] = fixture("html-titles.xml")
    report = collect_feed(store, fetcher, _feed(store, "http://markup.test/feed"), NOW, read_pages=False)
    articles = store.articles.get_many(report.new_articles)
    assert [a.title for a in articles] == ["Budget passes & council cheers", "Less < more & co"]
    mailing_list = MailingList(slug="m", name="M", from_addr="m@example.com", created_at=NOW)
    issue = Issue("m-1", "m", "M", 1, "", NOW, NOW, [a.id for a in articles], IssueStatus.QUEUED)
    html = render_issue(mailing_list, issue, articles).html
    assert "<script" not in html and "alert(1)" not in html
    assert "Less &lt; more &amp; co" in html


def test_not_modified_costs_no_parsing(store: Store, server: Server, fetcher: Fetcher) -> None:
    def conditional(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == '"v7"':
            return Reply(304)
        return fixture("shared-b.xml", ETag='"v7"')

    server.routes["/feed"] = conditional
    parses: list[str] = []

    def counting_parser(content: bytes, url: str, content_type: str) -> ParsedFeed:
        parses.append(url)
        return parse_feed(content, url, content_type)

    feed_id = _feed(store, "http://wire-b.test/feed")
    collect_feed(store, fetcher, feed_id, NOW, parser=counting_parser, read_pages=False)
    again = collect_feed(store, fetcher, feed_id, NOW, parser=counting_parser, read_pages=False)
    assert again.not_modified and again.new_articles == []
    assert parses == ["http://wire-b.test/feed"]
    assert store.feeds.get(feed_id).etag == '"v7"'


def test_a_permanent_redirect_moves_the_feed_and_keeps_its_id(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    server.routes["/old"] = Reply(301, headers={"Location": "http://new.test/feed"})
    server.routes["/feed"] = fixture("shared-b.xml")
    feed_id = _feed(store, "http://old.test/old")
    report = collect_feed(store, fetcher, feed_id, NOW, read_pages=False)
    assert report.moved_to == "http://new.test/feed"
    assert store.feeds.get(feed_id).url == "http://new.test/feed"
    assert store.feeds.find("http://new.test/feed").id == feed_id == feed_id_for("http://old.test/old")
    assert store.feeds.all_ids() == [feed_id]
    # Adding either address again finds the same feed rather than a second copy.
    assert store.feeds.add("http://old.test/old").id == store.feeds.add("http://new.test/feed").id == feed_id


def test_gone_disables_the_feed_with_its_reason(store: Store, server: Server, fetcher: Fetcher) -> None:
    server.routes["/feed"] = Reply(410)
    feed_id = _feed(store, "http://gone.test/feed")
    report = collect_feed(store, fetcher, feed_id, NOW)
    feed = store.feeds.get(feed_id)
    assert report.status is feed.status is FeedStatus.DISABLED
    assert "HTTP 410" in feed.last_error and "feed disabled" in feed.last_error


def test_a_busy_server_backs_off_that_feed_for_as_long_as_it_asks(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    server.routes["/feed"] = Reply(503, headers={"Retry-After": "7200"})
    feed_id = _feed(store, "http://busy.test/feed")
    collect_feed(store, fetcher, feed_id, NOW)
    feed = store.feeds.get(feed_id)
    assert feed.next_poll_at == NOW + timedelta(seconds=7200)
    assert feed.status is FeedStatus.OK and feed.error_count == 1


def test_a_feed_is_failing_after_repeated_failures_and_recovers_by_itself(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    server.routes["/feed"] = Reply(500)
    feed_id = _feed(store, "http://flaky.test/feed")
    waits = []
    for attempt in range(3):
        collect_feed(store, fetcher, feed_id, NOW)
        feed = store.feeds.get(feed_id)
        assert feed.next_poll_at is not None
        waits.append(feed.next_poll_at - NOW)
        assert feed.error_count == attempt + 1
    assert waits[0] < waits[1] < waits[2]  # exponential
    assert store.feeds.get(feed_id).status is FeedStatus.FAILING
    server.routes["/feed"] = fixture("shared-b.xml", **{"Cache-Control": "public, max-age=900"})
    collect_feed(store, fetcher, feed_id, NOW, read_pages=False)
    feed = store.feeds.get(feed_id)
    assert feed.status is FeedStatus.OK and feed.error_count == 0 and feed.last_error == ""
    assert feed.next_poll_at == NOW + timedelta(seconds=900)  # Cache-Control max-age honoured


def test_a_trickling_feed_is_cut_off_and_counted_as_a_failure(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    server.routes["/feed"] = Reply(200, b"<rss>" + b" " * 10, delay=1.5)
    with httpx.Client(transport=RouteHosts(server.port)) as client:
        impatient = Fetcher(client, FetchLimits(allow_private=True, total_seconds=0.5))
        report = collect_feed(store, impatient, _feed(store, "http://slow.test/feed"), NOW)
    assert report.error.startswith("http://slow.test/feed: ")


def test_pages_are_read_once_and_an_unreadable_page_keeps_the_summary(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    server.routes["/feed"] = fixture("dates.xml")
    feed_id = _feed(store, "http://dates.test/feed")
    report = collect_feed(store, fetcher, feed_id, NOW)
    # The fixture's links point at dates.example, which does not resolve here: every page fails.
    assert len(report.warnings) == 3 and all("used the feed's summary" in w for w in report.warnings)
    assert store.feeds.pending_pages(feed_id) == {}
    undated = store.articles.get_many(report.new_articles)[0]
    assert undated.highlights == ["An item without any date."]


def test_parse_failure_in_the_parser_is_a_feed_error_not_a_crash(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    def refusing(content: bytes, url: str, content_type: str) -> ParsedFeed:
        raise FeedError(f"{url}: refused for the test")

    server.routes["/feed"] = fixture("shared-a.xml")
    report = collect_feed(store, fetcher, _feed(store, "http://wire-a.test/feed"), NOW, parser=refusing)
    assert report.error == "http://wire-a.test/feed: refused for the test"


def test_a_real_feed_summary_beats_ranked_sentences_when_the_page_has_no_block(runtime: Runtime) -> None:
    from digest import admin

    summary = (
        "&lt;p&gt;The council approved next year's budget after a long debate on Monday night. "
        "Property taxes will rise by two percent in January to pay for new bus routes.&lt;/p&gt;"
    )
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>City</title>
    <item><title>Budget passes</title><link>/story.html</link><guid>b-1</guid>
    <description>{summary}</description></item></channel></rss>""".encode()
    body = "".join(
        f"<p>Paragraph {n} of the story says something else about the city budget and its details.</p>"
        for n in range(8)
    )
    page = f"<html><head><title>Budget</title></head><body><article><h1>Budget</h1>{body}</article></body>"
    with serve({"/feed.xml": Reply(200, feed), "/story.html": Reply(200, page.encode())}) as server:
        store = runtime.store
        admin.create_list(store, "city", name="City", from_addr="c@example.com", now=utcnow())
        check = admin.add_feed(store, runtime.fetcher, "city", f"{server.base}/feed.xml")
        report = collect_feed(store, runtime.fetcher, check.feed.id, utcnow())
    (article,) = store.articles.get_many(report.new_articles)
    assert article.highlight_method == "explicit:feed summary"
    assert article.highlights[0].startswith("The council approved next year's budget")


STORY = [
    "The city council approved a new budget for schools on Tuesday night after a long debate.",
    "Spectators filled the gallery of the old town hall to watch the vote.",
    "The schools budget adds 40 million euros for teachers, classrooms and school buses.",
    "Teachers will get a pay rise of four percent from January under the new schools budget.",
    "Ten new classrooms will be built at schools in the east of the city with the money.",
    "The council will also buy twenty electric school buses to replace its oldest diesel ones.",
    "Opposition members said the schools budget leaves too little for repairs to teachers' housing.",
]


@pytest.mark.parametrize(("setting", "count"), [("", 3), ("ranked", 4)])
def test_the_highlights_method_setting_reaches_the_pages_a_poll_reads(
    runtime: Runtime, setting: str, count: int
) -> None:
    """The lead shows the story's first three sentences (Lead-3); ranking fills the budget with up to four."""
    from digest import admin
    from digest.collect.poller import Poller, PollOptions
    from digest.config import load_settings

    body = "".join(f"<p>{sentence}</p>" for sentence in STORY)
    page = f"<html><head><title>Budget</title></head><body><article>{body}</article></body></html>"
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>City</title>
    <item><title>Budget</title><link>/story.html</link><guid>s-1</guid></item></channel></rss>"""
    options = PollOptions.from_settings(load_settings({"DIGEST_HIGHLIGHTS_METHOD": setting}))
    with serve({"/feed.xml": Reply(200, feed), "/story.html": Reply(200, page.encode())}) as server:
        store = runtime.store
        admin.create_list(store, "city", name="City", from_addr="c@example.com", now=utcnow())
        check = admin.add_feed(store, runtime.fetcher, "city", f"{server.base}/feed.xml")
        with Poller(store, runtime.fetcher, options) as poller:
            summary = poller.poll([check.feed.id], utcnow)
    (article,) = store.articles.get_many(summary.reports[0].new_articles)
    assert article.highlight_method == "extractive"
    assert article.highlights == [s for s in STORY if s in article.highlights]
    assert len(article.highlights) == count
