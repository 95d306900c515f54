"""How an issue's articles are arranged for the reader: one run, or under a heading per feed (pure).

The one rule both parts of the digest follow, so the HTML and the plain text never disagree: the
templates only loop over the groups they are given. Grouping changes where an article is shown, not
which articles the issue holds nor their order within a feed (digest/issues/compose.py chose those).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from digest.models import Article, Feed, Grouping
from digest.models.text import one_line

T = TypeVar("T")

MAX_HEADING_CHARS = 80  # a feed title is a heading, not a paragraph


@dataclass(frozen=True)
class Group(Generic[T]):
    """Articles shown together; `title` is '' for the one group of an ungrouped issue."""

    title: str
    articles: list[T]
    first: int = 1  # the number the plain text gives its first article (numbers run across groups)


def heading(feed: Feed | None, fallback: str = "") -> str:
    """What a feed's group is called: its title as the feed declares it, else its host, else
    `fallback`; one line, without control or direction characters, at most MAX_HEADING_CHARS."""
    title = feed.title if feed else ""
    if not title.strip() and feed:
        title = urlsplit(feed.url).hostname or ""
    return one_line(title or fallback, MAX_HEADING_CHARS)


def arrange(
    articles: Sequence[Article], shown: Sequence[T], grouping: Grouping, feeds: Sequence[Feed]
) -> list[Group[T]]:
    """How the reader meets the articles: `shown[i]` is what the template prints for `articles[i]`.

    Grouped by feed: the list's feeds in the order given (the order `digest feeds list LIST` shows),
    each article in its order within the issue; an article whose feed the list no longer reads comes
    after them, under the name it carried. A feed with nothing in the issue gets no heading.
    """
    if grouping is not Grouping.FEED or not articles:
        return [Group("", list(shown))]
    by_feed: dict[str, list[int]] = {}
    for index, article in enumerate(articles):
        by_feed.setdefault(article.feed_id, []).append(index)
    known = {feed.id: feed for feed in feeds}
    order = list(dict.fromkeys(feed.id for feed in feeds if feed.id in by_feed))
    order += [feed_id for feed_id in by_feed if feed_id not in known]
    groups: list[Group[T]] = []
    first = 1
    for feed_id in order:
        indices = by_feed[feed_id]
        title = heading(known.get(feed_id), articles[indices[0]].source) or "Other"
        groups.append(Group(title, [shown[i] for i in indices], first))
        first += len(indices)
    return groups
