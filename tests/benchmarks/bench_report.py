"""Benchmark: an issue of N recipients, a provider batch of their events (delivered, opens, clicks on
its articles), then `issue report` and `stats` over it, against a real Redis.

Prints the seconds each step takes and the Redis memory the click records add. Target: 100 000
recipients' events applied in batches of 10 000 (SendGrid's batches are smaller) well under a minute,
and the report in a few seconds.

    python tests/benchmarks/bench_report.py                  # 100 000 recipients
    python tests/benchmarks/bench_report.py --people 20000

Uses REDIS_URL (default redis://127.0.0.1:6379/0) under a key prefix of its own, deleted after.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import uuid
from datetime import UTC, datetime, timedelta

import redis

from digest.admin import create_list
from digest.admin.reporting import read_issue_report
from digest.admin.stats import read_stats
from digest.delivery.feedback import apply_events, parse_events
from digest.models import Article, Issue, IssueStatus, RenderedIssue, SubscriberStatus
from digest.store import open_store
from digest.store.subscribers import Person

BATCH = 10_000
ARTICLES = 20


def run(people: int, redis_url: str) -> dict[str, float]:
    prefix = f"bench-report-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    store = open_store(client, prefix)
    now = datetime.now(UTC)
    try:
        create_list(store, "bench", name="Bench", from_addr="bench@example.com", now=now - timedelta(days=30))
        ids = store.subscribers.create_many([Person(f"p{n}@example.com") for n in range(people)])
        sids = list(ids.values())
        for start in range(0, people, BATCH):
            chunk = [(sid, SubscriberStatus.ACTIVE) for sid in sids[start : start + BATCH]]
            store.subscribers.apply_statuses("bench", chunk, "set", now - timedelta(days=20))
        articles = [
            Article(
                f"a{n}",
                "f",
                f"https://news.example.com/{n}?id={n}",
                f"Article {n}",
                "S",
                now,
                ["x"],
                "ranked",
            )
            for n in range(ARTICLES)
        ]
        store.articles.save_many(articles)
        issue = Issue(
            "bench-1", "bench", "Bench", 1, "S", now, now, [a.id for a in articles], IssueStatus.QUEUED
        )
        store.issues.create(issue, RenderedIssue("S", "<p>h</p>", "t"))
        store.issues.snapshot_recipients("bench", 1, now - timedelta(days=1))
        events: list[dict[str, object]] = []
        for n, sid in enumerate(sids):
            base = {"email": f"p{n}@example.com", "timestamp": 1_760_000_000 + n, "issue_id": "bench-1",
                    "subscriber_id": sid}  # fmt: skip
            events.append({**base, "sg_event_id": f"d{n}", "event": "delivered"})
            if n % 3 == 0:
                events.append({**base, "sg_event_id": f"o{n}", "event": "open"})
            if n % 5 == 0:
                url = f"{articles[n % ARTICLES].url}&utm_source=bench&utm_medium=email&utm_campaign=bench-1"
                events.append({**base, "sg_event_id": f"c{n}", "event": "click", "url": url})
        memory_before = int(client.info("memory")["used_memory"])
        started = time.perf_counter()
        for start in range(0, len(events), BATCH):
            body = json.dumps(events[start : start + BATCH]).encode()
            apply_events(store, parse_events(body), now)
        applying = time.perf_counter() - started
        click_bytes = sum(
            int(client.memory_usage(key) or 0)
            for key in (store.keys.issue_clicks("bench", 1), store.keys.issue_clickers("bench", 1))
        )
        started = time.perf_counter()
        report = read_issue_report(store, "bench", 1)
        reporting = time.perf_counter() - started
        started = time.perf_counter()
        read_stats(store, "bench", now - timedelta(days=90), now)
        stats = time.perf_counter() - started
        assert report.delivered == people and report.unique_clicks == len(range(0, people, 5))
        assert sum(a.clicks for a in report.articles) == report.unique_clicks
        return {
            "people": people,
            "events": len(events),
            "apply_seconds": applying,
            "events_per_s": len(events) / applying,
            "report_seconds": reporting,
            "stats_seconds": stats,
            "click_records_mib": click_bytes / 2**20,
            "redis_growth_mib": (int(client.info("memory")["used_memory"]) - memory_before) / 2**20,
        }
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=5000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    r = run(args.people, os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    print(
        f"{r['people']} recipients, {r['events']} events: applied in {r['apply_seconds']:.2f} s "
        f"({r['events_per_s']:.0f} events/s); issue report {r['report_seconds']:.2f} s; "
        f"stats {r['stats_seconds']:.2f} s; click records {r['click_records_mib']:.1f} MiB "
        f"(Redis grew {r['redis_growth_mib']:.1f} MiB with the events)"
    )


if __name__ == "__main__":
    main()
