"""The admin CLI through click's runner, against real Redis and the sample feed on a local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import fails, run


def test_every_data_command_answers_json(morning: str, sample_feed_url: str) -> None:
    added = json.loads(
        run("subscribers", "add", morning, " Ada@Example.COM ", "--name", "Ada", "--json").output
    )
    assert added["email"] == "Ada@example.com"
    feed = json.loads(run("feeds", "add", morning, sample_feed_url, "--json").output)
    assert feed["entries"] == 4 and feed["title"]
    polled = json.loads(run("feeds", "poll", morning, "--json").output)
    assert polled[0]["new"] == 4
    pending = json.loads(run("articles", "list", morning, "--json").output)
    assert len(pending) == 4 and all(a["highlights"] for a in pending)
    listed = json.loads(run("lists", "list", "--json").output)
    assert listed[0]["subscribers"]["active"] == 1 and listed[0]["feeds"] == 1
    subs = json.loads(run("subscribers", "list", morning, "--json").output)
    assert [s["email"] for s in subs] == ["Ada@example.com"]


def test_an_address_is_one_subscriber_however_it_is_typed(morning: str) -> None:
    first = json.loads(run("subscribers", "add", morning, "ada@EXAMPLE.com", "--json").output)
    second = json.loads(run("subscribers", "add", morning, "  ada@example.com", "--json").output)
    assert first["id"] == second["id"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("subscribers", "add", "nosuch", "a@example.com"), "no list 'nosuch'"),
        (("subscribers", "add", "morning", "not-an-address"), "is not a valid email address"),
        (("lists", "create", "morning", "--name", "x", "--from", "x@example.com"), "exists already"),
        (
            ("lists", "create", "Bad Slug", "--name", "x", "--from", "x@example.com"),
            "slug 'Bad Slug' is not valid",
        ),
        (("lists", "create", "other", "--name", "x", "--from", "nobody"), "is not a valid email address"),
        (("subscribers", "add", "morning", "a@example.com", "--attr", "novalue"), "is not key=value"),
        (("feeds", "add", "morning", "file:///etc/passwd"), "only http and https"),
        (("issue", "status", "morning-99"), "no issue 'morning-99'"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line_naming_the_problem(
    morning: str, args: tuple[str, ...], message: str
) -> None:
    assert message in fails(*args)


def test_a_page_that_is_not_a_feed_is_refused_on_add(morning: str, sample_feed_url: str) -> None:
    page = sample_feed_url.replace("feed.xml", "pages/harbour-line-extension.html")
    result = run("feeds", "add", morning, page)
    assert result.exit_code == 1
    assert "is not a feed (an HTML page)" in result.output


def test_preview_renders_the_next_issue_without_sending(
    morning: str, sample_feed_url: str, tmp_path: Path
) -> None:
    run("subscribers", "add", morning, "ada@example.com")
    run("feeds", "add", morning, sample_feed_url)
    run("feeds", "poll", morning)
    shown = json.loads(run("issue", "preview", morning, "--out", str(tmp_path / "p"), "--json").output)
    html = Path(shown["html"]).read_text()
    assert shown["articles"] == 4 and "Istanbul" in html
    assert not (tmp_path / "outbox").exists()
    # Nothing was stored: the articles still wait for the first real issue.
    assert len(json.loads(run("articles", "list", morning, "--json").output)) == 4


def test_issue_send_inline_delivers_and_a_second_send_says_nothing_is_new(
    morning: str, sample_feed_url: str, tmp_path: Path
) -> None:
    run("subscribers", "add", morning, "ada@example.com")
    run("subscribers", "add", morning, "bob@example.com", "--status", "pending")
    run("feeds", "add", morning, sample_feed_url)
    run("feeds", "poll", morning)
    sent = json.loads(run("issue", "send", morning, "--inline", "--json").output)
    assert sent["status"] == "sent" and sent["counts"]["sent"] == 1
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
    again = run("issue", "send", morning, "--inline")
    assert "nothing new" in again.output
    status = json.loads(run("issue", "status", sent["id"], "--json").output)
    assert status["counts"]["sent"] == 1


def test_highlights_reads_a_saved_page(env: dict[str, str]) -> None:
    from importlib import resources

    page = resources.files("digest") / "sample" / "pages" / "pakistan-gaza-istanbul.html"
    shown = json.loads(run("highlights", str(page), "--json").output)
    assert shown["method"] == "explicit"
    assert shown["highlights"][0].startswith("Pakistan’s Foreign Minister Ishaq Dar")
    assert "Pakistan" in shown["title"]


def test_articles_since_lists_what_was_collected_even_after_an_issue_took_it(
    morning: str, sample_feed_url: str
) -> None:
    run("subscribers", "add", morning, "ada@example.com")
    run("feeds", "add", morning, sample_feed_url)
    run("feeds", "poll", morning)
    run("issue", "send", morning, "--inline")
    assert json.loads(run("articles", "list", morning, "--json").output) == []
    recent = json.loads(run("articles", "list", morning, "--since", "1h", "--json").output)
    assert len(recent) == 4
    assert json.loads(run("articles", "list", morning, "--since", "2999-01-01", "--json").output) == []
    bad = run("articles", "list", morning, "--since", "yesterday")
    assert bad.exit_code == 1 and "--since 'yesterday' is not a time" in bad.output
