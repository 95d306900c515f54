"""Articles keep their image across a save, and articles stored before images existed still load."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from digest.models import Article, ArticleImage
from digest.store import Store

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster

SEEN = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)


def an_article(image: ArticleImage | None) -> Article:
    return Article(
        id="img-article-1",
        feed_id="f1",
        url="https://news.example.com/a/1",
        title="Harbour line",
        source="Harbour News",
        first_seen_at=SEEN,
        highlights=["The line opens in May."],
        highlight_method="explicit",
        image=image,
    )


def test_an_articles_image_with_its_alt_text_and_size_survives_a_save(store: Store) -> None:
    article = an_article(ArticleImage("https://cdn.example.com/a.jpg", alt="A ferry", width=1200, height=675))
    store.articles.save(article)
    assert store.articles.get_many([article.id]) == [article]


def test_saving_an_article_without_an_image_clears_the_one_it_had(store: Store) -> None:
    store.articles.save(an_article(ArticleImage("https://cdn.example.com/a.jpg")))
    store.articles.save(an_article(None))
    assert store.articles.get_many(["img-article-1"])[0].image is None


def test_an_article_stored_before_images_existed_loads_without_one(store: Store) -> None:
    store.redis.hset(
        store.keys.article("old-article"),
        mapping={
            "feed_id": "f1",
            "url": "https://news.example.com/old",
            "title": "Old",
            "source": "Harbour News",
            "first_seen_at": f"{SEEN.timestamp():.6f}",
            "published_at": "",
            "author": "",
            "highlights": '["Said before images."]',
            "highlight_method": "explicit",
        },
    )
    (article,) = store.articles.get_many(["old-article"])
    assert (article.title, article.highlights, article.image) == ("Old", ["Said before images."], None)


def test_a_stored_image_url_is_judged_again_when_read(store: Store) -> None:
    store.articles.save(an_article(None))
    store.redis.hset(store.keys.article("img-article-1"), "image_url", "javascript:alert(1)")
    assert store.articles.get_many(["img-article-1"])[0].image is None
