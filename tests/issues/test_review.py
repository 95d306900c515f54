"""Editorial review, through the CLI as an editor uses it, on real Redis and the outbox: a list under
review builds drafts, mails its editors a copy, and sends only what was approved (once), or what its
timeout says; a dropped draft never reaches a subscriber and gives its articles back."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from digest.delivery.fanout import start_send
from digest.issues import review
from digest.runtime import Runtime, utcnow
from tests.support.cli import fails, ok, run, succeeds
from tests.support.readback import outbox


@pytest.fixture
def reviewed(morning: str, sample_feed_url: str) -> str:
    """`morning` under review by ed@example.com, with Ada subscribed and four articles collected."""
    succeeds("subscribers", "add", "morning", "ada@example.com", "--name", "Ada")
    succeeds("feeds", "add", "morning", sample_feed_url)
    succeeds("feeds", "poll", "morning")
    succeeds("lists", "update", "morning", "--review", "on", "--editors", "ed@example.com",
             "--review-timeout", "1h")  # fmt: skip
    return morning


def _mailed_to(folder: Path, address: str) -> list[str]:
    return [str(m["Subject"]) for m in outbox(folder) if m["To"].addresses[0].addr_spec == address]


def test_under_review_a_build_is_a_draft_and_only_the_editors_get_a_copy(
    reviewed: str, tmp_path: Path
) -> None:
    sent = ok("issue", "send", "morning", "--inline")
    assert sent["status"] == "draft" and sent["drafts"] == ["morning-1"] and sent["counts"]["sent"] == 0
    assert _mailed_to(tmp_path / "outbox", "ada@example.com") == []
    (copy,) = outbox(tmp_path / "outbox")
    assert copy["To"] == "ed@example.com" and copy["Subject"].startswith("[Test] Morning #1")
    text = copy.get_body(("plain",))
    assert text is not None
    assert "digest issue approve morning 1" in text.get_content()
    shown = ok("issue", "show", "morning-1")
    assert shown["status"] == "draft" and shown["review_deadline"]
    assert "waiting for review" in succeeds("issue", "show", "morning-1")


def test_approve_sends_the_draft_once_even_when_given_twice(reviewed: str, tmp_path: Path) -> None:
    succeeds("issue", "send", "morning", "--inline")
    assert ok("issue", "send", "morning", "--inline")["waiting_for_review"] == ["morning-1"]
    first = ok("issue", "approve", "morning", "1", "--inline")
    second = ok("issue", "approve", "morning", "1", "--inline")
    assert first["approved_now"] is True and first["status"] == "sent"
    assert second["approved_now"] is False
    assert len(_mailed_to(tmp_path / "outbox", "ada@example.com")) == 1
    assert ok("issue", "status", "morning-1")["counts"]["sent"] == 1


def test_drop_removes_one_article_by_its_number_or_its_url(reviewed: str, runtime: Runtime) -> None:
    succeeds("issue", "send", "morning", "--inline")
    before = ok("issue", "show", "morning-1")["article_list"]
    gone = ok("issue", "drop", "morning", "1", "2")
    assert gone["removed"]["title"] == before[1]["title"] and gone["articles"] == 3
    ok("issue", "drop", "morning", "1", before[3]["url"])
    left = [a["title"] for a in ok("issue", "show", "morning-1")["article_list"]]
    assert left == [before[0]["title"], before[2]["title"]]
    html = runtime.store.issues.rendered("morning", 1).html
    assert before[1]["title"] not in html and before[0]["title"] in html
    assert "has no article 9" in fails("issue", "drop", "morning", "1", "9")


def test_edit_highlights_replaces_them_in_this_draft_only(reviewed: str, runtime: Runtime) -> None:
    succeeds("issue", "send", "morning", "--inline")
    first = ok("issue", "show", "morning-1")["article_list"][0]
    ok("issue", "edit-highlights", "morning", "1", "1", "--text", "An editor's line.", "--text", "Another.")
    shown = ok("issue", "show", "morning-1")["article_list"][0]
    assert shown["highlights"] == ["An editor's line.", "Another."]
    assert "An editor's line." in runtime.store.issues.rendered("morning", 1).text
    stored = runtime.store.articles.get_many([runtime.store.issues.get("morning", 1).article_ids[0]])[0]
    assert stored.highlights == first["highlights"]  # the article keeps its own for other lists
    run(
        "issue",
        "edit-highlights",
        "morning",
        "1",
        "2",
        "--json",
        input="- Piped in.\n\nSecond\x1b[31m.\n",
        code=0,
    )
    assert ok("issue", "show", "morning-1")["article_list"][1]["highlights"] == ["Piped in.", "Second[31m."]


def test_a_draft_past_its_time_is_sent_when_the_list_says_send(reviewed: str, runtime: Runtime) -> None:
    succeeds("issue", "send", "morning", "--inline")
    store = runtime.store
    assert review.settle_due(store, "morning", utcnow()) == []  # not yet
    assert review.settle_due(store, "morning", utcnow() + timedelta(hours=2)) == [1]
    assert store.issues.get("morning", 1).status == "queued"
    assert review.settle_due(store, "morning", utcnow() + timedelta(hours=3)) == []  # once


def test_a_draft_past_its_time_is_dropped_and_gives_its_articles_back(
    reviewed: str, runtime: Runtime, tmp_path: Path
) -> None:
    succeeds("lists", "update", "morning", "--on-timeout", "drop")
    succeeds("issue", "send", "morning", "--inline")
    store = runtime.store
    assert review.settle_due(store, "morning", utcnow() + timedelta(hours=2)) == []
    assert store.issues.get("morning", 1).status == "dropped"
    assert start_send(store, "morning", 1, utcnow()) == []  # a stray send finds nobody to send to
    assert "was dropped" in fails("issue", "approve", "morning", "1")
    succeeds("lists", "update", "morning", "--review", "off")
    again = ok("issue", "send", "morning", "--inline")
    assert again["id"] == "morning-2" and again["articles"] == 4 and again["counts"]["sent"] == 1
    assert len(_mailed_to(tmp_path / "outbox", "ada@example.com")) == 1


def test_cancelling_a_draft_drops_it(reviewed: str, runtime: Runtime) -> None:
    succeeds("issue", "send", "morning", "--inline")
    assert ok("issue", "cancel", "morning-1")["status"] == "dropped"
    assert "only a draft can be changed" in fails("issue", "drop", "morning", "1", "1")


def test_review_needs_an_editor_and_a_timeout_it_can_read(morning: str) -> None:
    assert "needs an editor" in fails("lists", "update", "morning", "--review", "on")
    assert "review timeout" in fails("lists", "update", "morning", "--review-timeout", "soon")
    succeeds("lists", "update", "morning", "--review", "on", "--editors", "a@example.com,b@example.com")
    shown = ok("lists", "show", "morning")
    assert shown["review"] == "on" and shown["editors"] == ["a@example.com", "b@example.com"]
    assert shown["review_timeout_seconds"] == 6 * 3600 and shown["on_timeout"] == "send"
    assert "nothing to change" in fails("lists", "update", "morning")


def test_approvals_racing_each_other_release_the_draft_once(reviewed: str, runtime: Runtime) -> None:
    succeeds("issue", "send", "morning", "--inline")
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: review.approve(runtime.store, "morning", 1), range(8)))
    assert results.count(True) == 1
    assert review.settle_due(runtime.store, "morning", utcnow() + timedelta(hours=2)) == []


def test_an_editors_highlights_are_bounded_and_cleaned(reviewed: str) -> None:
    succeeds("issue", "send", "morning", "--inline")
    too_many = [arg for n in range(7) for arg in ("--text", f"Line {n}.")]
    assert "at most 6" in fails("issue", "edit-highlights", "morning", "1", "1", *too_many)
    assert "longer than 500" in fails("issue", "edit-highlights", "morning", "1", "1", "--text", "x" * 501)
    assert "no highlights given" in fails("issue", "edit-highlights", "morning", "1", "1", "--text", " \t")
