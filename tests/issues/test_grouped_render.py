"""The digest grouped by feed (`lists update LIST --group-by feed`): a heading per feed, in HTML and plain
text alike, feed titles escaped and never a working placeholder."""

from __future__ import annotations

import re
from dataclasses import replace

from digest.issues.render import personalise, render_issue
from digest.models import Article, Feed, Grouping, RenderedIssue
from tests.issues.test_render import ARCHIVE, a_list, a_recipient, an_article, an_issue

FEEDS = [
    Feed(id="f2", url="https://b.example.org/feed.xml", title="Systems & Stories"),
    Feed(id="f1", url="https://a.example.com/rss", title="Example Engineering"),
]


def articles() -> list[Article]:
    return [
        an_article(1, feed_id="f1", title="Engineering one"),
        an_article(2, feed_id="f2", title="Stories one", highlights=["Only one highlight."]),
        an_article(3, feed_id="f1", title="Engineering two"),
    ]


def render(
    group_by: Grouping, shown: list[Article] | None = None, feeds: list[Feed] = FEEDS
) -> RenderedIssue:
    mailing_list = replace(a_list(), group_by=group_by)
    chosen = articles() if shown is None else shown
    return render_issue(mailing_list, an_issue(), chosen, archive_url=ARCHIVE, feeds=feeds)


def order_in(markup: str, *needles: str) -> list[int]:
    return [markup.index(needle) for needle in needles]


def test_ungrouped_the_issue_has_no_feed_headings_and_keeps_its_order() -> None:
    rendered = render(Grouping.NONE)
    assert 'class="group-title"' not in rendered.html
    assert "Example Engineering\n---" not in rendered.text
    places = order_in(rendered.html, "Engineering one", "Stories one", "Engineering two")
    assert places == sorted(places)
    assert re.search(
        r"^1\. Engineering one$.*^2\. Stories one$.*^3\. Engineering two$", rendered.text, re.M | re.S
    )


def test_grouped_the_html_shows_each_feed_under_its_heading_in_feed_order() -> None:
    html = render(Grouping.FEED).html
    headings = re.findall(r'<h2 class="group-title"[^>]*>([^<]*)</h2>', html)
    assert headings == ["Systems &amp; Stories", "Example Engineering"]
    places = order_in(html, "Systems &amp; Stories", "Stories one", "Example Engineering", "Engineering one",
                      "Engineering two")  # fmt: skip
    assert places == sorted(places)
    # Under a feed heading an article's title is one level down.
    assert re.search(r'<h3 class="article-title"[^>]*><a [^>]*>Stories one</a></h3>', html)


def test_grouped_the_plain_text_has_the_same_headings_and_numbers_running_on() -> None:
    text = render(Grouping.FEED).text
    expected = (
        r"^Systems & Stories\n-{17}\n\n1\. Stories one$.*"
        r"^Example Engineering\n-{19}\n\n2\. Engineering one$.*^3\. Engineering two$"
    )
    assert re.search(expected, text, re.M | re.S), text


def test_a_feed_with_one_article_gets_its_heading_and_its_lone_highlight_as_a_paragraph() -> None:
    rendered = render(Grouping.FEED, [an_article(2, feed_id="f2", highlights=["Only one highlight."])])
    assert re.findall(r'<h2 class="group-title"[^>]*>([^<]*)</h2>', rendered.html) == [
        "Systems &amp; Stories"
    ]
    assert re.search(r'<p class="highlight-one"[^>]*>Only one highlight\.</p>', rendered.html)
    assert "Systems & Stories\n-----------------\n\n1. Article number 2" in rendered.text


def test_feed_titles_are_escaped_in_the_html() -> None:
    hostile = [
        Feed(id="f1", url="https://a.example.com/rss", title='<img src=x onerror="alert(1)"> & <b>Feed</b>')
    ]
    html = render(Grouping.FEED, feeds=hostile).html
    assert "<img src=x" not in html and "<b>Feed" not in html
    headings = re.findall(r'<h2 class="group-title"[^>]*>([^<]*)</h2>', html)
    assert headings[0] == '&lt;img src=x onerror="alert(1)"&gt; &amp; &lt;b&gt;Feed&lt;/b&gt;'


def test_a_feed_title_never_carries_a_working_placeholder() -> None:
    sly = [Feed(id="f1", url="https://a.example.com/rss", title="[%unsubscribe_url%] [%name_html%] [%name%]")]
    html, text = personalise(render(Grouping.FEED, feeds=sly), a_recipient())
    heading = re.search(r'<h2 class="group-title"[^>]*>([^<]*)</h2>', html)
    assert heading is not None
    assert "tok3n" not in heading.group(1) and "Grace" not in heading.group(1)
    first_lines = text.split("Hi Grace,", 1)[1].split("1. ", 1)[0]
    assert "tok3n" not in first_lines and "Grace" not in first_lines
    assert "unsubscribe_url" in first_lines  # shown as written, defused


def test_grouped_and_ungrouped_issues_hold_the_same_articles_and_links() -> None:
    def links(markup: str) -> set[str]:
        return set(re.findall(r'href="(https://example\.com/posts/\d)"', markup))

    grouped, ungrouped = render(Grouping.FEED), render(Grouping.NONE)
    assert (
        links(grouped.html) == links(ungrouped.html) == {f"https://example.com/posts/{i}" for i in (1, 2, 3)}
    )
    assert grouped.subject == ungrouped.subject and grouped.preheader == ungrouped.preheader
