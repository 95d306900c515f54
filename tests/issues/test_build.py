"""The whole path in one process: feed -> articles -> issue -> outbox, against real Redis and a real
HTTP server serving the bundled sample."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from digest import admin
from digest.collect.collector import collect_feed
from digest.issues.build import build_issue
from digest.models import DeliveryState, Grouping, IssueStatus, SubscriberStatus
from digest.runtime import Runtime, utcnow
from digest.store import Store
from tests.support.feedserver import Reply, serve
from tests.support.issues import send_inline
from tests.support.readback import read_eml

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster

SEED_HIGHLIGHT = "Pakistan’s Foreign Minister Ishaq Dar joined key Muslim counterparts in Istanbul"


def _setup(runtime: Runtime, feed_url: str, people: int = 3) -> str:
    store = runtime.store
    admin.create_list(
        store, "morning", name="Morning Brief", from_addr="Brief <brief@example.com>", now=utcnow()
    )
    for i in range(people):
        admin.add_subscriber(store, "morning", f"reader{i}@example.com", name=f"Reader {i}", now=utcnow())
    check = admin.add_feed(store, runtime.fetcher, "morning", feed_url)
    return check.feed.id


def test_it_collects_each_entry_once(runtime: Runtime, sample_feed_url: str) -> None:
    feed_id = _setup(runtime, sample_feed_url)
    first = collect_feed(runtime.store, runtime.fetcher, feed_id, utcnow())
    second = collect_feed(runtime.store, runtime.fetcher, feed_id, utcnow())
    assert first.error == "" and len(first.new_articles) == 4
    assert second.new_articles == []


def test_the_seed_article_keeps_its_own_highlight_block(runtime: Runtime, sample_feed_url: str) -> None:
    feed_id = _setup(runtime, sample_feed_url)
    report = collect_feed(runtime.store, runtime.fetcher, feed_id, utcnow())
    articles = runtime.store.articles.get_many(report.new_articles)
    seed = next(a for a in articles if "Istanbul" in a.title)
    assert seed.highlight_method == "explicit:Highlights"
    assert seed.highlights[0].startswith(SEED_HIGHLIGHT)
    assert not any("Subscribe" in line for a in articles for line in a.highlights)


def test_an_issue_reaches_every_active_subscriber_once_with_unsubscribe_headers(
    runtime: Runtime, sample_feed_url: str, tmp_path: Path
) -> None:
    store = runtime.store
    feed_id = _setup(runtime, sample_feed_url)
    collect_feed(store, runtime.fetcher, feed_id, utcnow())
    issue = build_issue(store, "morning", utcnow())
    assert issue is not None and len(issue.article_ids) == 4
    outbox = tmp_path / "out"
    report = send_inline(store, runtime.transport(outbox), runtime.links, "morning", issue.number, utcnow)
    assert report.sent == 3
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 3
    message = read_eml(files[0])
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<https://news.example.com/unsubscribe/" in message["List-Unsubscribe"]
    assert "<mailto:unsubscribe@news.example.com?subject=unsubscribe%20" in message["List-Unsubscribe"]
    text = message.get_body(("plain",))
    assert text is not None
    assert SEED_HIGHLIGHT in " ".join(text.get_content().split())  # the text part is wrapped at 72
    assert store.issues.get("morning", issue.number).status is IssueStatus.SENT


def test_sending_the_same_issue_again_sends_nothing_twice(
    runtime: Runtime, sample_feed_url: str, tmp_path: Path
) -> None:
    store = runtime.store
    collect_feed(store, runtime.fetcher, _setup(runtime, sample_feed_url), utcnow())
    issue = build_issue(store, "morning", utcnow())
    assert issue is not None
    transport = runtime.transport(tmp_path / "out")
    send_inline(store, transport, runtime.links, "morning", issue.number, utcnow)
    again = send_inline(store, transport, runtime.links, "morning", issue.number, utcnow)
    assert again.sent == 0 and again.already_done == 3
    assert store.issues.counts("morning", issue.number)["sent"] == 3


def test_no_new_articles_means_no_issue(runtime: Runtime, sample_feed_url: str) -> None:
    collect_feed(runtime.store, runtime.fetcher, _setup(runtime, sample_feed_url), utcnow())
    assert build_issue(runtime.store, "morning", utcnow()) is not None
    assert build_issue(runtime.store, "morning", utcnow()) is None


def test_someone_who_left_before_their_chunk_gets_nothing(
    runtime: Runtime, sample_feed_url: str, tmp_path: Path, store: Store
) -> None:
    collect_feed(store, runtime.fetcher, _setup(runtime, sample_feed_url), utcnow())
    issue = build_issue(store, "morning", utcnow())
    assert issue is not None
    store.issues.snapshot_recipients("morning", issue.number, utcnow())
    leaver = store.subscribers.by_email("reader1@example.com")
    store.subscribers.set_status("morning", leaver.id, SubscriberStatus.UNSUBSCRIBED, utcnow())
    report = send_inline(
        store, runtime.transport(tmp_path / "out"), runtime.links, "morning", issue.number, utcnow
    )
    assert report.sent == 2 and report.skipped == 1
    record = store.issues.delivery("morning", issue.number, leaver.id)
    assert record is not None and record.state is DeliveryState.SKIPPED
    assert not list((tmp_path / "out").glob(f"*--{leaver.id}.eml"))


def test_a_broken_feed_is_reported_by_name_and_the_others_still_collect(
    runtime: Runtime, sample_feed_url: str
) -> None:
    store = runtime.store
    good = _setup(runtime, sample_feed_url)
    broken = store.feeds.add(sample_feed_url.replace("feed.xml", "missing.xml"))
    store.feeds.attach("morning", broken.id)
    reports = [collect_feed(store, runtime.fetcher, fid, utcnow()) for fid in (broken.id, good)]
    assert "missing.xml: HTTP 404" in reports[0].error
    assert len(reports[1].new_articles) == 4
    assert store.feeds.get(broken.id).error_count == 1


def test_an_article_whose_page_cannot_be_read_keeps_the_feeds_summary(runtime: Runtime) -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Flaky</title>
    <item><title>Page gone</title><link>/gone.html</link><guid>gone-1</guid>
    <description>&lt;p&gt;The council approved the budget for next year after a long debate.&lt;/p&gt;
    </description>
    </item></channel></rss>"""
    with serve({"/feed.xml": Reply(200, feed)}) as server:
        store = runtime.store
        admin.create_list(store, "m", name="M", from_addr="m@example.com", now=utcnow())
        check = admin.add_feed(store, runtime.fetcher, "m", f"{server.base}/feed.xml")
        report = collect_feed(store, runtime.fetcher, check.feed.id, utcnow())
    assert len(report.new_articles) == 1
    assert "used the feed's summary" in report.warnings[0]
    (article,) = store.articles.get_many(report.new_articles)
    assert article.highlights == ["The council approved the budget for next year after a long debate."]


