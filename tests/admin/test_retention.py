"""Retention (`digest prune`): each kind goes once old enough, and what must stay stays."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from digest.admin.retention import SETTLED, prune
from digest.config import Retention
from digest.models import Article, IssueStatus
from digest.store import Store
from tests.support.issues import NOW, make_issue, sent_issue

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster

DEFAULTS = Retention()


def later(days: int) -> datetime:
    return NOW + timedelta(days=days)


def test_a_sent_issue_keeps_everything_until_each_kind_is_old_enough(
    bare_store: Store, tmp_path: Path
) -> None:
    sent_issue(bare_store, tmp_path)
    k = bare_store.keys
    report = prune(bare_store, DEFAULTS, later(DEFAULTS.snapshots - 1))
    assert report.bytes == 0
    assert bare_store.redis.exists(k.issue_recipients("morning", 1))

    report = prune(bare_store, DEFAULTS, later(DEFAULTS.snapshots + 1))
    assert report.kinds["snapshots"].items == 5 and report.kinds["snapshots"].bytes > 0
    assert report.kinds["events"].items == 0 and report.kinds["deliveries"].items == 0
    assert not bare_store.redis.exists(k.issue_recipients("morning", 1))
    assert bare_store.redis.exists(k.issue_events("morning", 1), k.issue_deliveries("morning", 1)) == 2

    report = prune(bare_store, DEFAULTS, later(DEFAULTS.events + 1))
    assert report.kinds["events"].items == 5
    assert bare_store.issues.deliveries_count("morning", 1) == 5

    report = prune(bare_store, DEFAULTS, later(DEFAULTS.deliveries + 1))
    assert report.kinds["deliveries"].items == 5
    assert bare_store.issues.deliveries_count("morning", 1) == 0


def test_the_counts_reports_read_survive_the_prune(bare_store: Store, tmp_path: Path) -> None:
    sent_issue(bare_store, tmp_path)
    before = bare_store.issues.summary("morning", 1)
    events = bare_store.redis.hget(bare_store.keys.issue("morning", 1), "ev_delivered")
    prune(bare_store, DEFAULTS, later(1000))
    after = bare_store.issues.summary("morning", 1)
    assert after == before
    assert after["counts"]["sent"] == 5 and after["recipients"] == 5
    assert bare_store.redis.hget(bare_store.keys.issue("morning", 1), "ev_delivered") == events == "5"
    assert bare_store.issues.rendered("morning", 1).html  # the archive page still has its issue


def test_the_engagement_counts_issue_report_reads_survive_the_events_prune(
    bare_store: Store, tmp_path: Path
) -> None:
    sent_issue(bare_store, tmp_path)
    ids = bare_store.issues.recipient_ids("morning", 1, 0, -1)
    issue = ("morning", 1)
    bare_store.engagement.record(
        [(issue, "open", sid) for sid in ids[:3]], [(issue, sid, "https://example.com/a") for sid in ids[:2]]
    )
    people = bare_store.engagement.people("morning", 1, ["open"])
    clicks = bare_store.engagement.clicks("morning", 1)
    report = prune(bare_store, DEFAULTS, later(DEFAULTS.events + 1))
    # The latest event per delivery, who clicked which URL, who opened: counted, the sets go.
    assert report.kinds["events"].keys == 3
    assert not bare_store.redis.exists(bare_store.keys.issue_clickers("morning", 1))
    assert not bare_store.redis.exists(bare_store.keys.issue_people("morning", 1, "open"))
    assert bare_store.engagement.people("morning", 1, ["open"]) == people == {"open": 3}
    assert bare_store.engagement.clicks("morning", 1) == clicks and sum(clicks.values()) == 2


def test_a_dry_run_says_what_a_prune_frees_and_deletes_nothing(bare_store: Store, tmp_path: Path) -> None:
    sent_issue(bare_store, tmp_path)
    keys = sorted(bare_store.redis.scan_iter(match=bare_store.keys.all_keys_pattern()))
    planned = prune(bare_store, DEFAULTS, later(1000), dry_run=True)
    assert sorted(bare_store.redis.scan_iter(match=bare_store.keys.all_keys_pattern())) == keys
    assert planned.bytes > 0 and planned.dry_run
    done = prune(bare_store, DEFAULTS, later(1000))
    assert done.as_dict()["kinds"] == planned.as_dict()["kinds"]


def test_a_second_prune_finds_nothing_more(bare_store: Store, tmp_path: Path) -> None:
    sent_issue(bare_store, tmp_path)
    assert prune(bare_store, DEFAULTS, later(1000)).bytes > 0
    again = prune(bare_store, DEFAULTS, later(1000))
    assert again.bytes == 0 and all(t.items == 0 and t.keys == 0 for t in again.kinds.values())
    assert next(bare_store.retention.issues()).pruned == {"deliveries", "events", "snapshots"}


def test_a_kind_pruned_early_is_not_pruned_again_when_the_next_one_is_due(
    bare_store: Store, tmp_path: Path
) -> None:
    sent_issue(bare_store, tmp_path)
    first = prune(bare_store, DEFAULTS, later(DEFAULTS.snapshots + 1))
    second = prune(bare_store, DEFAULTS, later(DEFAULTS.events + 1))
    assert first.kinds["snapshots"].items == 5 and second.kinds["snapshots"].items == 0
    assert second.kinds["events"].items == 5
    assert next(bare_store.retention.issues()).pruned == {"events", "snapshots"}


@pytest.mark.parametrize(
    "status", [IssueStatus.SENDING, IssueStatus.PAUSED, IssueStatus.DRAFT, IssueStatus.QUEUED]
)
def test_an_issue_not_done_sending_is_never_touched_however_old(
    bare_store: Store, tmp_path: Path, status: IssueStatus
) -> None:
    sent_issue(bare_store, tmp_path)
    bare_store.issues.set_status("morning", 1, status)
    keys = sorted(bare_store.redis.scan_iter(match=bare_store.keys.all_keys_pattern()))
    report = prune(bare_store, DEFAULTS, later(1000))
    assert sorted(bare_store.redis.scan_iter(match=bare_store.keys.all_keys_pattern())) == keys
    assert report.kinds["deliveries"].items == report.kinds["snapshots"].items == 0


def test_a_send_in_progress_keeps_its_snapshot_and_records_mid_way(bare_store: Store, tmp_path: Path) -> None:
    """Half the chunks sent, the issue still sending: a prune in between leaves the send to finish."""
    make_issue(bare_store, 4)
    bare_store.issues.snapshot_recipients("morning", 1, NOW)
    first = bare_store.issues.recipient_ids("morning", 1, 0, 1)
    bare_store.issues.claim("morning", 1, first, NOW, owner="w1")
    prune(bare_store, DEFAULTS, later(1000))
    assert bare_store.issues.recipient_ids("morning", 1, 0, -1)[:2] == first
    assert bare_store.issues.claim("morning", 1, first, NOW, owner="w1") == dict.fromkeys(
        first, "unconfirmed"
    )


def test_an_issue_resumed_while_its_prune_runs_keeps_its_keys(bare_store: Store, tmp_path: Path) -> None:
    """The status is read again inside Redis as the keys go."""
    sent_issue(bare_store, tmp_path)
    issue = next(bare_store.retention.issues())
    assert issue.status == "sent"
    bare_store.issues.set_status("morning", 1, IssueStatus.SENDING)
    names = [bare_store.keys.issue_deliveries("morning", 1)]
    assert not bare_store.retention.unlink_if_settled(issue, names, SETTLED, {"deliveries"})
    assert bare_store.issues.deliveries_count("morning", 1) == 5


def article(store: Store, feed_id: str, article_id: str, seen: datetime) -> None:
    store.articles.save(Article(article_id, feed_id, f"https://example.com/{article_id}", article_id, "Src",
                                seen, ["One point."], "extractive"))  # fmt: skip
    store.feeds.mark_seen_many(feed_id, [(f"id-{article_id}", article_id)], seen)


def test_old_articles_go_unless_an_issue_names_them_or_a_draft_gave_them_back(bare_store: Store) -> None:
    make_issue(bare_store, 1)  # names article a1
    feed = bare_store.feeds.add("https://example.com/feed.xml")
    bare_store.feeds.attach("morning", feed.id)
    old, recent = later(-200), later(-10)
    for article_id, seen in (("a1", old), ("a2", old), ("a3", old), ("a4", recent)):
        article(bare_store, feed.id, article_id, seen)
    bare_store.review.give_back("morning", "", ["a3"])  # issue 1's edition
    report = prune(bare_store, DEFAULTS, NOW)
    assert report.kinds["articles"].items == 1 and report.kinds["articles"].bytes > 0
    assert [a.id for a in bare_store.articles.get_many(["a1", "a2", "a3", "a4"])] == ["a1", "a3", "a4"]
    assert bare_store.feeds.article_ids_between(feed.id, None, NOW) == ["a1", "a3", "a4"]
    # The feed is read: its identities stay, so a2 never comes back as news.
    assert bare_store.feeds.unseen(feed.id, ["id-a2", "id-new"]) == ["id-new"]


def test_identities_of_a_feed_no_list_reads_go_once_it_has_not_been_polled_for_long(
    bare_store: Store,
) -> None:
    make_issue(bare_store, 1)
    read, dropped = (bare_store.feeds.add(f"https://example.com/{n}.xml") for n in ("read", "dropped"))
    for feed in (read, dropped):
        bare_store.feeds.attach("morning", feed.id)
        article(bare_store, feed.id, f"x-{feed.id}", later(-5))
        bare_store.feeds.record_success(feed.id, now=later(-40), title="T", etag="", last_modified="")
    bare_store.feeds.detach("morning", dropped.id)
    report = prune(bare_store, DEFAULTS, NOW)
    assert report.kinds["identities"].items == 1
    assert bare_store.feeds.unseen(read.id, [f"id-x-{read.id}"]) == []
    assert bare_store.feeds.unseen(dropped.id, [f"id-x-{dropped.id}"]) == [f"id-x-{dropped.id}"]
    assert not bare_store.redis.exists(bare_store.keys.feed(dropped.id))
    assert bare_store.articles.exists(f"x-{dropped.id}")  # young: it ages out with the other articles


def test_a_feed_no_list_reads_but_polled_lately_keeps_its_identities(bare_store: Store) -> None:
    make_issue(bare_store, 1)
    feed = bare_store.feeds.add("https://example.com/feed.xml")
    bare_store.feeds.attach("morning", feed.id)
    article(bare_store, feed.id, "a1", later(-5))
    bare_store.feeds.record_success(feed.id, now=later(-1), title="T", etag="", last_modified="")
    bare_store.feeds.detach("morning", feed.id)
    assert prune(bare_store, DEFAULTS, NOW).kinds["identities"].items == 0
    assert bare_store.feeds.unseen(feed.id, ["id-a1"]) == []


def test_throttles_that_would_never_expire_go_and_live_ones_stay(bare_store: Store) -> None:
    assert bare_store.throttle.allow("subscribe", "10.0.0.1", limit=5, window_seconds=60)
    assert bare_store.throttle.first_in("confirm", "ada@example.com", 900)
    leaked = bare_store.keys.throttle("subscribe", "10.0.0.2", 1)
    bare_store.redis.set(leaked, "3")
    report = prune(bare_store, DEFAULTS, NOW)
    assert report.kinds["throttles"].items == 1
    assert not bare_store.redis.exists(leaked)
    assert not bare_store.throttle.first_in("confirm", "ada@example.com", 900)  # the cool-down holds


def test_a_kind_set_to_zero_days_is_kept_for_ever(bare_store: Store, tmp_path: Path) -> None:
    sent_issue(bare_store, tmp_path)
    keep_all = Retention(deliveries=0, events=0, snapshots=0, articles=0, identities=0, throttles=0)
    assert prune(bare_store, keep_all, later(10_000)).bytes == 0
    assert bare_store.issues.deliveries_count("morning", 1) == 5
