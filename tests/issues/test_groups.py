"""Behaviour of digest.issues.groups: how an issue's articles are arranged, and what a group is called."""

from __future__ import annotations

from digest.issues.groups import MAX_HEADING_CHARS, Group, arrange, heading
from digest.models import Article, Feed, Grouping
from tests.issues.test_render import an_article

FEEDS = [
    Feed(id="f2", url="https://second.example.org/feed.xml", title="Second Feed"),
    Feed(id="f1", url="https://first.example.com/rss", title="First Feed"),
    Feed(id="f3", url="https://quiet.example.net/atom.xml", title="Quiet Feed"),
]


def titles(groups: list[Group[Article]]) -> list[tuple[str, list[str]]]:
    return [(group.title, [article.id for article in group.articles]) for group in groups]


def issue() -> list[Article]:
    """Newest first, as compose.select gives them, the two feeds interleaved."""
    return [
        an_article(1, feed_id="f1"),
        an_article(2, feed_id="f2"),
        an_article(3, feed_id="f1"),
        an_article(4, feed_id="f2"),
        an_article(5, feed_id="f1"),
    ]


def test_ungrouped_the_articles_stay_one_run_in_their_order() -> None:
    articles = issue()
    assert titles(arrange(articles, articles, Grouping.NONE, FEEDS)) == [("", ["a1", "a2", "a3", "a4", "a5"])]


def test_grouped_each_feed_gets_a_heading_in_feed_order_with_its_articles_in_issue_order() -> None:
    articles = issue()
    assert titles(arrange(articles, articles, Grouping.FEED, FEEDS)) == [
        ("Second Feed", ["a2", "a4"]),
        ("First Feed", ["a1", "a3", "a5"]),
    ]


def test_numbers_run_on_across_groups_in_the_order_the_reader_meets_them() -> None:
    articles = issue()
    assert [group.first for group in arrange(articles, articles, Grouping.FEED, FEEDS)] == [1, 3]


def test_a_feed_with_one_article_is_a_group_of_one() -> None:
    articles = [an_article(1, feed_id="f3"), an_article(2, feed_id="f1"), an_article(3, feed_id="f1")]
    assert titles(arrange(articles, articles, Grouping.FEED, FEEDS)) == [
        ("First Feed", ["a2", "a3"]),
        ("Quiet Feed", ["a1"]),
    ]


def test_an_article_whose_feed_left_the_list_comes_last_under_the_name_it_carried() -> None:
    articles = [an_article(1, feed_id="gone", source="Old Blog"), an_article(2, feed_id="f1")]
    assert titles(arrange(articles, articles, Grouping.FEED, FEEDS)) == [
        ("First Feed", ["a2"]),
        ("Old Blog", ["a1"]),
    ]


def test_what_is_shown_is_what_the_caller_gives_for_each_article() -> None:
    articles = issue()
    shown = [article.title.upper() for article in articles]
    groups = arrange(articles, shown, Grouping.FEED, FEEDS)
    assert [group.articles for group in groups] == [
        ["ARTICLE NUMBER 2", "ARTICLE NUMBER 4"],
        ["ARTICLE NUMBER 1", "ARTICLE NUMBER 3", "ARTICLE NUMBER 5"],
    ]


def test_a_feed_without_a_title_is_called_by_its_host() -> None:
    assert heading(Feed(id="f9", url="https://news.example.com/feed", title="  ")) == "news.example.com"


def test_a_heading_is_one_bounded_line_without_control_or_direction_characters() -> None:
    hostile = Feed(id="f9", url="https://x.example/", title="Evil\x1b[31m\nFeed\u202e\x00 " + "long " * 40)
    text = heading(hostile)
    assert text.startswith("Evil [31m Feed ")
    assert len(text) <= MAX_HEADING_CHARS and text.endswith("…")
    assert not any(ord(c) < 32 or c in "\u202e\x7f" for c in text)
