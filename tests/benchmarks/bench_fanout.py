"""Fan-out benchmark: one issue of 10 articles to N active subscribers (default 1 000 000) through real
Celery workers (2 processes unless --concurrency says) and the SendGrid library, to the local
stand-in, until every delivery is recorded in Redis. Prints figures; it is not a test.

    python tests/benchmarks/bench_fanout.py [--recipients 1000000] [--redis redis://127.0.0.1:6379/0]
        [--profile] [--concurrency 2] [--own-redis] [--code DIR]

Prints the wall time, recipients/s, the CPU seconds of the workers, Redis and the stand-in, and each
worker's RSS when the send starts, a tenth in and at the end (flat from there). `--profile` then
sends one chunk of a second issue in this process under cProfile and prints its top entries.
`--code DIR` runs the workers on another checkout (e.g. `git archive main | tar -x -C /tmp/main`),
for a before/after in one session.

Its data lives under its own key prefix and is deleted at the end, after a failure or Ctrl-C too.
Subscribers are written straight in the subscriber store's layout, one pipelined batch of a few
commands per 10 000 (the CLI would take an hour for a million).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import os
import pstats
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from digest.delivery.fanout import LinkContext, Sender, deliver_ids  # noqa: E402
from digest.delivery.ratelimit import Unlimited  # noqa: E402
from digest.issues.render import render_issue  # noqa: E402
from digest.models import Article, Issue, IssueStatus, MailingList  # noqa: E402
from digest.store import Store, open_store  # noqa: E402
from digest.transports.sendgrid.transport import SendGridTransport  # noqa: E402
from tests.benchmarks.fanout_parts import (  # noqa: E402
    children,
    command_usec,
    cpu_seconds,
    delete_prefix,
    redis_cpu,
    standin_stats,
    start_redis,
    start_standin,
    start_worker,
    status_kib,
)
from tests.support.sendgrid_standin import API_KEY  # noqa: E402

BROKER_URL = "redis://127.0.0.1:6379/0"
SLUG = "bench"
NOW = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)
SECRET = "bench-secret-key-of-at-least-32-characters"
BASE_URL = "https://news.example.com"
LINKS = LinkContext(SECRET, BASE_URL, "unsubscribe@news.example.com")
SEED_BATCH = 10_000


def seed(store: Store, client: redis.Redis, count: int) -> None:
    """Subscribers in SubscriberStore's layout: per batch, the list's hash, index and sorted set in one
    command each, and a hash and a membership set per subscriber."""
    store.lists.create(MailingList(SLUG, "Bench Brief", "Bench Brief <brief@example.com>", NOW))
    store.lists.set_branding(SLUG, {"address": "1 Harbour Street, 12345 Port Town"})
    k, since = store.keys, f"active|{NOW.timestamp():.6f}"
    for start in range(1, count + 1, SEED_BATCH):
        numbers = range(start, min(start + SEED_BATCH, count + 1))
        pipe = client.pipeline(transaction=False)
        for n in numbers:
            pipe.hset(
                k.subscriber(str(n)), mapping={"email": f"reader{n}@example.com", "name": f"Reader {n}"}
            )
            pipe.sadd(k.subscriber_lists(str(n)), SLUG)
        pipe.hset(k.subscriber_by_email(), mapping={f"reader{n}@example.com": str(n) for n in numbers})
        pipe.hset(k.list_subscriptions(SLUG), mapping={str(n): since for n in numbers})
        pipe.zadd(k.list_active(SLUG), {str(n): NOW.timestamp() + n for n in numbers})
        pipe.execute()


def articles() -> list[Article]:
    return [
        Article(
            id=f"a{i}",
            feed_id="f",
            url=f"https://example.com/news/{i}",
            title=f"Harbour line extension, part {i}: what the council decided",
            source="Example News",
            first_seen_at=NOW - timedelta(hours=i),
            highlights=[
                f"Highlight {j} of article {i}, a sentence of ordinary length for a digest." for j in range(3)
            ],
            highlight_method="explicit",
        )
        for i in range(10)
    ]


def make_issue(store: Store, number: int) -> Issue:
    found = articles()
    for article in found:
        store.articles.save(article)
    issue = Issue(
        f"{SLUG}-{number}",
        SLUG,
        "Bench Brief",
        number,
        "",
        NOW,
        NOW,
        [a.id for a in found],
        IssueStatus.QUEUED,
    )
    rendered = render_issue(store.lists.get(SLUG), issue, found, archive_url=f"{BASE_URL}/archive/{SLUG}")
    issue = dataclasses.replace(issue, subject=rendered.subject)
    store.issues.create(issue, rendered)
    return issue


def profile_chunk(store: Store, url: str, size: int) -> None:
    """One chunk of issue 2 through the same code as a worker's chunk, in this process, under cProfile."""
    make_issue(store, 2)
    sender = Sender(
        store, SendGridTransport(API_KEY, host=url), LINKS, lambda: datetime.now(UTC), Unlimited()
    )
    ids = store.issues.recipient_ids(SLUG, 2, 0, -1) if store.issues.snapshot_recipients(SLUG, 2, NOW) else []
    ids = ids[:size]
    deliver_ids(sender, SLUG, 2, ids[:10], owner="warm-up")  # imports, scripts loaded, connection open
    profiler = cProfile.Profile()
    started = time.process_time()
    profiler.runcall(deliver_ids, sender, SLUG, 2, ids[10:], owner="profile")
    spent = time.process_time() - started
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    print(f"profile of one chunk ({len(ids) - 10} recipients, {spent:.3f} CPU-s under cProfile):")
    print("\n".join(line for line in out.getvalue().splitlines()[4:] if line.strip()))


