"""Articles: global, keyed by their normalised link, so one story in two feeds is one article."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from digest.models import Article, ArticleImage
from digest.models.images import article_image
from digest.store.client import Client
from digest.store.codec import dt, dump_list, load_list, req_dt, ts
from digest.store.keys import Keys


class ArticleStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def exists(self, article_id: str) -> bool:
        return bool(self._r.exists(self._k.article(article_id)))

    def missing(self, article_ids: Sequence[str]) -> list[str]:
        """The ids not stored yet, in the order given (one round trip for a whole feed's entries)."""
        pipe = self._r.pipeline(transaction=False)
        for article_id in article_ids:
            pipe.exists(self._k.article(article_id))
        return [a for a, found in zip(article_ids, pipe.execute(), strict=True) if not found]

    def save(self, article: Article) -> None:
        self.save_many([article])

    def save_many(self, articles: Sequence[Article]) -> None:
        pipe = self._r.pipeline(transaction=False)
        for article in articles:
            pipe.hset(self._k.article(article.id), mapping=_to_hash(article))
        pipe.execute()

    def get_many(self, article_ids: Sequence[str]) -> list[Article]:
        """Articles in the order asked, skipping any that vanished."""
        pipe = self._r.pipeline(transaction=False)
        for article_id in article_ids:
            pipe.hgetall(self._k.article(article_id))
        articles = []
        for article_id, raw in zip(article_ids, pipe.execute(), strict=True):
            if raw:
                articles.append(_from_hash(article_id, raw))
        return articles


def _to_hash(article: Article) -> dict[str, str]:
    return {
        "feed_id": article.feed_id,
        "url": article.url,
        "title": article.title,
        "source": article.source,
        "first_seen_at": ts(article.first_seen_at),
        "published_at": ts(article.published_at),
        "author": article.author,
        "highlights": dump_list(article.highlights),
        "highlight_method": article.highlight_method,
        **_image_fields(article.image),
    }


def _image_fields(image: ArticleImage | None) -> dict[str, str]:
    """Written even when empty, so a page that replaced a feed's image by none leaves no stale field."""
    if image is None:
        return {"image_url": "", "image_alt": "", "image_width": "", "image_height": ""}
    return {
        "image_url": image.url,
        "image_alt": image.alt,
        "image_width": str(image.width or ""),
        "image_height": str(image.height or ""),
    }


def _from_hash(article_id: str, raw: dict[str, str]) -> Article:
    return Article(
        id=article_id,
        feed_id=raw.get("feed_id", ""),
        url=raw.get("url", ""),
        title=raw.get("title", ""),
        source=raw.get("source", ""),
        first_seen_at=req_dt(raw.get("first_seen_at")),
        published_at=dt(raw.get("published_at")),
        author=raw.get("author", ""),
        highlights=load_list(raw.get("highlights")),
        highlight_method=raw.get("highlight_method", ""),
        # Articles stored before images have none of these fields: they load without an image. The
        # stored URL goes through the rule again, so a record written by other code cannot bypass it.
        image=article_image(
            raw.get("image_url", ""),
            alt=raw.get("image_alt", ""),
            width=raw.get("image_width", ""),
            height=raw.get("image_height", ""),
        ),
    )
