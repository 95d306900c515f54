"""Behaviour of digest.issues.render: one rendering per issue, placeholders filled per recipient."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.issues.render import (
    MAX_HTML_BYTES,
    NAME,
    NAME_HTML,
    UNSUBSCRIBE_URL,
    UNSUBSCRIBE_URL_HTML,
    personalise,
    render_issue,
)
from digest.models import Article, Issue, IssueStatus, MailingList, Recipient, RenderedIssue

DATA = Path(__file__).resolve().parents[1] / "data"
ARCHIVE = "https://digest.example.com/lists/morning/archive"


def a_list() -> MailingList:
    return MailingList(
        slug="morning",
        name="Morning Brief",
        from_addr="Morning Brief <news@example.com>",
        created_at=datetime(2025, 1, 6, tzinfo=UTC),
        description="The week's reading, in short.",
    )


def an_issue(number: int = 12) -> Issue:
    return Issue(
        id=f"morning-{number}",
        list_slug="morning",
        list_name="Morning Brief",
        number=number,
        subject="",
        created_at=datetime(2025, 11, 3, 7, 0, tzinfo=UTC),
        cutoff=datetime(2025, 11, 3, 6, 0, tzinfo=UTC),
        article_ids=["a1", "a2", "a3"],
        status=IssueStatus.QUEUED,
    )


def an_article(index: int, **changes: object) -> Article:
    article = Article(
        id=f"a{index}",
        feed_id="f1",
        url=f"https://example.com/posts/{index}",
        title=f"Article number {index}",
        source="Example Engineering",
        first_seen_at=datetime(2025, 11, 2, 8, 30, tzinfo=UTC),
        highlights=[f"First highlight of {index}.", f"Second highlight of {index}."],
        highlight_method="explicit",
        published_at=datetime(2025, 11, 1, 9, 0, tzinfo=UTC),
    )
    return replace(article, **changes)  # type: ignore[arg-type]


def fixture_articles() -> list[Article]:
    """The golden issue: fixed dates, one article without a publication date, one with an author."""
    return [
        an_article(
            1,
            title="Why small modules age well",
            url="https://example.com/posts/small-modules",
            author="Ada Lovelace",
            highlights=[
                "Small modules keep the reason for a change next to the change itself, so a reviewer "
                "can follow it without a map of the whole codebase.",
                "Their tests stay fast enough to run on every save.",
            ],
        ),
        an_article(
            2,
            title="Feeds, caches & conditional GET",
            url="https://blog.example.org/etag?ref=rss&utm=1",
            source="Other Blog",
            published_at=None,
            first_seen_at=datetime(2025, 10, 30, 18, 0, tzinfo=UTC),
            highlights=["An ETag costs one header and saves a whole download."],
        ),
        an_article(3, title="A note with no highlights", highlights=[]),
    ]


def render(articles: list[Article] | None = None, **options: str) -> RenderedIssue:
    chosen = fixture_articles() if articles is None else articles
    return render_issue(a_list(), an_issue(), chosen, **options)  # type: ignore[arg-type]


def a_recipient(name: str = "Grace Hopper") -> Recipient:
    return Recipient(
        subscriber_id="s1",
        email="grace@example.com",
        name=name,
        unsubscribe_url="https://digest.example.com/u/tok3n?list=morning&s=s1",
        unsubscribe_mailto="mailto:unsubscribe+s1@digest.example.com",
        preferences_url="https://digest.example.com/p/tok3n",
    )


def test_every_footer_links_the_preferences_page() -> None:
    html, text = personalise(render(), a_recipient())
    assert re.search(r'href="https://digest\.example\.com/p/tok3n"[^>]*>Preferences</a>', html)
    assert "Preferences (edition, a break): https://digest.example.com/p/tok3n" in text


def test_it_inlines_the_stylesheet_into_style_attributes() -> None:
    html = render().html
    assert re.search(r'<td class="cell masthead" style="[^"]*font-size: 28px', html)
    leftover = " ".join(re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S))
    assert re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", leftover).strip() == ""


def test_it_lays_the_issue_out_in_a_600_pixel_table() -> None:
    assert re.search(r'<table class="container"[^>]*width="600"', render().html)


def test_it_links_every_article_title_to_its_article() -> None:
    html = render().html
    assert '<a class="article-link" href="https://example.com/posts/small-modules"' in html
    assert 'href="https://blog.example.org/etag?ref=rss&amp;utm=1"' in html
    for title in ("Why small modules age well", "Feeds, caches &amp; conditional GET"):
        assert re.search(rf"<a [^>]*>{re.escape(title)}</a>", html)


def test_it_lists_two_or_more_highlights_as_bullets() -> None:
    html = render().html
    assert re.search(r"<li [^>]*>Their tests stay fast enough to run on every save\.</li>", html)


def test_it_shows_a_lone_highlight_as_a_paragraph_not_a_one_item_list() -> None:
    html = render().html
    assert re.search(r"<p [^>]*>An ETag costs one header and saves a whole download\.</p>", html)
    assert "<li" not in html.split("Feeds, caches")[1].split("A note with no highlights")[0]


def test_it_shows_the_masthead_number_and_date() -> None:
    rendered = render()
    assert ">Morning Brief</td>" in rendered.html
    assert "Issue #12 · 3 Nov 2025" in rendered.html
    assert rendered.text.startswith("Morning Brief #12 · 3 Nov 2025\n")


def test_it_dates_an_undated_article_by_when_it_was_first_seen() -> None:
    rendered = render()
    assert "Other Blog · 30 Oct 2025" in rendered.html
    assert "Example Engineering · Ada Lovelace · 1 Nov 2025" in rendered.text


def test_it_hides_the_first_highlight_as_the_preheader() -> None:
    rendered = render()
    assert rendered.preheader.startswith("Small modules keep the reason")
    assert re.search(r'<div class="preheader" style="display: none;[^"]*">Small modules keep', rendered.html)


def test_it_keeps_the_preheader_to_what_an_inbox_shows() -> None:
    rendered = render([an_article(1, highlights=["A sentence that never ends " * 500])])
    assert len(rendered.preheader) <= 200
    assert rendered.preheader.endswith("…")


def test_it_puts_the_same_titles_and_highlights_in_the_text_part() -> None:
    text = render().text
    flat = " ".join(text.split())
    for article in fixture_articles():
        assert article.title in flat
        assert f"\n   Read more: {article.url}\n" in text
        bullet = "- " if len(article.highlights) > 1 else ""
        for sentence in article.highlights:
            assert f"{bullet}{sentence}" in flat


def test_it_wraps_the_text_part_at_72_columns_except_urls() -> None:
    long_title = "A title that goes on " * 8
    text = render([an_article(1, title=long_title, url="https://example.com/" + "x" * 90)]).text
    assert all(len(line) <= 72 or line.strip().startswith("https://") for line in text.splitlines())


def test_it_leaves_the_placeholders_for_the_footer_and_greeting() -> None:
    rendered = render()
    assert f'href="{UNSUBSCRIBE_URL_HTML}"' in rendered.html
    assert f"Hi {NAME_HTML}," in rendered.html
    assert f"Unsubscribe: {UNSUBSCRIBE_URL}" in rendered.text
    assert f"Hi {NAME}," in rendered.text
    assert "You receive this because you subscribed to Morning Brief." in rendered.html
    assert "Sent by news@example.com" in rendered.text


def test_it_escapes_html_in_article_content() -> None:
    article = an_article(1, title="<script>alert(1)</script>", highlights=["<b>bold</b> & more"])
    html = render([article]).html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_it_does_not_link_a_title_whose_url_is_not_a_web_address() -> None:
    html = render([an_article(1, url="javascript:alert(1)")]).html
    assert "javascript:" not in html
    assert "Article number 1" in html


def test_it_never_lets_article_text_act_as_a_placeholder() -> None:
    article = an_article(1, title=f"Click {UNSUBSCRIBE_URL_HTML}", highlights=[f"Dear {NAME}"])
    html, text = personalise(render([article]), a_recipient())
    assert html.count("https://digest.example.com/u/") == 1
    assert "Dear Grace" not in text


def test_it_names_the_first_article_in_the_subject_and_counts_the_rest() -> None:
    assert render().subject == "Morning Brief #12: Why small modules age well and 2 more"
    assert render([an_article(1)]).subject == "Morning Brief #12: Article number 1"


def test_it_keeps_a_long_subject_under_120_characters() -> None:
    subject = render([an_article(1, title="Very long words " * 20), an_article(2)]).subject
    assert len(subject) <= 120
    assert subject.startswith("Morning Brief #12: Very long words")
    assert subject.endswith("… and 1 more")


def test_it_drops_articles_from_the_end_to_stay_under_100_kb() -> None:
    many = [
        an_article(
            index, title=f"Long article {index}", highlights=[f"Sentence {index} " + "word " * 150] * 4
        )
        for index in range(1, 81)
    ]
    rendered = render(many, archive_url=ARCHIVE)
    html, text = personalise(rendered, a_recipient())
    kept = len(re.findall(r'class="article-link"', html))
    assert len(html.encode("utf-8")) < MAX_HTML_BYTES
    assert 0 < kept < 80
    assert "Long article 1<" in html and f"Long article {kept}<" in html
    assert f"Long article {kept + 1}<" not in html
    more = f"and {80 - kept} more articles in the archive"
    assert re.search(rf'<a class="more-link" href="{ARCHIVE}"[^>]*>{more}</a>', html)
    assert f"and {80 - kept} more articles in the archive:\n{ARCHIVE}\n" in text
    assert f"Long article {kept + 1}\n" not in text


def test_it_keeps_every_article_when_they_fit() -> None:
    rendered = render()
    assert "more article" not in rendered.html
    assert "more article" not in rendered.text


def test_it_renders_from_the_templates_folder_it_is_given(tmp_path: Path) -> None:
    email = tmp_path / "email"
    email.mkdir()
    (email / "digest-subject.txt.j2").write_text("{{ list_name }} custom")
    (email / "digest-body.html.j2").write_text("<p>{{ articles | length }} articles</p>")
    (email / "digest-body.txt.j2").write_text("{{ articles | length }} articles")
    rendered = render_issue(a_list(), an_issue(), fixture_articles(), templates_dir=tmp_path)
    assert rendered.subject == "Morning Brief custom"
    assert "<p>3 articles</p>" in rendered.html
    assert rendered.text == "3 articles"


@pytest.mark.parametrize("suffix", ["txt", "html"])
def test_it_renders_the_fixture_issue_like_the_golden_files(suffix: str) -> None:
    rendered = render(archive_url=ARCHIVE)
    actual = rendered.text if suffix == "txt" else rendered.html
    golden = DATA / f"digest-golden.{suffix}"
    if os.environ.get("DIGEST_REGENERATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: run with DIGEST_REGENERATE_GOLDEN=1 and review it"
    assert actual == golden.read_text(encoding="utf-8")
