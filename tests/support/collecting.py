"""One feed served and collected once, as an operator's first `feeds add` and poll would: for tests of
what the collector makes of a page, an image or a link."""

from __future__ import annotations

from digest import admin
from digest.collect.collector import CollectReport, collect_feed
from digest.models import Article
from digest.runtime import Runtime, utcnow
from tests.support.feedserver import Reply, Route, serve


def collect_one(runtime: Runtime, routes: dict[str, Route]) -> tuple[Article, CollectReport]:
    """Serve `routes` (the feed at /feed.xml), add the feed to a new list "harbour" and collect it:
    the feed's one new article, and the report."""
    with serve(routes) as server:
        store = runtime.store
        admin.create_list(store, "harbour", name="Harbour", from_addr="h@example.com", now=utcnow())
        check = admin.add_feed(store, runtime.fetcher, "harbour", f"{server.base}/feed.xml")
        report = collect_feed(store, runtime.fetcher, check.feed.id, utcnow())
    (article,) = store.articles.get_many(report.new_articles)
    return article, report


def page_route(page: bytes, content_type: str = "text/html") -> Reply:
    return Reply(200, page, {"Content-Type": content_type})
