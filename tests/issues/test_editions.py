"""A list with a daily and a weekly edition: each subscriber receives exactly one, and switching
between them neither repeats nor skips an article (simulated over three weeks with fixed clocks)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pytest

from digest import admin
from digest.delivery.fanout import start_send
from digest.errors import InvalidInput
from digest.issues.editions import choose_edition
from digest.models import Article, IssueStatus
from digest.runtime import Runtime
from digest.schedules import tick as scheduling
from digest.store import Store
from digest.web import create_app
from tests.support.cli import run

START = datetime(2025, 11, 2, 0, 0, tzinfo=UTC)  # a Sunday
PEOPLE = ("daily@example.com", "weekly@example.com", "switcher@example.com", "backagain@example.com")


@pytest.fixture
def brief(runtime: Runtime) -> str:
    store = runtime.store
    admin.create_list(store, "brief", name="Brief", from_addr="brief@example.com", now=START)
    for email in PEOPLE:
        admin.add_subscriber(store, "brief", email, now=START)
    # A feed we fill by hand, on a closed port: polls fail fast and are recorded, the issue goes on.
    feed = store.feeds.add("http://127.0.0.1:9/feed.xml")
    store.feeds.attach("brief", feed.id)
    scheduling.set_schedule(store, "brief", "daily 07:00", START)
    scheduling.set_schedule(store, "brief", "weekly sun 18:00", START, edition="weekly")
    choose_edition(store, "brief", "weekly@example.com", "weekly", START)
    return feed.id


def publish(store: Store, feed_id: str, when: datetime) -> str:
    article_id = f"a{int(when.timestamp())}"
    highlight = f"What happened at {when:%a %d %H:%M}, in a few words."
    url = f"https://n.example/{article_id}"
    store.articles.save(Article(article_id, feed_id, url, article_id, "N", when, [highlight], "extractive"))
    store.feeds.mark_seen(feed_id, article_id, article_id, when)
    return article_id


def test_each_subscriber_gets_every_article_exactly_once_across_switches(
    runtime: Runtime, brief: str
) -> None:
    store = runtime.store
    received: dict[str, list[str]] = defaultdict(list)
    catch_up_readers: dict[int, list[str]] = {}
    published: list[str] = []
    switches = {
        START + timedelta(days=3, hours=12): ("switcher@example.com", "weekly"),  # mid-week, daily -> weekly
        START + timedelta(days=10, hours=12): ("switcher@example.com", "default"),  # weekly -> daily
        START + timedelta(days=4, hours=12): ("backagain@example.com", "weekly"),  # and back before any
        START + timedelta(days=5, hours=12): ("backagain@example.com", "default"),  # weekly issue went out
    }
    moment = START
    while moment < START + timedelta(days=21, hours=19):
        moment += timedelta(hours=1)
        if moment.hour == 6:
            published.append(publish(store, brief, moment))
        if moment in switches:
            email, edition = switches[moment]
            choose_edition(store, "brief", email, edition, moment)
        for edition in ("default", "weekly"):
            outcome = scheduling.tick(store, runtime.fetcher, "brief", edition, moment)
            for issue in outcome.issues:
                start_send(store, "brief", issue.number, moment)
                for sid in store.issues.recipient_ids("brief", issue.number, 0, -1):
                    received[store.subscribers.get(sid).email] += issue.article_ids
                    if issue.catch_up:
                        catch_up_readers.setdefault(issue.number, []).append(store.subscribers.get(sid).email)
    # Last deliveries: the weekly of day 21 (Sunday 18:00) covers everything up to it.
    assert moment > START + timedelta(days=21, hours=18)
    for email in PEOPLE:
        counts = Counter(received[email])
        assert max(counts.values()) == 1, f"{email} got an article twice"
        assert set(counts) == set(published), f"{email} missed {sorted(set(published) - set(counts))}"
    # What a switcher missed came in a catch-up issue for the switchers alone.
    switchers = {email for email, _edition in switches.values()}
    assert catch_up_readers
    assert all(set(readers) <= switchers for readers in catch_up_readers.values())
    assert_archive_leaves_out(runtime, list(catch_up_readers))


def assert_archive_leaves_out(runtime: Runtime, catch_ups: list[int]) -> None:
    """The public archive is the list's issues; catch-ups repeat their articles, so they are not in it."""
    numbers = runtime.store.issues.numbers("brief")
    for number in numbers:
        runtime.store.issues.set_status("brief", number, IssueStatus.SENT)
    with create_app(runtime).test_client() as client:
        # The index comes a page at a time: follow "Older issues" to the end.
        page, url = "", "/archive/brief"
        while url:
            html = client.get(url).get_data(as_text=True)
            page += html
            older = re.search(r'class="older" href="([^"]+)"', html)
            url = older.group(1) if older else ""
        feed = client.get("/archive/brief/feed.xml").get_data(as_text=True)
    listed = {int(n) for n in re.findall(r"/archive/brief/(\d+)", page)}
    assert listed == set(numbers) - set(catch_ups)
    assert {int(n) for n in re.findall(r"/archive/brief/(\d+)</link>", feed)} <= listed


def test_only_offered_editions_can_be_chosen(runtime: Runtime, brief: str) -> None:
    with pytest.raises(InvalidInput, match="editions: default, weekly"):
        choose_edition(runtime.store, "brief", "daily@example.com", "hourly", START)


def test_set_edition_through_the_cli(runtime: Runtime, brief: str) -> None:
    result = run("subscribers", "set-edition", "brief", "daily@example.com", "weekly", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"list": "brief", "email": "daily@example.com", "edition": "weekly",
                                         "previous": "default"}  # fmt: skip
    bad = run("subscribers", "set-edition", "brief", "nobody@example.com", "weekly")
    assert bad.exit_code == 1 and "no subscriber 'nobody@example.com'" in bad.output
