"""Benchmark: what one Prometheus scrape of GET /metrics costs on a large store, against a real Redis.

Every figure is read from Redis at scrape time (digest/admin/metrics.py): per list, its subscription
counters and one HMGET per stored issue; per feed, its due time. This builds LISTS lists of ISSUES
issues each and FEEDS feeds, then times scrapes through the real Flask route and prints the seconds and
the size of the answer. Target: well under Prometheus' default 10 s scrape timeout (seconds at most).

    python tests/benchmarks/bench_metrics.py                         # 50 lists x 200 issues, 5 000 feeds
    python tests/benchmarks/bench_metrics.py --lists 10 --issues 50 --feeds 500

Uses REDIS_URL (default redis://127.0.0.1:6379/0) under a key prefix of its own, deleted after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import redis

from digest.admin import create_list
from digest.config import load_settings
from digest.models import Issue, IssueStatus, RenderedIssue
from digest.runtime import Runtime
from digest.web import create_app

TOKEN = "bench-token-0123456789abcdef"


def run(lists: int, issues: int, feeds: int, redis_url: str, scrapes: int = 5) -> dict[str, float]:
    prefix = f"bench-metrics-{uuid.uuid4().hex[:8]}"
    settings = load_settings({"REDIS_URL": redis_url, "DIGEST_KEY_PREFIX": prefix})
    runtime = Runtime(replace(settings, admin_token=TOKEN))
    store = runtime.store
    now = datetime.now(UTC)
    rendered = RenderedIssue("s", "<p>h</p>", "t")
    try:
        for n in range(lists):
            slug = f"list{n}"
            create_list(store, slug, name=f"List {n}", from_addr="b@example.com", now=now)
            for number in range(1, issues + 1):
                issue = Issue(f"{slug}-{number}", slug, "L", number, "s", now, now, [], IssueStatus.SENT)
                store.issues.create(issue, rendered)
        for n in range(feeds):
            feed = store.feeds.add(f"https://feeds.example.com/{n}.xml")
            store.feeds.record_success(feed.id, now=now, title="", etag="", last_modified="",
                                       next_poll_at=now - timedelta(seconds=n % 600))  # fmt: skip
        client = create_app(runtime).test_client()
        headers = {"Authorization": f"Bearer {TOKEN}"}
        times, size = [], 0
        for _ in range(scrapes):
            started = time.perf_counter()
            answer = client.get("/metrics", headers=headers)
            times.append(time.perf_counter() - started)
            assert answer.status_code == 200, answer.status_code
            size = len(answer.data)
        return {
            "lists": lists,
            "issues_per_list": issues,
            "feeds": feeds,
            "scrape_seconds_median": round(statistics.median(times), 3),
            "scrape_seconds_max": round(max(times), 3),
            "answer_bytes": size,
        }
    finally:
        raw = redis.Redis.from_url(redis_url)
        for keys in _batches(raw.scan_iter(match=f"{prefix}:*", count=1000)):
            raw.delete(*keys)


def _batches(keys: Iterable[bytes], size: int = 1000) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    for key in keys:
        batch.append(key)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=50)
    parser.add_argument("--issues", type=int, default=200)
    parser.add_argument("--feeds", type=int, default=5000)
    args = parser.parse_args()
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    print(json.dumps(run(args.lists, args.issues, args.feeds, url), indent=2))


if __name__ == "__main__":
    main()
