"""`digest lists …` through the CLI runner, against real Redis."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.issues.build import build_issue
from digest.store import Store
from tests.support.cli import fails, ok, run, snapshot, succeeds

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


def _create(slug: str, *extra: str) -> dict[str, object]:
    return ok("lists", "create", slug, "--name", slug.title(), "--from", f"News <{slug}@example.com>", *extra)


def test_it_creates_a_list_and_shows_it(env: dict[str, str]) -> None:
    created = _create("morning", "--reply-to", "editor@example.com", "--description", "Daily")
    assert created["slug"] == "morning" and created["reply_to"] == "editor@example.com"
    shown = ok("lists", "show", "morning")
    assert shown["name"] == "Morning" and shown["description"] == "Daily"
    assert shown["from"] == "News <morning@example.com>"
    assert shown["last_issue"] is None and shown["next_run"] is None


def test_lists_list_counts_subscribers_by_status(env: dict[str, str]) -> None:
    _create("morning")
    _create("evening")
    for email, status in [
        ("a@example.com", "active"),
        ("b@example.com", "active"),
        ("c@example.com", "pending"),
    ]:
        ok("subscribers", "add", "morning", email, "--status", status)
    ok("subscribers", "add", "morning", "d@example.com", "--status", "unsubscribed")
    ok("subscribers", "add", "evening", "a@example.com", "--status", "bounced")
    listed = {d["slug"]: d for d in ok("lists", "list")}
    assert listed["morning"]["subscribers"] == {
        "pending": 1,
        "active": 2,
        "unsubscribed": 1,
        "bounced": 0,
        "complained": 0,
    }
    assert listed["evening"]["subscribers"]["bounced"] == 1
    assert listed["evening"]["subscribers"]["active"] == 0
    human = run("lists", "list")
    assert human.exit_code == 0 and "morning" in human.output and "evening" in human.output


def test_a_status_change_moves_the_count(env: dict[str, str]) -> None:
    _create("morning")
    ok("subscribers", "add", "morning", "a@example.com")
    ok("subscribers", "add", "morning", "a@example.com", "--status", "complained")
    counts = ok("subscribers", "count", "morning")
    assert counts["active"] == 0 and counts["complained"] == 1 and counts["total"] == 1


def test_it_updates_only_the_fields_given(env: dict[str, str]) -> None:
    _create("morning", "--description", "Daily")
    updated = ok("lists", "update", "morning", "--name", "Morning Digest", "--reply-to", "ed@example.com")
    assert updated["name"] == "Morning Digest" and updated["reply_to"] == "ed@example.com"
    assert updated["description"] == "Daily" and updated["from"] == "News <morning@example.com>"
    cleared = ok("lists", "update", "morning", "--reply-to", "")
    assert cleared["reply_to"] == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("lists", "create", "morning", "--name", "x", "--from", "x@example.com"), "exists already"),
        (("lists", "show", "nosuch"), "no list 'nosuch'"),
        (("lists", "update", "nosuch", "--name", "x"), "no list 'nosuch'"),
        (("lists", "update", "morning"), "nothing to change"),
        (("lists", "update", "morning", "--from", "nobody"), "is not a valid email address"),
        (("lists", "update", "morning", "--name", " "), "--name must not be empty"),
        (("lists", "delete", "nosuch", "--yes"), "no list 'nosuch'"),
    ],
)
def test_bad_list_input_fails_with_one_line(env: dict[str, str], args: tuple[str, ...], message: str) -> None:
    _create("morning")
    assert message in fails(*args)


def test_a_duplicate_create_leaves_the_first_list_as_it_was(env: dict[str, str]) -> None:
    _create("morning")
    fails("lists", "create", "morning", "--name", "Other", "--from", "other@example.com")
    assert ok("lists", "show", "morning")["name"] == "Morning"


def test_delete_removes_the_list_and_nothing_of_other_lists(
    env: dict[str, str], store: Store, sample_feed_url: str
) -> None:
    _create("morning")
    _create("evening")
    for slug in ("morning", "evening"):
        ok("subscribers", "add", slug, "shared@example.com", "--name", "Shared")
        ok("feeds", "add", slug, sample_feed_url)
    ok("subscribers", "add", "morning", "only-morning@example.com")
    ok("feeds", "poll", "--all")
    assert ok("issue", "send", "morning", "--inline")["status"] == "sent"
    evening_before = {k: v for k, v in snapshot(store).items() if "{evening}" in k}

    deleted = ok("lists", "delete", "morning", "--yes")

    assert deleted["deleted"] == "morning" and deleted["keys"] > 5
    after = snapshot(store)
    assert not [k for k in after if "{morning}" in k]
    assert {k: v for k, v in after.items() if "{evening}" in k} == evening_before
    assert [d["slug"] for d in ok("lists", "list")] == ["evening"]
    shared = ok("subscribers", "show", "shared@example.com")
    assert [m["list"] for m in shared["lists"]] == ["evening"]
    assert ok("subscribers", "show", "only-morning@example.com")["lists"] == []
    assert len(ok("feeds", "list", "evening")) == 1  # the shared feed stays for the list that reads it
    assert "no issue 'morning-1'" in fails("issue", "status", "morning-1")
    (feed_id,) = store.feeds.all_ids()
    assert store.redis.smembers(store.keys.feed_lists(feed_id)) == {"evening"}


def test_a_feed_only_the_deleted_list_read_leaves_the_poll(
    env: dict[str, str], store: Store, sample_feed_url: str
) -> None:
    _create("morning")
    ok("feeds", "add", "morning", sample_feed_url)
    ok("lists", "delete", "morning", "--yes")
    assert store.feeds.all_ids() == []


def test_delete_asks_first_and_keeps_everything_on_no(env: dict[str, str], store: Store) -> None:
    _create("morning")
    ok("subscribers", "add", "morning", "a@example.com")
    before = snapshot(store)
    answered = run("lists", "delete", "morning", input="n\n")
    assert answered.exit_code == 1 and "Delete list 'morning'" in answered.output
    assert snapshot(store) == before
    confirmed = run("lists", "delete", "morning", input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert ok("lists", "list") == []


def test_delete_is_refused_while_an_issue_is_being_sent(
    env: dict[str, str], store: Store, sample_feed_url: str
) -> None:
    _create("morning")
    ok("subscribers", "add", "morning", "a@example.com")
    ok("feeds", "add", "morning", sample_feed_url)
    ok("feeds", "poll", "morning")
    now = datetime.now(UTC)
    issue = build_issue(store, "morning", now)
    assert issue is not None
    store.issues.snapshot_recipients("morning", issue.number, now)  # the send has started
    before = snapshot(store)

    message = fails("lists", "delete", "morning", "--yes")

    assert "has a send in progress (issue morning-1)" in message
    assert snapshot(store) == before


@pytest.mark.parametrize("command", ["create", "list", "show", "update", "delete"])
def test_every_lists_command_has_help_with_an_example(command: str) -> None:
    shown = run("lists", command, "--help")
    assert shown.exit_code == 0 and "Example: digest lists" in shown.output


def _next_local_run(zone: str, hour: int, minute: int) -> datetime:
    """The next hh:mm on the clock of `zone`, worked out by hand from the zone's own rules."""
    tz = ZoneInfo(zone)
    now = datetime.now(tz)
    for days in range(3):
        day = (now + timedelta(days=days)).date()
        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        if candidate > now:
            return candidate
    raise AssertionError("no run within three days")


