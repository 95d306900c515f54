"""Behaviour of digest.issues.archived: the issue's archive page is the mail as sent, with its "View in
browser" line leading back to the archive instead."""

from __future__ import annotations

import lxml.html

from digest.issues.archived import BACK, for_archive
from digest.issues.render import personalise, render_issue
from tests.issues.test_render import ARCHIVE, a_list, a_recipient, an_issue, fixture_articles


def links(markup: str) -> dict[str, str]:
    return {a.text_content(): a.get("href") for a in lxml.html.document_fromstring(markup).iter("a")}


def test_the_view_in_browser_line_leads_back_to_the_archive_and_nothing_else_changes() -> None:
    sent, _text = personalise(
        render_issue(a_list(), an_issue(), fixture_articles(), archive_url=ARCHIVE), a_recipient()
    )
    page = for_archive(sent, "/archive/morning")
    assert "View in browser" in sent and "View in browser" not in page
    assert links(page)[BACK] == "/archive/morning"
    assert (
        page.replace(BACK, "View in browser").replace('href="/archive/morning"', f'href="{ARCHIVE}/12"', 1)
        == sent
    )


def test_an_issue_sent_without_the_line_gets_one_above_everything() -> None:
    sent, _text = personalise(render_issue(a_list(), an_issue(), fixture_articles()), a_recipient())
    page = for_archive(sent, "/archive/morning")
    assert "View in browser" not in sent
    assert links(page)[BACK] == "/archive/morning"
    body = page.split("<body", 1)[1]
    assert body.index(BACK) < body.index("Morning Brief")


def test_the_archive_address_is_escaped() -> None:
    page = for_archive("<html><body><p>x</p></body></html>", '/archive/a"><script>')
    assert "<script>" not in page and 'href="/archive/a&quot;&gt;&lt;script&gt;"' in page
