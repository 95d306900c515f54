"""UTM tags on article links: added after the link's own parameters, only to http(s) links, and taken
off again when a click is matched to its article."""

from __future__ import annotations

from dataclasses import replace

import pytest

from digest.issues.render import personalise, render_issue
from digest.issues.utm import with_utm, without_utm
from tests.issues.test_render import a_list, a_recipient, an_article, an_issue


def test_the_tags_follow_the_links_own_query_parameters() -> None:
    tagged = with_utm("https://news.example.com/a?id=7&b=x%20y#top", "morning", "morning-3")
    assert tagged == (
        "https://news.example.com/a?id=7&b=x%20y"
        "&utm_source=morning&utm_medium=email&utm_campaign=morning-3#top"
    )


def test_a_link_without_a_query_gets_one() -> None:
    assert with_utm("http://x.example/p", "m", "m-1") == (
        "http://x.example/p?utm_source=m&utm_medium=email&utm_campaign=m-1"
    )


def test_a_tag_the_publisher_already_set_keeps_their_value() -> None:
    tagged = with_utm("https://x.example/?utm_source=rss", "morning", "morning-1")
    assert tagged == "https://x.example/?utm_source=rss&utm_medium=email&utm_campaign=morning-1"


@pytest.mark.parametrize(
    "url",
    [
        "mailto:a@example.com",
        "javascript:alert(1)",
        "",
        "/relative/path",
        "http://[oops",
        "ftp://x.example/f",
    ],
)
def test_links_that_are_not_http_are_left_alone(url: str) -> None:
    assert with_utm(url, "morning", "morning-1") == url


def test_taking_the_tags_off_gives_the_link_back_whatever_its_case() -> None:
    original = "https://News.Example.com/a?id=7&keep=1"
    assert without_utm(with_utm(original, "morning", "morning-1")) == without_utm(original)
    assert without_utm(original) == "https://news.example.com/a?id=7&keep=1"


def test_a_list_with_utm_on_tags_its_article_links_in_both_parts_and_only_those() -> None:
    articles = [
        an_article(1, title="Tagged", url="https://example.com/posts/a?ref=feed"),
        an_article(2, title="Not a web link", url="javascript:alert(1)"),
    ]
    tagged = (
        "https://example.com/posts/a?ref=feed&utm_source=morning&utm_medium=email&utm_campaign=morning-12"
    )
    html, text = personalise(render_issue(replace(a_list(), utm=True), an_issue(), articles), a_recipient())
    assert tagged.replace("&", "&amp;") in html and tagged in text
    # The article's title and its "Read more" both link it, tagged; nothing else is.
    assert (
        "javascript:" not in html
        and html.count("utm_source") == html.count(tagged.replace("&", "&amp;")) == 2
    )
    assert "utm_" not in text.replace(tagged, "")  # the unsubscribe and archive links stay as they are


def test_a_list_without_utm_sends_the_links_as_the_feed_gave_them() -> None:
    rendered = render_issue(a_list(), an_issue(), [an_article(1, url="https://example.com/posts/a?ref=feed")])
    assert "utm_" not in rendered.html + rendered.text
