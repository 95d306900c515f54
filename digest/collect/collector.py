"""The collect use case: fetch one feed, keep each new entry as an article, then read the articles' pages.

Two steps, in this order, so a slow or broken article page never costs an entry:
1. entries: fetch (conditional GET), parse, de-duplicate, and store each new entry at once as an
   article (highlights pending); its page is queued on the feed with the feed's summary.
2. pages: fetch each queued page once and extract its highlights; when the page cannot be read or
   yields nothing, the feed's own summary gives them. The article is never dropped.
Step 1 is what "collection" costs per poll (the benchmark's rounds); step 2 is per new article.

The poller runs many of these at once in threads and hands in `gate` (per-host politeness) and
`cpu` (one thread of a process parsing or extracting at a time, see digest/poller.py), so one code
path serves the CLI, the workers, the demo and the benchmark.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from digest.collect.backoff import PollPolicy, after_failure, after_success
from digest.collect.feeds import ParsedFeed, article_id_for, parse_feed
from digest.collect.fetch import Fetcher
from digest.errors import DigestError, FeedError, FetchError
from digest.highlights import choose as highlights
from digest.highlights import extract
from digest.highlights.charset import decode_page
from digest.models import Article, ExtractedPage, ExtractiveMethod, Feed, FeedEntry, FeedStatus
from digest.store import Store

log = logging.getLogger(__name__)
PENDING = "pending"  # highlight_method of an article whose page is not read yet
MAX_SUMMARY_CHARS = 20_000
Parser = Callable[[bytes, str, str], ParsedFeed]
Gate = Callable[[str], AbstractContextManager[object]]


def no_gate(url: str) -> AbstractContextManager[object]:
    return nullcontext()


@dataclass
class CollectReport:
    feed_id: str
    url: str
    title: str = ""
    entries: int = 0
    new_articles: list[str] = field(default_factory=list)
    not_modified: bool = False
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    status: FeedStatus = FeedStatus.OK
    moved_to: str = ""  # the new URL after a permanent redirect
    pages_read: int = 0


def collect_feed(
    store: Store,
    fetcher: Fetcher,
    feed_or_id: Feed | str,
    now: datetime,
    *,
    parser: Parser = parse_feed,
    gate: Gate = no_gate,
    cpu: AbstractContextManager[object] | None = None,
    read_pages: bool = True,
    policy: PollPolicy | None = None,
    method: ExtractiveMethod = ExtractiveMethod.LEAD,
) -> CollectReport:
    """Fetch one feed and keep each new entry as an article with its highlights.

    A failure is recorded on the feed (with its backoff) and returned, never raised: one broken feed
    must not stop the others in the same poll. A poller hands in the Feed it has just read to choose
    what is due, which saves a Redis round trip per feed.
    """
    feed = store.feeds.get(feed_or_id) if isinstance(feed_or_id, str) else feed_or_id
    cpu = cpu or nullcontext()
    report = CollectReport(feed_id=feed.id, url=feed.url, title=feed.title, status=feed.status)
    try:
        with gate(feed.url):
            result = fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        with cpu:
            parsed = (
                None if result.not_modified else parser(result.content, result.url, _type(result.headers))
            )
    except (FetchError, FeedError) as exc:
        _record_failure(store, feed, report, exc, now, policy)
        return report
    if result.permanent_url != feed.url and store.feeds.move(feed.id, result.permanent_url):
        report.moved_to = report.url = result.permanent_url
    state = after_success(now, result.headers.get("cache-control", ""), policy, every=feed.poll_every)
    if parsed is None:
        report.not_modified = True
        store.feeds.record_success(
            feed.id, now=now, title="", etag="", last_modified="", next_poll_at=state.next_poll_at
        )
        return report
    if parsed.warning:
        report.warnings.append(parsed.warning)
    report.title = parsed.title or feed.title
    report.entries = len(parsed.entries)
    with cpu:
        _store_entries(store, feed.id, report, parsed.entries, now)
    store.feeds.record_success(
        feed.id,
        now=now,
        title=parsed.title,
        etag=result.headers.get("etag", ""),
        last_modified=result.headers.get("last-modified", ""),
        next_poll_at=state.next_poll_at,
    )
    if read_pages:
        report.pages_read, page_warnings = read_pending_pages(
            store, fetcher, feed.id, gate=gate, cpu=cpu, method=method
        )
        report.warnings += page_warnings
    return report


def _type(headers: dict[str, str]) -> str:
    return headers.get("content-type", "")


def _record_failure(
    store: Store,
    feed: Feed,
    report: CollectReport,
    exc: DigestError,
    now: datetime,
    policy: PollPolicy | None,
) -> None:
    status = exc.status if isinstance(exc, FetchError) else 0
    retry_after = exc.retry_after if isinstance(exc, FetchError) else None
    state = after_failure(
        feed.error_count, now, str(exc), status=status, retry_after=retry_after, policy=policy
    )
    store.feeds.record_failure(
        feed.id,
        now=now,
        error=state.reason,
        failures=state.failures,
        status=state.status,
        next_poll_at=state.next_poll_at,
    )
    report.error, report.status = state.reason, state.status
    log.warning("feed %s failed: %s", feed.url, exc)


def _store_entries(
    store: Store, feed_id: str, report: CollectReport, entries: list[FeedEntry], now: datetime
) -> None:
    """New entries become articles at once; their highlights come with the page step (see above)."""
    fresh = set(store.feeds.unseen(feed_id, [e.identity for e in entries]))
    pairs: dict[str, str] = {}  # identity -> article id
    by_article: dict[str, FeedEntry] = {}
    for entry in entries:
        if entry.identity in fresh:
            pairs[entry.identity] = article_id_for(entry.url)
            by_article.setdefault(pairs[entry.identity], entry)
    # The same story may already be in from another feed: it stays one article, read by both feeds.
    missing = store.articles.missing(list(by_article))
    source = report.title or urlsplit(report.url).hostname or report.url
    store.articles.save_many([_entry_article(by_article[a], a, feed_id, source, now) for a in missing])
    # The summary waits with the queued page: it is the fallback when the page cannot be read.
    pages = {a: by_article[a].summary[:MAX_SUMMARY_CHARS] for a in missing}
    store.feeds.mark_seen_many(feed_id, list(pairs.items()), now, pages=pages)
    report.new_articles = list(by_article)


def _entry_article(entry: FeedEntry, article_id: str, feed_id: str, source: str, now: datetime) -> Article:
    published = entry.published_at
    if published is not None and published > now:
        published = now  # a date in the future would pin the entry to the top of every issue
    return Article(
        id=article_id,
        feed_id=feed_id,
        url=entry.url,
        title=entry.title or entry.url,
        source=source,
        first_seen_at=now,
        highlights=[],
        highlight_method=PENDING,
        published_at=published,
        author=entry.author,
    )


def read_pending_pages(
    store: Store,
    fetcher: Fetcher,
    feed_id: str,
    *,
    gate: Gate = no_gate,
    cpu: AbstractContextManager[object] | None = None,
    method: ExtractiveMethod = ExtractiveMethod.LEAD,
) -> tuple[int, list[str]]:
    """Read each queued article page once; returns (pages read, warnings). Never drops an article:
    a page that cannot be read, or yields nothing, leaves the feed's summary to give the highlights."""
    read, warnings = 0, []
    cpu = cpu or nullcontext()
    pending = store.feeds.pending_pages(feed_id)
    for article in store.articles.get_many(list(pending)):
        page: ExtractedPage | None = None
        try:
            with gate(article.url):
                result = fetcher.get(article.url)
            with cpu:
                page = extract.extract_page(decode_page(result.content, _type(result.headers)), article.url)
            read += 1
        except DigestError as exc:
            warnings.append(f"{article.url}: page not read ({exc}); used the feed's summary")
        with cpu:
            summary = pending[article.id]
            better = _with_page(article, page, summary, method) if page is not None else None
            store.articles.save(better or _with_summary(article, summary, method))
        store.feeds.page_done(feed_id, article.id)
    return read, warnings


def _with_summary(article: Article, summary: str, method: ExtractiveMethod) -> Article:
    page = extract.page_from_summary(article.title, summary)
    # The summary is all there is: it is both the feed's summary and the text to rank.
    chosen = highlights.choose_highlights(page, feed_summary=page.text, method=method)
    return dataclasses.replace(
        article, highlights=chosen.sentences, highlight_method=f"summary:{chosen.method}"
    )


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
