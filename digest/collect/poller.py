"""Many feeds at once, politely: a cap on requests in flight, a per-host cap, and the work spread
over the machine's cores.

Waiting on the network happens in threads (httpx releases the GIL while it waits). Parsing (mostly
lxml, see digest/collect/feedxml.py) and the HTTP and Redis bookkeeping need the GIL, so on a machine with
several cores the feeds are split by host into shards polled by one process per core. Celery does the
same across workers and machines (worker/tasks.py). `plan_batches` keeps every feed of one host in one
shard or batch, so the per-host cap holds across the whole fan-out.

Within a process, one thread at a time parses, extracts or stores (`cpu`, a lock): the others wait
on the network or on that lock, not on the GIL. Dozens of threads all runnable at once spend their
time handing the GIL around; with the lock, a cold poll of 1 000 feeds in one process took 3.8-4.0 s
instead of 5.2-6.4 s (tests/benchmarks/bench_polling.py --processes 1). The lock also covers the
few Redis round trips that store a feed's new entries, since redis-py spends CPU on them too (4.5 s
when only parsing held it); with a Redis far away, those waits would be worth moving out of it.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain, zip_longest
from types import TracebackType
from urllib.parse import urlsplit

from digest.collect.backoff import PollPolicy, is_backing_off, is_due
from digest.collect.collector import CollectReport, FeedCaps, collect_feed, poll_figures
from digest.collect.fetch import Fetcher
from digest.collect.pages import read_pending_pages
from digest.config import POLL_CONCURRENCY, POLL_PER_HOST, Settings
from digest.models import ExtractiveMethod, Feed, FeedStatus
from digest.store import Store


@dataclass(frozen=True)
class PollOptions:
    concurrency: int = POLL_CONCURRENCY  # requests in flight at once, all hosts together
    per_host: int = POLL_PER_HOST  # requests in flight at once to one host
    processes: int = 0  # >1: shards of feeds polled by that many processes (needs a PartsFactory)
    read_pages: bool = True  # False: entries only, pages left queued (see digest.collect.collector)
    force: bool = False  # poll feeds whose backoff says "not yet" (an operator's explicit poll)
    # An operator's poll: every feed that is not backing off after failures, due or not; only the
    # workers wait for a healthy feed's interval (or its Cache-Control) to come round.
    manual: bool = False
    policy: PollPolicy = field(default_factory=PollPolicy)
    caps: FeedCaps = field(default_factory=FeedCaps)  # what one poll of one feed may store and fetch
    highlights_method: ExtractiveMethod = ExtractiveMethod.LEAD  # DIGEST_HIGHLIGHTS_METHOD

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        concurrency: int | None = None,
        per_host: int | None = None,
        processes: int = 0,
        force: bool = False,
        manual: bool = False,
    ) -> PollOptions:
        """The operator's caps and interval (DIGEST_POLL_*), so workers and the CLI poll alike;
        a cap given here (a CLI flag) wins over the setting."""
        return cls(
            concurrency=settings.poll_concurrency if concurrency is None else concurrency,
            per_host=settings.poll_per_host if per_host is None else per_host,
            processes=processes,
            force=force,
            manual=manual,
            policy=PollPolicy(every=settings.poll_interval_seconds),
            caps=FeedCaps(max_new=settings.feed_max_new, max_pages=settings.feed_max_pages),
            highlights_method=settings.highlights_method,
        )


SHARDS_PER_PROCESS = 1


@dataclass
class PollSummary:
    reports: list[CollectReport] = field(default_factory=list)
    skipped: list[Feed] = field(default_factory=list)  # disabled, not due or backing off, and not forced

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


Parts = tuple[Store, Fetcher]
PartsFactory = Callable[[], Parts]  # picklable (a module-level function, or a partial of one)
_parts: dict[str, Parts] = {}  # per process: the store and fetcher a factory built, reused by each shard


def _poll_shard(factory: PartsFactory, feed_ids: list[str], options: PollOptions) -> list[CollectReport]:
    """Run in a child process: one shard of the feeds, with this process's own threads and clients."""
    key = repr(factory)
    if key not in _parts:
        _parts[key] = factory()
    store, fetcher = _parts[key]
    return Poller(store, fetcher, options).poll(feed_ids, _utcnow, counted=False).reports


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Poller:
    """Polls feeds with threads in this process; with `processes` > 1 and a `factory`, feeds are split
    by host into shards polled by that many child processes, each with its own threads, so parsing and
    HTTP bookkeeping run on every core (one GIL would serialise them). A worker or the benchmark keeps
    one Poller, so the processes start once."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        options: PollOptions | None = None,
        factory: PartsFactory | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.options = options or PollOptions()
        self._factory = factory
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Poller:
        if self.options.processes > 1 and self._factory is not None:
            # forkserver, not fork: forking a process that runs threads can copy a held lock.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["digest.collect.poller"])
            self._pool = ProcessPoolExecutor(self.options.processes, mp_context=context)
            list(self._pool.map(abs, range(self.options.processes)))  # start them now, not in a poll
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def select(self, feed_ids: Iterable[str], now: datetime) -> tuple[list[Feed], list[Feed]]:
        """(to poll, skipped): disabled feeds are skipped; so are, unless forced, those backing off
        after failures and, for the workers (not an operator's manual poll), those not due yet."""
        due: list[Feed] = []
        skipped: list[Feed] = []
        for feed in self.store.feeds.get_many(list(dict.fromkeys(feed_ids))):
            (due if self._wanted(feed, now) else skipped).append(feed)
        return due, skipped

    def _wanted(self, feed: Feed, now: datetime) -> bool:
        if feed.status is FeedStatus.DISABLED:
            return False
        if self.options.force:
            return True
        if self.options.manual:
            return not is_backing_off(feed, now)
        return is_due(feed, now)

    def poll(
        self,
        feed_ids: Iterable[str],
        now: Callable[[], datetime],
        on_done: Callable[[CollectReport], None] | None = None,
        counted: bool = True,  # False: a shard of a round, which the round counts once for /metrics
    ) -> PollSummary:
        due, skipped = self.select(feed_ids, now())
        summary = PollSummary(skipped=skipped)
        if self._pool is not None and self._factory is not None and len(due) > 1:
            summary.reports = self._poll_in_processes(due, self._factory, self._pool, on_done)
        else:
            summary.reports = self._poll_in_threads(interleave_hosts(due), now, on_done)
        if counted:
            self.store.work.record_polls(*poll_figures(summary.reports, summary.skipped))
        return summary

    def _poll_in_processes(
        self,
        due: list[Feed],
        factory: PartsFactory,
        pool: ProcessPoolExecutor,
        on_done: Callable[[CollectReport], None] | None,
    ) -> list[CollectReport]:
        # A few shards per process evens out their lengths; hosts are never split, so caps hold.
        size = max(1, -(-len(due) // (self.options.processes * SHARDS_PER_PROCESS)))
        # The cap is for the whole poll: each process gets its share of it.
        share = max(1, -(-self.options.concurrency // self.options.processes))
        inner = dataclasses.replace(self.options, processes=0, force=True, concurrency=share)
        futures = [pool.submit(_poll_shard, factory, ids, inner) for ids in plan_batches(due, size)]
        reports: list[CollectReport] = []
        for future in as_completed(futures):
            for report in future.result():
                reports.append(report)
                if on_done is not None:
                    on_done(report)
        return reports

    def _poll_in_threads(
        self, due: list[Feed], now: Callable[[], datetime], on_done: Callable[[CollectReport], None] | None
    ) -> list[CollectReport]:
        gate = HostGate(self.options.per_host)
        cpu = threading.Lock()

        def one(feed: Feed) -> CollectReport:
            started = time.monotonic()
            report = collect_feed(
                self.store,
                self.fetcher,
                feed,
                now(),
                gate=gate,
                cpu=cpu,
                read_pages=self.options.read_pages,
                policy=self.options.policy,
                caps=self.options.caps,
                method=self.options.highlights_method,
            )
            report.seconds = time.monotonic() - started
            if on_done is not None:
                on_done(report)
            return report

        with ThreadPoolExecutor(max(1, min(self.options.concurrency, len(due)))) as pool:
            return list(pool.map(one, due))

    def read_pages(self, feed_ids: Iterable[str]) -> tuple[int, list[str]]:
        """Read the queued article pages of these feeds, with the same caps as a poll."""
        gate = HostGate(self.options.per_host)
        cpu = threading.Lock()

        def one(feed_id: str) -> tuple[int, int, list[str]]:
            return read_pending_pages(
                self.store,
                self.fetcher,
                feed_id,
                gate=gate,
                cpu=cpu,
                max_pages=self.options.caps.max_pages,
                method=self.options.highlights_method,
            )

        ids = list(feed_ids)
        read, warnings = 0, []
        with ThreadPoolExecutor(max(1, min(self.options.concurrency, len(ids)))) as pool:
            for count, _failed, found in pool.map(one, ids):
                read += count
                warnings += found
        return read, warnings
