"""The second step of collection: read each queued article page once for its highlights.

An article is never dropped here: a page that cannot be read, or yields nothing, leaves the feed's
summary (queued with the page) to give the highlights. How many pages one call reads is capped
(DIGEST_FEED_MAX_PAGES): the rest stay queued for the next poll, so one feed of thousands of new
entries cannot turn a poll into thousands of requests to other people's hosts.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from digest.collect.fetch import Fetcher
from digest.errors import DigestError
from digest.highlights import choose as highlights
from digest.highlights import extract
from digest.highlights.charset import decode_page
from digest.models import Article, ExtractedPage, ExtractiveMethod
from digest.models.images import preferred_image
from digest.store import Store

log = logging.getLogger(__name__)
Gate = Callable[[str], AbstractContextManager[object]]  # the poller's per-host cap around each request


def no_gate(url: str) -> AbstractContextManager[object]:
    return nullcontext()


def read_pending_pages(
    store: Store,
    fetcher: Fetcher,
    feed_id: str,
    *,
    gate: Gate = no_gate,
    cpu: AbstractContextManager[object] | None = None,
    max_pages: int | None = None,
    method: ExtractiveMethod = ExtractiveMethod.LEAD,
) -> tuple[int, int, list[str]]:
    """Read queued article pages, at most `max_pages` of them; returns (read, not read, warnings)."""
    read, failed, warnings = 0, 0, []
    cpu = cpu or nullcontext()
    pending = store.feeds.pending_pages(feed_id)
    chosen = list(pending)[:max_pages] if max_pages is not None else list(pending)
    if len(chosen) < len(pending):
        warnings.append(
            f"read {len(chosen)} of {len(pending)} queued article pages (DIGEST_FEED_MAX_PAGES); "
            "the rest at the next poll"
        )
    for article in store.articles.get_many(chosen):
        page: ExtractedPage | None = None
        try:
            with gate(article.url):
                result = fetcher.get_page(article.url)
            with cpu:
                page = extract.extract_page(decode_page(result.content, _type(result.headers)), article.url)
            read += 1
        except DigestError as exc:
            failed += 1
            warnings.append(f"{article.url}: page not read ({exc}); used the feed's summary")
        except Exception as exc:  # one hostile page is its article's problem, not the feed's
            log.exception("page %s: unexpected failure", article.url)
            failed += 1
            warnings.append(f"{article.url}: page not read ({type(exc).__name__}); used the feed's summary")
        with cpu:
            summary = pending[article.id]
            better = _with_page(article, page, summary, method) if page is not None else None
            store.articles.save(_with_image(better or _with_summary(article, summary, method), page))
        store.feeds.page_done(feed_id, article.id)
    return read, failed, warnings


def _with_summary(article: Article, summary: str, method: ExtractiveMethod) -> Article:
    page = extract.page_from_summary(article.title, summary)
    # The summary is all there is: it is both the feed's summary and the text to rank.
    chosen = highlights.choose_highlights(page, feed_summary=page.text, method=method)
    return dataclasses.replace(
        article, highlights=chosen.sentences, highlight_method=f"summary:{chosen.method}"
    )


def _with_image(article: Article, page: ExtractedPage | None) -> Article:
    """Kept even when the page gave no highlights: the image is the page's whatever its text."""
    image = preferred_image(page.image if page is not None else None, article.image)
    return article if image == article.image else dataclasses.replace(article, image=image)


def _type(headers: dict[str, str]) -> str:
    return headers.get("content-type", "")


def _with_page(
    article: Article, page: ExtractedPage, summary: str, method: ExtractiveMethod
) -> Article | None:
    """The article with the highlights chosen from the page and the feed's summary (which source wins
    is digest.highlights.choose's call); None when the page gave none (the summary's stand).

    A page without text competes only with what it declares itself (block, JSON-LD summary): the feed's
    summary is then left to _with_summary, so the method reads "summary:…" whenever the page gave nothing.
    """

    def feed_summary() -> str:
        return extract.summary_text(summary) if page.text else ""

    chosen = highlights.choose_highlights(page, feed_summary=feed_summary, method=method)
    if not chosen.sentences:
        return None
    return dataclasses.replace(
        article,
        title=page.title if article.title == article.url and page.title else article.title,
        source=page.site_name or article.source,
        highlights=chosen.sentences,
        highlight_method=f"{chosen.method}:{chosen.marker}" if chosen.marker else chosen.method,
        published_at=article.published_at or page.published_at,
        author=article.author or page.author,
    )
