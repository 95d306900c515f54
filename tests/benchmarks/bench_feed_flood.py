"""Benchmark: one poll of a feed of 100 000 new items (about 4 MB, under the 5 MB cap), collected as
production collects it (digest.collect.collector with the default caps, real Redis, pages read).

Prints the seconds, the peak RSS the poll added, the articles stored, the page requests made to the
items' host and what the feed's warning says. Before the caps, such a feed stored 100 000 articles and
queued 100 000 page fetches (issue 14, item 12).

    python tests/benchmarks/bench_feed_flood.py [--items 100000]

Needs Redis on 127.0.0.1:6379 (DIGEST_BENCH_REDIS_URL to change); writes under a key prefix of its
own and deletes exactly those keys at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from digest.collect.collector import FeedCaps, collect_feed
from digest.collect.fetch import Fetcher, FetchLimits
from digest.store import open_store
from tests.support.feedserver import Reply, RouteHosts, serve


def flood(items: int) -> bytes:
    body = "".join(f"<item><link>http://f.test/{n}</link></item>" for n in range(items))
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>'
    return f"{head}{body}</channel></rss>".encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    url = os.environ.get("DIGEST_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    client = redis.Redis.from_url(url, decode_responses=True)
    prefix = f"digest-bench-{uuid.uuid4().hex[:8]}"
    store = open_store(client, prefix)
    feed = flood(args.items)
    try:
        with (
            serve({"/feed": Reply(200, feed, {"Content-Type": "application/rss+xml"})}) as server,
            httpx.Client(transport=RouteHosts(server.port), timeout=10) as http,
        ):
            fetcher = Fetcher(http, FetchLimits(allow_private=True))
            feed_id = store.feeds.add("http://f.test/feed").id
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            report = collect_feed(store, fetcher, feed_id, datetime.now(UTC))
            seconds = time.perf_counter() - started
            peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
            pages = sum(hits for path, hits in server.hits.items() if path != "/feed")
        caps = FeedCaps()
        print(
            f"feed of {args.items} items, {len(feed)} bytes; caps: {caps.max_new} new, {caps.max_pages} pages"
        )
        print(f"  one poll: {seconds:.2f} s, peak +{peak_mb:.1f} MB, error: {report.error or 'none'}")
        print(f"  articles stored: {store.feeds.article_count(feed_id)}, page requests: {pages}")
        print(f"  feed warning: {store.feeds.get(feed_id).warning}")
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


if __name__ == "__main__":
    main()
