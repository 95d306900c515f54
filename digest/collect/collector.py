"""The collect use case: fetch one feed, keep each new entry as an article, then read the articles' pages.

Two steps, in this order, so a slow or broken article page never costs an entry:
1. entries: fetch (conditional GET), parse, de-duplicate, and store each new entry at once as an
   article (highlights pending); its page is queued on the feed with the feed's summary.
2. pages: fetch each queued page once and extract its highlights; when the page cannot be read or
   yields nothing, the feed's own summary gives them. The article is never dropped.
Step 1 is what "collection" costs per poll (the benchmark's rounds); step 2 is per new article.

Whatever a feed holds, its failure is recorded as that feed's failure (with its backoff) and never
raised into the poll; a bad entry is skipped and said; one poll of one feed stores at most
DIGEST_FEED_MAX_NEW new entries and fetches at most DIGEST_FEED_MAX_PAGES pages. What a good poll left
out is the feed's `warning`, shown by `digest feeds list`.

The poller runs many of these at once in threads and hands in `gate` (per-host politeness) and
`cpu` (one thread of a process parsing or extracting at a time, see digest/poller.py), so one code
path serves the CLI, the workers, the demo and the benchmark.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from digest.collect.backoff import PollPolicy, after_failure, after_success
from digest.collect.feeds import MAX_ENTRIES, ParsedFeed, article_id_for, parse_feed
from digest.collect.fetch import Fetcher
from digest.collect.pages import Gate, no_gate, read_pending_pages
from digest.config import FEED_MAX_NEW, FEED_MAX_PAGES
from digest.errors import DigestError, FetchError
from digest.models import Article, ExtractiveMethod, Feed, FeedEntry, FeedStatus
from digest.store import Store
from digest.store.client import STORE_ERRORS

log = logging.getLogger(__name__)
PENDING = "pending"  # highlight_method of an article whose page is not read yet
MAX_SUMMARY_CHARS = 20_000
MAX_WARNING_CHARS = 1000
Parser = Callable[[bytes, str, str], ParsedFeed]


@dataclass(frozen=True)
class FeedCaps:
    """What one poll of one feed may cost (DIGEST_FEED_MAX_NEW, DIGEST_FEED_MAX_PAGES)."""

    max_new: int = FEED_MAX_NEW
    max_pages: int = FEED_MAX_PAGES


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
    pages_failed: int = 0  # fetched or extracted in vain: the feed's summary gave the highlights
    seconds: float = 0.0  # how long this poll of this feed took, pages included


def poll_figures(
    reports: list[CollectReport], skipped: list[Feed]
) -> tuple[dict[str, int], list[float], dict[str, int]]:
    """What /metrics counts of one round: feeds by outcome, each poll's seconds, pages by outcome."""
    outcomes = Counter("failed" if r.error else "not_modified" if r.not_modified else "ok" for r in reports)
    outcomes["skipped"] = len(skipped)
    pages = {"ok": sum(r.pages_read for r in reports), "failed": sum(r.pages_failed for r in reports)}
    return dict(outcomes), [r.seconds for r in reports], pages


@dataclass(frozen=True)
class _Step:
    """How one collection runs: what the poller hands in."""

    parser: Parser
    gate: Gate
    cpu: AbstractContextManager[object]
    policy: PollPolicy | None
    caps: FeedCaps
    read_pages: bool
    method: ExtractiveMethod  # how a page without a summary gets its highlights


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
    caps: FeedCaps | None = None,
    method: ExtractiveMethod = ExtractiveMethod.LEAD,
) -> CollectReport:
    """Fetch one feed and keep each new entry as an article with its highlights.

    A failure is recorded on the feed (with its backoff) and returned, never raised: one broken feed
    must not stop the others in the same poll. Redis failing is raised: it stops the poll, whose
    caller says so in one line. A poller hands in the Feed it has just read to choose
    what is due, which saves a Redis round trip per feed.
    """
    feed = store.feeds.get(feed_or_id) if isinstance(feed_or_id, str) else feed_or_id
    report = CollectReport(feed_id=feed.id, url=feed.url, title=feed.title, status=feed.status)
    step = _Step(parser, gate, cpu or nullcontext(), policy, caps or FeedCaps(), read_pages, method)
    try:
        _collect(store, fetcher, feed, now, report, step)
    except DigestError as exc:
        _record_failure(store, feed, report, exc, now, policy)
    except STORE_ERRORS:
        raise  # Redis out of reach is no feed's fault: a blip must not put every feed into backoff
    except Exception as exc:  # whatever a hostile feed sets off is its failure, never the poll's
        log.exception("feed %s: unexpected failure", feed.url)
        _record_failure(
            store,
            feed,
            report,
            DigestError(f"{feed.url}: {type(exc).__name__}: {str(exc)[:300]}"),
            now,
            policy,
        )
    return report