def test_a_list_grouped_by_feed_stores_its_issue_grouped_for_the_archive(runtime: Runtime) -> None:
    def feed(title: str, slug: str) -> Reply:
        items = "".join(
            f"<item><title>Story {n}</title><link>/{slug}/{n}.html</link><guid>{slug}-{n}</guid>"
            f"<description>Story {n} says what happened today.</description></item>"
            for n in (1, 2)
        )
        return Reply(
            200, f'<rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'.encode()
        )

    store = runtime.store
    admin.create_list(store, "m", name="M", from_addr="m@example.com", now=utcnow())
    store.lists.update("m", {"group_by": Grouping.FEED.value})
    with serve({"/a.xml": feed("Harbour News", "a"), "/b.xml": feed("Rail &amp; Road", "b")}) as server:
        for name in "ab":
            check = admin.add_feed(store, runtime.fetcher, "m", f"{server.base}/{name}.xml")
            collect_feed(store, runtime.fetcher, check.feed.id, utcnow())
    issue = build_issue(store, "m", utcnow())
    assert issue is not None
    stored = store.issues.rendered("m", issue.number)
    titles = [feed.title for feed in store.feeds.get_many(store.feeds.ids_for_list("m"))]
    assert sorted(titles) == ["Harbour News", "Rail & Road"]
    html_headings = re.findall(r'<h2 class="group-title"[^>]*>([^<]*)</h2>', stored.html)
    assert html_headings == [title.replace("&", "&amp;") for title in titles]
    assert re.findall(r"^(.+)\n-+$", stored.text, re.M) == titles
