"""`digest issue send | preview` say what is really the case: a list nobody would receive is not sent
to (nothing spent), a list without feeds is told how to get one, and `--sample` previews the template
without new articles."""

from __future__ import annotations

import time
from pathlib import Path

from digest.runtime import Runtime
from tests.support.cli import fails, ok, run, succeeds


def test_send_to_a_list_without_active_subscribers_is_refused_and_spends_nothing(
    morning: str, sample_feed_url: str
) -> None:
    succeeds("feeds", "add", morning, sample_feed_url)
    succeeds("feeds", "poll", morning)
    run("subscribers", "add", morning, "pending@example.com", "--status", "pending", code=0)
    waiting = [a["id"] for a in ok("articles", "list", morning)]
    assert len(waiting) == 4
    line = fails("issue", "send", morning, "--inline")
    assert "no active subscribers" in line and "--allow-empty" in line
    assert [a["id"] for a in ok("articles", "list", morning)] == waiting
    assert ok("issue", "list", morning) == []
    sent = ok("issue", "send", morning, "--inline", "--allow-empty")
    assert sent["recipients"] == 0 and sent["articles"] == 4
    assert ok("articles", "list", morning) == []


def test_a_scheduled_build_for_a_list_without_active_subscribers_spends_nothing(
    morning: str, sample_feed_url: str
) -> None:
    succeeds("feeds", "add", morning, sample_feed_url)
    succeeds("schedule", "set", morning, "daily 07:00")
    done = ok("schedule", "run-now", morning, "--inline")
    assert done["status"] == "no-subscribers" and done["issues"] == []
    time.sleep(1)  # run-now's slot is the current second: the next one is a slot of its own
    assert "no active subscribers" in succeeds("schedule", "run-now", morning, "--inline")
    assert len(ok("articles", "list", morning)) == 4
    assert Runtime.from_env().store.issues.numbers(morning) == []


def test_preview_of_a_list_without_feeds_says_how_to_add_one(morning: str, tmp_path: Path) -> None:
    line = fails("issue", "preview", morning, "--out", str(tmp_path))
    assert "has no feeds" in line and f"digest feeds add {morning} URL" in line
    assert "last issue" not in line
    assert list(tmp_path.iterdir()) == []


def test_preview_before_the_first_poll_says_nothing_is_collected_yet(
    morning: str, sample_feed_url: str, tmp_path: Path
) -> None:
    succeeds("feeds", "add", morning, sample_feed_url)
    said = succeeds("issue", "preview", morning, "--out", str(tmp_path))
    assert "no articles collected" in said and f"digest feeds poll {morning}" in said
    assert "last issue" not in said and "--sample" in said


def test_preview_sample_renders_the_bundled_sample_before_any_issue(morning: str, tmp_path: Path) -> None:
    shown = ok("issue", "preview", morning, "--sample", "--out", str(tmp_path))
    assert shown["articles"] == 4 and shown["source"] == "the bundled sample"
    html = Path(shown["html"]).read_text(encoding="utf-8")
    assert "Deep-sea microbes found breaking down plastic" in html
    assert Runtime.from_env().store.issues.numbers(morning) == []


def test_preview_sample_renders_the_last_issues_articles_once_there_is_one(
    morning: str, sample_feed_url: str, tmp_path: Path
) -> None:
    succeeds("subscribers", "add", morning, "ada@example.com")
    succeeds("feeds", "add", morning, sample_feed_url)
    succeeds("feeds", "poll", morning)
    sent = ok("issue", "send", morning, "--inline")
    said = succeeds("issue", "preview", morning, "--out", str(tmp_path))
    assert f"since its last issue ({sent['id']})" in said and "--sample" in said
    shown = ok("issue", "preview", morning, "--sample", "--out", str(tmp_path))
    assert shown["articles"] == 4 and shown["source"] == f"the articles of {sent['id']}"
    assert Runtime.from_env().store.issues.numbers(morning) == [1]