def test_the_next_run_is_labelled_with_the_lists_zone_and_given_in_utc_too(env: dict[str, str]) -> None:
    _create("morning")
    ok("schedule", "set", "morning", "daily 03:17", "--tz", "America/New_York")
    local = _next_local_run("America/New_York", 3, 17)
    utc = local.astimezone(UTC)
    for args in (("lists", "list"), ("lists", "show", "morning")):
        shown = succeeds(*args)
        assert f"{local:%Y-%m-%d} 03:17 America/New_York" in shown, shown
        assert f"{utc:%H:%M} UTC" in shown, shown
        assert "03:17 UTC" not in shown


def test_show_prints_people_words_not_python_structures(env: dict[str, str]) -> None:
    _create("morning", "--description", "Daily")
    ok("subscribers", "add", "morning", "a@example.com")
    ok("subscribers", "add", "morning", "b@example.com", "--status", "pending")
    ok("schedule", "set", "morning", "daily 07:00", "--tz", "Europe/Istanbul")
    shown = succeeds("lists", "show", "morning")
    assert not re.search(r"[{}\[\]]|'\w+':|\bTrue\b|\bFalse\b|\bNone\b", shown), shown
    assert not re.search(r"\d\d:\d\d:\d\d", shown), shown  # one date format: no ISO timestamps
    assert re.search(r"active\s*│?\s*1\b", shown) and re.search(r"pending\s*│?\s*1\b", shown), shown
    assert "daily 07:00" in shown and "Europe/Istanbul" in shown
    assert f"{datetime.now(UTC):%Y-%m-%d}" in shown  # created today, in the one date format