def _collect(
    store: Store, fetcher: Fetcher, feed: Feed, now: datetime, report: CollectReport, step: _Step
) -> None:
    with step.gate(feed.url):
        result = fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    with step.cpu:
        parsed = (
            None
            if result.not_modified
            else step.parser(result.content, result.url, result.headers.get("content-type", ""))
        )
    if result.permanent_url != feed.url and store.feeds.move(feed.id, result.permanent_url):
        report.moved_to = report.url = result.permanent_url
    state = after_success(now, result.headers.get("cache-control", ""), step.policy, every=feed.poll_every)
    if parsed is None:
        report.not_modified = True
        store.feeds.record_success(
            feed.id, now=now, title="", etag="", last_modified="", next_poll_at=state.next_poll_at
        )
        return
    report.title = parsed.title or feed.title
    report.entries = len(parsed.entries)
    notes = [parsed.warning] if parsed.warning else []
    if parsed.listed > MAX_ENTRIES:
        notes.append(f"the feed lists {parsed.listed} entries: only the first {MAX_ENTRIES} are read")
    if parsed.skipped:
        count = len(parsed.skipped)
        notes.append(f"{count} {'entry' if count == 1 else 'entries'} skipped, e.g. {parsed.skipped[0]}")
    with step.cpu:
        notes += _store_entries(store, feed.id, report, parsed.entries, now, step.caps)
    report.warnings += notes + parsed.skipped[1:]
    store.feeds.record_success(
        feed.id,
        now=now,
        title=parsed.title,
        etag=result.headers.get("etag", ""),
        last_modified=result.headers.get("last-modified", ""),
        next_poll_at=state.next_poll_at,
        warning="; ".join(notes)[:MAX_WARNING_CHARS],
    )
    if step.read_pages:
        report.pages_read, report.pages_failed, page_warnings = read_pending_pages(
            store,
            fetcher,
            feed.id,
            gate=step.gate,
            cpu=step.cpu,
            max_pages=step.caps.max_pages,
            method=step.method,
        )
        report.warnings += page_warnings


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
    store: Store, feed_id: str, report: CollectReport, entries: list[FeedEntry], now: datetime, caps: FeedCaps
) -> list[str]:
    """New entries become articles at once; their highlights come with the page step (see above).
    Returns what was left out, for the feed's warning."""
    notes = []
    fresh = set(store.feeds.unseen(feed_id, [e.identity for e in entries]))
    pairs: dict[str, str] = {}  # identity -> article id
    by_article: dict[str, FeedEntry] = {}
    for entry in entries:
        if entry.identity in fresh:
            pairs[entry.identity] = article_id_for(entry.url)
            by_article.setdefault(pairs[entry.identity], entry)
    if len(by_article) > caps.max_new:
        # Feeds list their newest first: those are kept; the rest are seen, so never news later.
        kept = dict(list(by_article.items())[: caps.max_new])
        store.feeds.mark_skipped(feed_id, [i for i, a in pairs.items() if a not in kept])
        notes.append(
            f"{len(by_article)} new entries in one poll: kept the first {caps.max_new} "
            f"(DIGEST_FEED_MAX_NEW), skipped the other {len(by_article) - caps.max_new}"
        )
        pairs = {i: a for i, a in pairs.items() if a in kept}
        by_article = kept
    # The same story may already be in from another feed: it stays one article, read by both feeds.
    missing = store.articles.missing(list(by_article))
    source = report.title or urlsplit(report.url).hostname or report.url
    store.articles.save_many([_entry_article(by_article[a], a, feed_id, source, now) for a in missing])
    # The summary waits with the queued page: it is the fallback when the page cannot be read.
    pages = {a: by_article[a].summary[:MAX_SUMMARY_CHARS] for a in missing}
    store.feeds.mark_seen_many(feed_id, list(pairs.items()), now, pages=pages)
    report.new_articles = list(by_article)
    return notes


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
        image=entry.image,
    )
