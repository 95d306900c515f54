"""Benchmark: Redis memory over N simulated daily issues to M subscribers, without and with retention.

Each simulated day collects 20 articles (10 go into the issue), builds an issue, snapshots its
recipients, claims and records every delivery through the real Lua scripts, records a provider event
per delivery, marks the issue sent and, in the run with retention, runs the same prune beat runs
daily. Memory should grow by the same step every day without it, and stop growing with it once the
oldest kept day leaves the window (`--keep-days`, for every kind, so 30 days show the plateau; the
defaults keep 30 to 180 days).

    python tests/benchmarks/bench_retention.py                       # 30 days, 100 000 subscribers
    python tests/benchmarks/bench_retention.py --quick               # 10 days, 10 000 subscribers

Each run uses a Redis server of its own (the embedded one, in a temporary folder), so the figures
are Redis's used_memory of this data alone.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis

from digest.admin.retention import prune
from digest.config import Retention
from digest.models import Article, DeliveryState, Issue, IssueStatus, RenderedIssue
from digest.store import Store, embedded, open_store

START = datetime(2026, 1, 1, 7, 0, tzinfo=UTC)
CHUNK = 1000
RENDERED = RenderedIssue(subject="Morning Brief", html="<p>" + "news " * 4000 + "</p>", text="news " * 2000)


def populate_list(store: Store, subscribers: int) -> None:
    """The list's active set is all a send snapshots; subscriber records do not grow with days."""
    store.redis.sadd(store.keys.lists(), "morning")
    for start in range(0, subscribers, 10_000):
        ids = range(start + 1, min(subscribers, start + 10_000) + 1)
        store.redis.zadd(store.keys.list_active("morning"), {str(i): i for i in ids})


def one_day(store: Store, day: int) -> None:
    now = START + timedelta(days=day)
    feed_id = "f0"
    articles = [
        Article(
            f"d{day}a{n}",
            feed_id,
            f"https://example.com/{day}/{n}",
            f"Story {n} of day {day}",
            "Src",
            now,
            ["A first highlight sentence of some length.", "A second one, a little longer still."],
            "extractive",
        )
        for n in range(20)
    ]
    store.articles.save_many(articles)
    store.feeds.mark_seen_many(feed_id, [(f"id-{a.id}", a.id) for a in articles], now)
    number = day + 1
    issue = Issue(f"morning-{number}", "morning", "Morning Brief", number, "Morning Brief", now, now,
                  [a.id for a in articles[:10]], IssueStatus.QUEUED)  # fmt: skip
    store.issues.create(issue, RENDERED)
    total = store.issues.snapshot_recipients("morning", number, now)
    for start in range(0, total, CHUNK):
        ids = store.issues.recipient_ids("morning", number, start, start + CHUNK - 1)
        store.issues.claim("morning", number, ids, now, owner="bench")
        outcomes = [(sid, DeliveryState.SENT, f"<msg-{number}-{sid}@example.com>") for sid in ids]
        store.issues.record("morning", number, outcomes, now, owner="bench")
        store.events.record_delivery_events([(("morning", number), sid, "delivered", now) for sid in ids])
    store.issues.finish_if_done("morning", number, now)


def settled_memory(client: redis.Redis) -> int:
    """used_memory once Redis's own thread has freed what UNLINK handed it."""
    deadline = time.monotonic() + 30
    while True:
        info = client.info("memory")
        if not int(info.get("lazyfree_pending_objects", 0)) or time.monotonic() > deadline:
            return int(info["used_memory"])
        time.sleep(0.05)


def run(subscribers: int, days: int, retention: Retention | None) -> list[tuple[int, int, float]]:
    """(day, used_memory after the day, seconds the prune took) for each simulated day."""
    with tempfile.TemporaryDirectory() as folder:
        server = embedded.ensure_running(Path(folder))
        try:
            client = redis.Redis.from_url(server.url, decode_responses=True)
            store = open_store(client, "bench")
            populate_list(store, subscribers)
            rows = []
            for day in range(days):
                one_day(store, day)
                took = 0.0
                if retention is not None:
                    started = time.perf_counter()
                    prune(store, retention, START + timedelta(days=day, hours=23))
                    took = time.perf_counter() - started
                rows.append((day + 1, settled_memory(client), took))
            client.close()
            return rows
        finally:
            embedded.stop(Path(folder))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--keep-days", type=int, default=7, help="retention of every kind in the second run")
    parser.add_argument("--quick", action="store_true", help="10 days, 10 000 subscribers, 3 days kept")
    args = parser.parse_args()
    if args.quick:
        args.subscribers, args.days, args.keep_days = 10_000, 10, 3
    k = args.keep_days
    keep = Retention(deliveries=k, events=k, snapshots=k, articles=k, identities=k, throttles=2)
    print(
        f"{args.days} daily issues to {args.subscribers:,} subscribers; retention keeps {k} days of each kind"
    )
    started = time.perf_counter()
    without = run(args.subscribers, args.days, None)
    with_it = run(args.subscribers, args.days, keep)
    print(f"{'day':>4} {'without (MB)':>13} {'with (MB)':>10} {'prune (s)':>10}")
    for (day, plain, _), (_, pruned, took) in zip(without, with_it, strict=True):
        print(f"{day:>4} {plain / 2**20:>13.1f} {pruned / 2**20:>10.1f} {took:>10.2f}")
    tail = [m for _, m, _ in with_it[-min(7, len(with_it)) :]]
    print(
        f"without retention: +{(without[-1][1] - without[0][1]) / 2**20 / max(1, args.days - 1):.1f} MB a day"
    )
    print(f"with retention: the last {len(tail)} days within {(max(tail) - min(tail)) / 2**20:.1f} MB")
    print(f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
