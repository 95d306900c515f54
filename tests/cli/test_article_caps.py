"""An issue's limits never hide articles silently: `articles list`, the preview and `issue show` say
how many each limit left out, and by which flag."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import ok, succeeds
from tests.support.feedserver import Server, numbered_feed, serve


@pytest.fixture
def server(morning: str) -> Iterator[Server]:
    with serve({"/twelve.xml": numbered_feed(12)}) as running:
        yield running


def test_every_view_of_a_capped_issue_says_how_many_were_left_out(server: Server, tmp_path: Path) -> None:
    succeeds("subscribers", "add", "morning", "ada@example.com")
    succeeds("feeds", "add", "morning", f"{server.base}/twelve.xml")
    succeeds("feeds", "poll", "morning")
    assert len(ok("articles", "list", "morning")) == 10
    assert "2 left out by --max-per-feed 10" in succeeds("articles", "list", "morning")
    succeeds("schedule", "set", "morning", "daily 07:00", "--max-articles", "5")
    said = "7 left out: 5 by --max-articles 5, 2 by --max-per-feed 10"
    assert said in succeeds("articles", "list", "morning")
    assert said in succeeds("issue", "preview", "morning", "--out", str(tmp_path))
    previewed = ok("issue", "preview", "morning", "--out", str(tmp_path))
    assert previewed["left_out"] == {"--max-articles 5": 5, "--max-per-feed 10": 2}
    sent = ok("issue", "send", "morning", "--inline")
    assert sent["articles"] == 5
    assert said in succeeds("issue", "show", sent["id"])
    assert ok("issue", "show", sent["id"])["left_out"] == {"--max-articles 5": 5, "--max-per-feed 10": 2}
