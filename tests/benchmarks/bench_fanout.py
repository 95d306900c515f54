"""Fan-out benchmark: one issue of 10 articles to N active subscribers (default 1 000 000) through real
Celery workers (2 processes) and the SendGrid library, to the local stand-in, until every delivery is
recorded in Redis. Prints figures; it is not a test.

    python tests/benchmarks/bench_fanout.py [--subscribers 1000000] [--redis redis://127.0.0.1:6379/0]

Its data lives under its own key prefix and is deleted at the end. Subscribers are written straight
in the subscriber store's layout with pipelined writes (the CLI would take an hour for a million).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from digest.delivery.fanout import LinkContext, recipient_for  # noqa: E402
from digest.issues.render import personalise, render_issue  # noqa: E402
from digest.models import Article, Issue, IssueStatus, MailingList  # noqa: E402
from digest.store import Store, open_store  # noqa: E402
from digest.transports.message import unsubscribe_headers  # noqa: E402
from digest.transports.sendgrid.transport import SendGridTransport  # noqa: E402
from tests.support import sendgrid_standin  # noqa: E402
from tests.support.sendgrid_standin import API_KEY  # noqa: E402

BROKER_URL = "redis://127.0.0.1:6379/0"
SLUG = "bench"
NOW = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)
SECRET = "bench-secret-key-of-at-least-32-characters"
BASE_URL = "https://news.example.com"


def seed(store: Store, client: redis.Redis, count: int) -> None:
    """Subscribers in SubscriberStore's layout, 10 000 to a pipeline."""
    store.lists.create(MailingList(SLUG, "Bench Brief", "Bench Brief <brief@example.com>", NOW))
    k, since = store.keys, f"active|{NOW.timestamp():.6f}"
    for start in range(1, count + 1, 10_000):
        pipe = client.pipeline(transaction=False)
        for n in range(start, min(start + 10_000, count + 1)):
            sid, email = str(n), f"reader{n}@example.com"
            pipe.hset(k.subscriber(sid), mapping={"email": email, "name": f"Reader {n}"})
            pipe.hset(k.subscriber_by_email(), email, sid)
            pipe.sadd(k.subscriber_lists(sid), SLUG)
            pipe.hset(k.list_subscriptions(SLUG), sid, since)
            pipe.zadd(k.list_active(SLUG), {sid: NOW.timestamp() + n})
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


def make_issue(store: Store) -> Issue:
    found = articles()
    for article in found:
        store.articles.save(article)
    issue = Issue("bench-1", SLUG, "Bench Brief", 1, "", NOW, NOW, [a.id for a in found], IssueStatus.QUEUED)
    rendered = render_issue(store.lists.get(SLUG), issue, found, archive_url=f"{BASE_URL}/archive/{SLUG}")
    issue = dataclasses.replace(issue, subject=rendered.subject)
    store.issues.create(issue, rendered)
    return issue


def start_standin() -> tuple[subprocess.Popen[str], str]:
    """The stand-in in a process of its own (its CPU is then its own); its path comes from the import,
    so a move of the module breaks here loudly rather than as an empty URL much later."""
    process = subprocess.Popen(
        [sys.executable, sendgrid_standin.__file__, "--validate-every", "50"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        raise SystemExit(f"the SendGrid stand-in did not start (exit code {process.wait()})")
    return process, url


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "worker",
            "worker",
            "--concurrency=2",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            f"bench-{os.getpid()}@%h",
            "--pool=prefork",
        ],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(children(process.pid)) < 2:
        time.sleep(0.2)
    time.sleep(2)  # the pool is forked; let it connect to the broker before the clock starts
    return process


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def naive_rate(store: Store, url: str, rendered_issue: Issue, sample: int) -> float:
    """The baseline: render the issue for each recipient and send one request per recipient."""
    links = LinkContext(SECRET, BASE_URL, "unsubscribe@news.example.com")
    transport = SendGridTransport(API_KEY, host=url)
    mailing_list, found = store.lists.get(SLUG), articles()
    started = time.perf_counter()
    for n in range(1, sample + 1):
        rendered = render_issue(mailing_list, rendered_issue, found, archive_url=f"{BASE_URL}/archive/{SLUG}")
        person = recipient_for(links, f"naive{n}", f"naive{n}@example.com", f"Naive {n}", SLUG)
        html, text = personalise(rendered, person)
        body = {
            "personalizations": [{"to": [{"email": person.email}], "headers": unsubscribe_headers(person)}],
            "from": {"email": "brief@example.com"},
            "subject": rendered.subject,
            "content": [{"type": "text/plain", "value": text}, {"type": "text/html", "value": html}],
        }
        transport._client.send(body)
    return sample / (time.perf_counter() - started)


def _redis_cpu(client: redis.Redis) -> float:
    info = client.info("cpu")
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])