def test_a_list_can_turn_its_greeting_off_and_the_preview_greets_no_made_up_reader(
    env: dict[str, str], sample_feed_url: str
) -> None:
    _create("morning")
    ok("feeds", "add", "morning", sample_feed_url)
    ok("feeds", "poll", "morning")
    preview = ok("issue", "preview", "morning")
    text = Path(preview["text"]).read_text(encoding="utf-8")
    assert "Hi there," in text.splitlines()
    assert ok("lists", "show", "morning")["greeting"] is True

    assert ok("lists", "update", "morning", "--greeting", "off")["greeting"] is False
    assert ok("lists", "show", "morning")["greeting"] is False
    quiet = ok("issue", "preview", "morning")
    assert "Hi " not in Path(quiet["text"]).read_text(encoding="utf-8")
    assert "Hi " not in Path(quiet["html"]).read_text(encoding="utf-8")
    assert ok("lists", "update", "morning", "--greeting", "on")["greeting"] is True
    assert "Hi there," in Path(ok("issue", "preview", "morning")["text"]).read_text(encoding="utf-8")


def test_a_list_turns_utm_tags_on_and_its_preview_links_carry_them(
    env: dict[str, str], sample_feed_url: str
) -> None:
    _create("morning")
    ok("feeds", "add", "morning", sample_feed_url)
    ok("feeds", "poll", "morning")
    assert ok("lists", "show", "morning")["utm"] is False
    assert "utm_source" not in Path(ok("issue", "preview", "morning")["text"]).read_text(encoding="utf-8")
    assert ok("lists", "update", "morning", "--utm", "on")["utm"] is True
    text = Path(ok("issue", "preview", "morning")["text"]).read_text(encoding="utf-8")
    assert "?utm_source=morning&utm_medium=email&utm_campaign=morning-1" in text
    assert ok("lists", "update", "morning", "--utm", "off")["utm"] is False


def test_a_list_turns_article_images_off_and_on(env: dict[str, str]) -> None:
    _create("morning")
    assert ok("lists", "show", "morning")["images"] is True
    assert ok("lists", "update", "morning", "--images", "off")["images"] is False
    assert ok("lists", "show", "morning")["images"] is False
    assert ok("lists", "update", "morning", "--images", "on")["images"] is True


def test_a_list_groups_its_digest_by_feed_when_asked(env: dict[str, str], sample_feed_url: str) -> None:
    _create("morning")
    ok("feeds", "add", "morning", sample_feed_url)
    ok("feeds", "poll", "morning")
    assert ok("lists", "show", "morning")["group_by"] == "none"
    text = Path(ok("issue", "preview", "morning")["text"]).read_text(encoding="utf-8")
    assert "The Meridian Wire\n-----------------\n" not in text
    assert ok("lists", "update", "morning", "--group-by", "feed")["group_by"] == "feed"
    assert re.search(r"group by\s+feed", succeeds("lists", "show", "morning"))
    text = Path(ok("issue", "preview", "morning")["text"]).read_text(encoding="utf-8")
    assert "The Meridian Wire\n-----------------\n\n1. " in text
    refused = run("lists", "update", "morning", "--group-by", "topic", code=2).output
    assert "'topic' is not one of 'feed', 'none'" in refused
