"""The archive index as a page worth reading: each issue's title, date and articles, newest first, a
page at a time; only issues that went out to everybody are shown."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from digest.models import IssueStatus
from digest.runtime import Runtime
from tests.support.archive import stored_issue


def _titles(html: str) -> list[str]:
    return re.findall(r"Morning Brief #\d+", html)


def test_the_index_shows_each_issue_with_its_date_and_articles_newest_first(
    client: FlaskClient, runtime: Runtime
) -> None:
    for day in (1, 2, 3):
        stored_issue(runtime.store, day, articles=5)
    html = client.get("/archive/morning").get_data(as_text=True)
    assert _titles(html) == ["Morning Brief #3", "Morning Brief #2", "Morning Brief #1"]
    assert "3 Mar 2026" in html and "1 Mar 2026" in html
    assert "Story 1 of issue 3" in html and "Story 3 of issue 3" in html
    assert "Story 4 of issue 3" not in html and "and 2 more" in html  # a few titles, not the whole issue
    assert '<time datetime="2026-03-03">' in html


def test_unsent_and_catch_up_issues_are_not_in_the_archive(client: FlaskClient, runtime: Runtime) -> None:
    stored_issue(runtime.store, 1)
    stored_issue(runtime.store, 2, catch_up=True)
    stored_issue(runtime.store, 3, status=IssueStatus.DRAFT)
    assert _titles(client.get("/archive/morning").get_data(as_text=True)) == ["Morning Brief #1"]


def test_a_long_archive_comes_a_page_at_a_time(client: FlaskClient, runtime: Runtime) -> None:
    for day in range(1, 26):
        stored_issue(runtime.store, day, articles=1)
    first = client.get("/archive/morning").get_data(as_text=True)
    assert _titles(first) == [f"Morning Brief #{n}" for n in range(25, 5, -1)]
    assert 'href="/archive/morning?page=2"' in first
    second = client.get("/archive/morning?page=2").get_data(as_text=True)
    assert _titles(second) == [f"Morning Brief #{n}" for n in range(5, 0, -1)]
    assert 'href="/archive/morning?page=3"' not in second and 'href="/archive/morning"' in second
    assert client.get("/archive/morning?page=3").status_code == 404
    assert client.get("/archive/morning?page=0").status_code == 404
    assert _titles(client.get("/archive/morning?page=x").get_data(as_text=True))[0] == "Morning Brief #25"