def delete_prefix(client: redis.Redis, prefix: str) -> int:
    deleted, batch = 0, []
    for key in client.scan_iter(match=f"{prefix}:*", count=10_000):
        batch.append(key)
        if len(batch) >= 5_000:
            deleted += client.unlink(*batch)
            batch = []
    if batch:
        deleted += client.unlink(*batch)
    return deleted


def run_send(
    store: Store, client: redis.Redis, broker: str, worker: subprocess.Popen[str], url: str, total: int
) -> float:
    """Queue the send, wait until every delivery is recorded, print what it took."""
    from celery import Celery

    app = Celery("bench", broker=broker)
    app.conf.broker_transport_options = {"global_keyprefix": store.keys.celery_prefix()}
    pool = children(worker.pid)
    cpu0 = {pid: cpu_seconds(pid) for pid in [worker.pid, *pool]}
    standin_cpu0 = json.load(urllib.request.urlopen(f"{url}/_stats"))["cpu_seconds"]
    redis_cpu0, mem1 = _redis_cpu(client), int(client.info("memory")["used_memory"])
    t0 = time.perf_counter()
    app.send_task("digest.send_issue", args=[SLUG, 1])
    while sum(store.issues.counts(SLUG, 1).values()) < total:
        time.sleep(0.2)
    elapsed = time.perf_counter() - t0
    redis_cpu = _redis_cpu(client) - redis_cpu0
    stats = json.load(urllib.request.urlopen(f"{url}/_stats"))
    peaks = {pid: peak_kib(pid) for pid in [worker.pid, *pool]}
    cpu = {pid: cpu_seconds(pid) - cpu0.get(pid, 0.0) for pid in peaks}
    dkey = store.keys.issue_deliveries(SLUG, 1)
    hash_bytes, records = int(client.memory_usage(dkey, samples=0) or 0), int(client.hlen(dkey))
    grown = int(client.info("memory")["used_memory"]) - mem1
    print(f"\nfan-out to {total} recipients, 2 worker processes (a 2-core machine shared with others)")
    print(f"  total                 {elapsed:.1f} s end to end ({total / elapsed:,.0f} recipients/s)")
    print(f"  outcome               {store.issues.counts(SLUG, 1)}")
    print(
        f"  stand-in              {stats['requests']} requests, {stats['messages']} messages, "
        f"{stats['duplicates']} duplicates, {stats['validated']} bodies schema-validated, "
        f"CPU {stats['cpu_seconds'] - standin_cpu0:.1f} s"
    )
    workers = ", ".join(f"{pid}: {s:.1f} s" for pid, s in cpu.items())
    print(f"  CPU                   workers {workers}; Redis server (all its clients) {redis_cpu:.1f} s")
    print(
        "  peak worker memory    " + ", ".join(f"{pid}: {kib / 1024:.0f} MiB" for pid, kib in peaks.items())
    )
    print(
        f"  Redis per record      {hash_bytes / records:.0f} B (MEMORY USAGE of the deliveries hash / "
        f"{records} records); used_memory grew {grown / records:.0f} B per record"
    )
    return total / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", BROKER_URL))
    parser.add_argument("--naive-sample", type=int, default=500)
    args = parser.parse_args()
    prefix = f"bench-fanout-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(args.redis, decode_responses=True)
    store = open_store(client, prefix)
    standin, url = start_standin()
    worker: subprocess.Popen[str] | None = None
    try:
        mem0, started = int(client.info("memory")["used_memory"]), time.perf_counter()
        seed(store, client, args.subscribers)
        issue = make_issue(store)
        per_subscriber = (int(client.info("memory")["used_memory"]) - mem0) / args.subscribers
        print(
            f"seeded {args.subscribers} subscribers in {time.perf_counter() - started:.1f} s "
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
        worker = start_worker(env, Path(f"/tmp/{prefix}-worker.log"))
        rate = run_send(store, client, args.redis, worker, url, args.subscribers)
        naive = naive_rate(store, url, issue, args.naive_sample)
        print(
            f"  naive baseline        {naive:,.0f} recipients/s in one process (render + one request each, "
            f"{args.naive_sample} recipients): batched is {rate / naive:.0f}x that, "
            f"{rate / (2 * naive):.0f}x two naive processes"
        )
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        standin.terminate()
        print(f"  cleanup               deleted {delete_prefix(client, prefix)} keys under {prefix}:")


if __name__ == "__main__":
    main()
