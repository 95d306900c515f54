"""Benchmark: `feeds import` of a generated OPML file at the feed-count cap, and `feeds export`.

Prints feeds/s for the first import, for a re-run (everything already on the list) and for the export,
and the peak memory of the process. The file nests its feeds two folders deep, as feed readers do.

    python tests/benchmarks/bench_opml.py                # 5 000 feeds (MAX_OPML_FEEDS)
    python tests/benchmarks/bench_opml.py --feeds 1000

Uses REDIS_URL (default redis://127.0.0.1:6379/0) under a key prefix of its own, deleted after.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import uuid
from datetime import UTC, datetime
from xml.sax.saxutils import quoteattr

import redis

from digest.admin import create_list
from digest.admin.opml import MAX_OPML_FEEDS, export_opml, import_opml
from digest.store import open_store


def generate(feeds: int) -> bytes:
    folders: dict[int, list[str]] = {}
    for n in range(feeds):
        title = quoteattr(f"Feed {n} & friends")
        folders.setdefault(n % 40, []).append(
            f'<outline type="rss" text={title} title={title} '
            f'xmlUrl="https://host{n % 500}.example/feed/{n}"/>'
        )
    body = "".join(
        f'<outline text="Topic {t}"><outline text="Sub {t}">{"".join(items)}</outline></outline>'
        for t, items in folders.items()
    )
    head = '<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head/>'
    return f"{head}<body>{body}</body></opml>".encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=MAX_OPML_FEEDS)
    args = parser.parse_args()
    client = redis.Redis.from_url(
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True
    )
    prefix = f"bench-opml-{uuid.uuid4().hex[:8]}"
    store = open_store(client, prefix)
    now = datetime.now(UTC)
    content = generate(args.feeds)
    try:
        create_list(store, "bench", name="Bench", from_addr="bench@example.com", now=now)
        for label, run in (("import", "first"), ("import", "again")):
            started = time.perf_counter()
            report = import_opml(store, "bench", content)
            took = time.perf_counter() - started
            print(
                f"{label} ({run}): {args.feeds} feeds, {len(content) / 1e6:.2f} MB in {took:.2f} s "
                f"({args.feeds / took:,.0f} feeds/s): "
                f"{len(report.added)} added, {len(report.already)} already"
            )
        started = time.perf_counter()
        written = export_opml(store, "bench", now)
        took = time.perf_counter() - started
        print(f"export: {args.feeds} feeds, {len(written) / 1e6:.2f} MB in {took:.2f} s")
        print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=5000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])


if __name__ == "__main__":
    main()