def run_send(
    store: Store, client: redis.Redis, broker: str, worker: subprocess.Popen[str], url: str, total: int
) -> None:
    """Queue the send, wait until every delivery is recorded, print what it took."""
    from celery import Celery

    app = Celery("bench", broker=broker)
    app.conf.broker_transport_options = {"global_keyprefix": store.keys.celery_prefix()}
    pool = children(worker.pid)
    rss0 = {pid: status_kib(pid, "VmRSS") for pid in pool}
    cpu0 = {pid: cpu_seconds(pid) for pid in [worker.pid, *pool]}
    usec0 = command_usec(client)
    standin_cpu0, redis_cpu0 = standin_stats(url)["cpu_seconds"], redis_cpu(client)
    t0 = time.perf_counter()
    app.send_task("digest.send_issue", args=[SLUG, 1])
    warm: dict[int, int] = {}  # after a tenth of the send: what the first chunks load is in by then
    while (done := sum(store.issues.counts(SLUG, 1).values())) < total:
        if not warm and done >= total // 10:
            warm = {pid: status_kib(pid, "VmRSS") for pid in pool}
        if store.issues.status(SLUG, 1)[0] is IssueStatus.PAUSED:
            raise SystemExit(f"the send paused: {store.issues.status(SLUG, 1)[1]}")
        time.sleep(0.1)
    elapsed = time.perf_counter() - t0
    spent_redis = redis_cpu(client) - redis_cpu0
    usec = {name: n - usec0.get(name, 0.0) for name, n in command_usec(client).items()}
    stats = standin_stats(url)
    rss1 = {pid: status_kib(pid, "VmRSS") for pid in pool}
    cpu = {pid: cpu_seconds(pid) - cpu0[pid] for pid in cpu0}
    app.close()
    print(
        f"\nfan-out to {total} recipients, {len(pool)} worker processes (a 2-core machine shared with others)"
    )
    print(f"  total                 {elapsed:.1f} s end to end ({total / elapsed:,.0f} recipients/s)")
    print(f"  outcome               {store.issues.counts(SLUG, 1)}")
    print(
        f"  stand-in              {stats['requests']} requests, {stats['messages']} messages, "
        f"{stats['duplicates']} duplicates, {stats['validated']} bodies schema-validated"
    )
    print(
        f"  CPU-s                 workers {sum(cpu.values()):.1f} "
        f"({', '.join(f'{s:.1f}' for s in cpu.values())}: "
        f"parent, pool), Redis {spent_redis:.1f} (all its clients), stand-in "
        f"{stats['cpu_seconds'] - standin_cpu0:.1f}"
    )
    print(f"  per recipient         {1e6 * sum(cpu.values()) / total:.1f} µs of worker CPU")
    rss = ", ".join(
        f"{rss0[p] / 1024:.0f} / {warm.get(p, 0) / 1024:.0f} / {rss1[p] / 1024:.0f}" for p in pool
    )
    print(f"  worker RSS MiB        {rss} (each process: at the start / a tenth in / the end)")
    busiest = sorted(usec.items(), key=lambda item: -item[1])[:5]
    print("  Redis by command      " + ", ".join(f"{name} {n / 1e6:.1f} s" for name, n in busiest))
    dkey = store.keys.issue_deliveries(SLUG, 1)
    hash_bytes, records = int(client.memory_usage(dkey, samples=0) or 0), int(client.hlen(dkey))
    print(
        f"  Redis per record      {hash_bytes / records:.0f} B "
        f"(MEMORY USAGE of the deliveries hash / {records})"
    )


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM cleans up like Ctrl-C


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", "--subscribers", type=int, default=1_000_000)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", BROKER_URL))
    parser.add_argument("--profile", action="store_true", help="profile one chunk in this process first")
    parser.add_argument("--own-redis", action="store_true", help="start a Redis server for this run alone")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout the workers run")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupted)
    prefix = f"bench-fanout-{uuid.uuid4().hex[:8]}"
    own = start_redis() if args.own_redis else None
    if own is not None:
        args.redis = own[1]
    client = redis.Redis.from_url(args.redis, decode_responses=True)
    store = open_store(client, prefix)
    log = Path(f"/tmp/{prefix}-worker.log")
    standin: subprocess.Popen[str] | None = None
    worker: subprocess.Popen[str] | None = None
    try:
        standin, url = start_standin()
        mem0, started = int(client.info("memory")["used_memory"]), time.perf_counter()
        seed(store, client, args.recipients)
        make_issue(store, 1)
        per_subscriber = (int(client.info("memory")["used_memory"]) - mem0) / args.recipients
        print(
            f"seeded {args.recipients} subscribers in {time.perf_counter() - started:.1f} s "
            f"({per_subscriber:.0f} B of Redis each: subscriber hash, indexes, list membership)"
        )
        env = {
            **os.environ,
            "REDIS_URL": args.redis,
            "DIGEST_KEY_PREFIX": prefix,
            "DIGEST_EMAIL_BACKEND": "sendgrid",
            "SENDGRID_API_KEY": API_KEY,
            "SENDGRID_API_HOST": url,
            "DIGEST_SECRET_KEY": SECRET,
            "DIGEST_BASE_URL": BASE_URL,
        }
        worker = start_worker(env, log, args.code.resolve(), args.concurrency)
        run_send(store, client, args.redis, worker, url, args.recipients)
        if args.profile:  # after the send, so the stand-in's duplicate count above is the send's own
            profile_chunk(store, url, 1000)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the clean-up half way
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        if standin is not None:
            standin.terminate()
            standin.wait(timeout=30)
        print(f"  cleanup               deleted {delete_prefix(client, prefix)} keys under {prefix}:")
        log.unlink(missing_ok=True)
        if own is not None:
            own[0].terminate()
            own[0].wait(timeout=30)


if __name__ == "__main__":
    main()
