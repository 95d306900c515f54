"""Benchmark: collecting 1 000 feeds from a loopback server, in three rounds, against a sequential loop.

    python tests/benchmarks/bench_polling.py [--feeds 1000] [--sequential-c] [--rss2email PATH/TO/r2e]

Rounds (each prints feeds/s and peak memory of this process and its parse processes):
  (a) cold: every feed new, all fast;
  (b) warm: the same feeds again, the server answering 304 to the conditional requests;
  (c) cold: other feeds, 10 % answering only after 2 s and 5 % broken (HTTP 500 or a web page).
The rounds time feed collection as production runs it (digest.collect.poller.Poller over
digest.collect.collector: conditional GET, parse in a process per core, de-duplication, entries stored in
Redis), with the article pages left queued; reading those pages (fetch + extraction) is timed
after, as pages/s.
The sequential figures are the way rss2email polls: one feed after the other, fetch then feedparser.
With --rss2email, rss2email itself (`r2e run --no-send`, installed apart, e.g. in its own venv with
`pip install rss2email`) polls the same 1 000 feeds cold and warm, and the ratios to it are printed.

Needs Redis on 127.0.0.1:6379 (DIGEST_BENCH_REDIS_URL to change); writes under a key prefix of its
own and deletes exactly those keys at the end. The feeds come from polling_server.py, beside this file.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import feedparser
import httpx
import psutil
import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from digest.collect.fetch import Fetcher, FetchLimits
from digest.collect.poller import Poller, PollOptions
from digest.config import POLL_CONCURRENCY
from digest.store import Store, open_store
from tests.benchmarks import polling_server
from tests.benchmarks.polling_server import ENTRIES, HOSTS, SLOW_SECONDS, feed_xml, is_slow, url_of
from tests.support.feedserver import RouteHosts


class PeakMemory:
    """Peak RSS of this process plus its children (the parse processes), sampled every 20 ms."""

    def __init__(self, exclude: set[int]) -> None:
        self._exclude = exclude
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                if child.pid not in self._exclude:
                    with contextlib.suppress(psutil.Error):  # it may just have exited
                        total += child.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(0.02)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def bench_parts(redis_url: str, prefix: str, port: int, concurrency: int) -> tuple[Store, Fetcher]:
    """The store and fetcher of one process: as production builds them, with hosts routed to the server."""
    logging.getLogger("digest").setLevel(logging.ERROR)  # round (c)'s broken feeds would log a line each
    store = open_store(redis.Redis.from_url(redis_url, decode_responses=True), prefix)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    http = httpx.Client(transport=RouteHosts(port, limits=limits), timeout=httpx.Timeout(10, connect=5))
    return store, Fetcher(http, FetchLimits(allow_private=True))


def timed(action: Callable[[], object], exclude: set[int]) -> tuple[float, int, object]:
    with PeakMemory(exclude) as memory:
        started = time.perf_counter()
        result = action()
        elapsed = time.perf_counter() - started
    return elapsed, memory.peak, result


def sequential(urls: list[str], port: int, etags: dict[str, str]) -> None:
    """The rss2email way: one feed after the other, fetch, then feedparser on what came back."""
    with httpx.Client(transport=RouteHosts(port), timeout=30) as client:
        for url in urls:
            headers = {"If-None-Match": etags[url]} if url in etags else {}
            response = client.get(url, headers=headers)
            if response.status_code == 200:
                feedparser.parse(response.content)
                etags[url] = response.headers.get("etag", "")


def rss2email_rounds(r2e: str, port: int, count: int) -> tuple[float, float]:
    """rss2email's own `run` over the same feeds, cold then warm (it sends conditional requests)."""
    with tempfile.TemporaryDirectory() as home:
        command = [r2e, "-c", f"{home}/r2e.cfg", "-d", f"{home}/r2e.json"]
        subprocess.run([*command, "new", "bench@example.invalid"], check=True, capture_output=True)
        outlines = "".join(
            f'<outline type="rss" text="f{n}" xmlUrl="http://127.0.0.1:{port}/f/a/{n}"/>'
            for n in range(count)
        )
        opml = Path(home) / "feeds.opml"
        opml.write_text(f'<?xml version="1.0"?><opml version="1.0"><head/><body>{outlines}</body></opml>')
        subprocess.run([*command, "opmlimport", str(opml)], check=True, capture_output=True)
        times = []
        for _round in ("cold", "warm"):
            started = time.perf_counter()
            subprocess.run([*command, "run", "--no-send"], check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return times[0], times[1]


def cpu_seconds(server_pid: int, client: redis.Redis) -> tuple[float, float, float]:
    """CPU used so far by this process and its children but the server, by the server, and by Redis."""
    me = psutil.Process()
    poller = sum(sum(p.cpu_times()[:2]) for p in [me, *me.children(recursive=True)] if p.pid != server_pid)
    server = sum(psutil.Process(server_pid).cpu_times()[:2]) if server_pid else 0.0
    info: Any = client.info("cpu")
    return poller, server, float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=POLL_CONCURRENCY)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pages", type=int, default=2000, help="article pages to read after round (a)")
    parser.add_argument("--sequential-c", action="store_true", help="also run round (c) sequentially (slow)")
    parser.add_argument(
        "--rss2email", metavar="R2E", help="path of an installed rss2email's r2e, to run it too"
    )
    args = parser.parse_args()
    count = args.feeds

    server, port = polling_server.start(count)
    exclude = {server.pid or 0}

    redis_url = os.environ.get("DIGEST_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    prefix = f"digest-bench-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    store, fetcher = bench_parts(redis_url, prefix, port, args.concurrency)
    ids = {r: [store.feeds.add(url_of(r, n)).id for n in range(count)] for r in ("a", "c")}
    options = PollOptions(
        concurrency=args.concurrency, processes=args.processes, read_pages=False, force=True
    )
    factory = partial(bench_parts, redis_url, prefix, port, args.concurrency)
    print(
        f"{count} feeds x {ENTRIES} entries (~{len(feed_xml('a', 0)) // 1024} KB each), {HOSTS} hosts, "
        f"per-host cap {options.per_host}, concurrency {options.concurrency}, "
        f"{options.processes} processes, {os.cpu_count()} cores"
    )
    try:
        started = time.perf_counter()
        with Poller(store, fetcher, options, factory) as poller:
            print(f"poller start-up (processes): {time.perf_counter() - started:.2f} s")
            now = lambda: datetime.now(UTC)  # noqa: E731
            rounds = [
                ("a", "cold, all fast", ids["a"]),
                ("b", "warm, 304", ids["a"]),
                ("c", "cold, 10% slow, 5% broken", ids["c"]),
            ]
            figures: dict[str, float] = {}
            for name, label, feed_ids in rounds:
                before = cpu_seconds(server.pid or 0, client)
                elapsed, peak, summary = timed(lambda f=feed_ids: poller.poll(f, now), exclude)
                spent = [
                    after - was
                    for after, was in zip(cpu_seconds(server.pid or 0, client), before, strict=True)
                ]
                reports = summary.reports  # type: ignore[attr-defined]
                failed = sum(1 for r in reports if r.error)
                unchanged = sum(1 for r in reports if r.not_modified)
                new = sum(len(r.new_articles) for r in reports)
                figures[name] = elapsed
                print(
                    f"({name}) {label:28s} {elapsed:6.2f} s  {count / elapsed:7.0f} feeds/s  "
                    f"peak {peak / 2**20:5.0f} MB  new entries {new}, 304s {unchanged}, failed {failed}"
                )
                # Where the 2 cores went: the loopback server shares them with the poller and Redis.
                print(
                    f"    CPU: poller {spent[0]:.1f} s, loopback server {spent[1]:.1f} s, "
                    f"Redis {spent[2]:.1f} s (all its clients), "
                    f"of {elapsed * (os.cpu_count() or 1):.1f} s available"
                )
            pages_ids = ids["a"][: max(1, args.pages // ENTRIES)]
            elapsed, peak, result = timed(lambda: poller.read_pages(pages_ids), exclude)
            read = result[0]  # type: ignore[index]
            print(
                f"article pages (fetch + extract + highlights): {read} pages in {elapsed:.2f} s, "
                f"{read / elapsed:.0f} pages/s, peak {peak / 2**20:.0f} MB"
            )
        etags: dict[str, str] = {}
        seq_a, _, _ = timed(lambda: sequential([url_of("a", n) for n in range(count)], port, etags), exclude)
        seq_b, _, _ = timed(lambda: sequential([url_of("a", n) for n in range(count)], port, etags), exclude)
        print(f"sequential fetch+parse (rss2email way): (a) {seq_a:.2f} s  (b) {seq_b:.2f} s")
        print(f"speed-up over sequential: (a) x{seq_a / figures['a']:.1f}  (b) x{seq_b / figures['b']:.1f}")
        if args.rss2email:
            r2e_a, r2e_b = rss2email_rounds(args.rss2email, port, count)
            print(
                f"rss2email run --no-send, same feeds: (a) {r2e_a:.2f} s  (b) {r2e_b:.2f} s; "
                f"speed-up over rss2email: (a) x{r2e_a / figures['a']:.1f}  (b) x{r2e_b / figures['b']:.1f}"
            )
        slow = sum(1 for n in range(count) if is_slow(n))
        if args.sequential_c:
            seq_c, _, _ = timed(lambda: sequential([url_of("c", n) for n in range(count)], port, {}), exclude)
            print(f"sequential (c) {seq_c:.2f} s: speed-up x{seq_c / figures['c']:.1f}")
        else:
            bound = slow * SLOW_SECONDS
            print(
                f"sequential (c) not run: at least {bound:.0f} s ({slow} slow feeds x {SLOW_SECONDS:.0f} s), "
                f"i.e. x{bound / figures['c']:.0f} or more (--sequential-c runs it)"
            )
    finally:
        for key in client.scan_iter(match=f"{prefix}:*", count=5000):
            client.delete(key)
        server.terminate()


if __name__ == "__main__":
    main()
