"""Many feeds at once, politely: a global cap on requests in flight, a per-host cap, and parsing spread
over the machine's cores.

Waiting on the network happens in threads (httpx releases the GIL while it waits); feedparser is pure
Python, so with `parse_processes` its work goes to a process pool, or one GIL would serialise it.
Celery workers spread batches of feeds across processes and machines (worker/tasks.py); `plan_batches`
keeps every feed of one host in one batch, so the per-host cap holds across the whole fan-out.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, zip_longest
from types import TracebackType
from urllib.parse import urlsplit

from digest.backoff import PollPolicy, is_due
from digest.collect import CollectReport, collect_feed
from digest.feeds import ParsedFeed, parse_feed
from digest.fetch import Fetcher
from digest.models import Feed, FeedStatus
from digest.store import Store

DEFAULT_CONCURRENCY = 50
DEFAULT_PER_HOST = 2


@dataclass(frozen=True)
class PollOptions:
    concurrency: int = DEFAULT_CONCURRENCY  # requests in flight at once, all hosts together
    per_host: int = DEFAULT_PER_HOST  # requests in flight at once to one host
    parse_processes: int = 0  # 0: parse in the polling thread (e.g. inside a prefork Celery child)
    read_pages: bool = True  # False: entries only, pages left queued (see digest.collect)
    force: bool = False  # poll feeds whose backoff says "not yet" (an operator's explicit poll)
    policy: PollPolicy = field(default_factory=PollPolicy)


@dataclass
class PollSummary:
    reports: list[CollectReport] = field(default_factory=list)
    skipped: list[Feed] = field(default_factory=list)  # disabled, or backing off and not forced

    @property
    def failed(self) -> list[CollectReport]:
        return [r for r in self.reports if r.error]


class HostGate:
    """At most `per_host` requests in flight to any one host, across all threads of this poller."""

    def __init__(self, per_host: int) -> None:
        self._per_host = max(1, per_host)
        self._lock = threading.Lock()
        self._gates: dict[str, threading.Semaphore] = {}

    def __call__(self, url: str) -> threading.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = threading.BoundedSemaphore(self._per_host)
        return gate


def host_of(feed: Feed) -> str:
    return (urlsplit(feed.url).hostname or "").lower()


def interleave_hosts(feeds: Sequence[Feed]) -> list[Feed]:
    """Round-robin over hosts, so threads are not all queued on one host's gate while others idle."""
    by_host: dict[str, list[Feed]] = {}
    for feed in feeds:
        by_host.setdefault(host_of(feed), []).append(feed)
    rounds = zip_longest(*by_host.values())
    return [feed for feed in chain.from_iterable(rounds) if feed is not None]


def plan_batches(feeds: Sequence[Feed], size: int) -> list[list[str]]:
    """Feed ids in batches of about `size`, never splitting one host across batches."""
    by_host: dict[str, list[str]] = {}
    for feed in feeds:
        by_host.setdefault(host_of(feed), []).append(feed.id)
    batches: list[list[str]] = []
    current: list[str] = []
    for ids in sorted(by_host.values(), key=len, reverse=True):
        if current and len(current) + len(ids) > size:
            batches.append(current)
            current = []
        current += ids
    if current:
        batches.append(current)
    return batches


class Poller:
    """Reusable: a worker or the benchmark keeps one, so the parse processes start only once."""

    def __init__(self, store: Store, fetcher: Fetcher, options: PollOptions | None = None) -> None:
        self.store = store
        self.fetcher = fetcher
        self.options = options or PollOptions()
        self._parsers: Executor | None = None

    def __enter__(self) -> Poller:
        if self.options.parse_processes > 0:
            # forkserver, not fork: forking a process that runs threads can copy a held lock.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["digest.feeds"])
            self._parsers = ProcessPoolExecutor(self.options.parse_processes, mp_context=context)
            # Start the processes now rather than inside the first poll.
            list(self._parsers.map(abs, range(self.options.parse_processes)))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._parsers is not None:
            self._parsers.shutdown(cancel_futures=True)
            self._parsers = None

    def _parse(self, content: bytes, url: str, content_type: str) -> ParsedFeed:
        if self._parsers is None:
            return parse_feed(content, url, content_type)
        return self._parsers.submit(parse_feed, content, url, content_type).result()

    def select(self, feed_ids: Iterable[str], now: datetime) -> PollSummary:
        """Which feeds this poll fetches; the rest are reported as skipped, with why in their state."""
        summary = PollSummary()
        due = []
        for feed in self.store.feeds.get_many(list(dict.fromkeys(feed_ids))):
            if feed.status is FeedStatus.DISABLED or not (self.options.force or is_due(feed, now)):
                summary.skipped.append(feed)
            else:
                due.append(feed)
        summary.reports = [CollectReport(feed_id=f.id, url=f.url) for f in interleave_hosts(due)]
        return summary

    def poll(
        self,
        feed_ids: Iterable[str],
        now: Callable[[], datetime],
        on_done: Callable[[CollectReport], None] | None = None,
    ) -> PollSummary:
        summary = self.select(feed_ids, now())
        gate = HostGate(self.options.per_host)

        def one(planned: CollectReport) -> CollectReport:
            report = collect_feed(
                self.store,
                self.fetcher,
                planned.feed_id,
                now(),
                parser=self._parse,
                gate=gate,
                read_pages=self.options.read_pages,
                policy=self.options.policy,
            )
            if on_done is not None:
                on_done(report)
            return report

        workers = max(1, min(self.options.concurrency, len(summary.reports)))
        with ThreadPoolExecutor(workers, thread_name_prefix="poll") as pool:
            summary.reports = list(pool.map(one, summary.reports))
        return summary
