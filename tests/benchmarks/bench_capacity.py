"""Bytes per item of each kind of data, measured with MEMORY USAGE on keys the code itself wrote, and
what one Redis of N GB then holds with the retention defaults (README: "Scale on paper").

    python tests/benchmarks/bench_capacity.py [--subscribers 20000] [--redis redis://127.0.0.1:6379/0]

A list of N subscribers imported from CSV, an issue of 10 articles rendered and really sent through
the SendGrid transport (to the in-process stand-in), then per recipient the provider events SendGrid
posts (processed, delivered; opens from 30 %, clicks from 5 %) through the webhook's own code, and a
feed's entries collected. Big hashes and sets are measured whole and divided by their entries, so
the per-item figures include the structures' own overhead. Its keys live under their own prefix and
are deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from digest.admin.csv_import import import_csv  # noqa: E402
from digest.config import Retention  # noqa: E402
from digest.delivery.dispatch import send_now  # noqa: E402
from digest.delivery.fanout import Sender  # noqa: E402
from digest.delivery.feedback import EventBatch, ProviderEvent, apply_events  # noqa: E402
from digest.delivery.ratelimit import Unlimited  # noqa: E402
from digest.models import MailingList  # noqa: E402
from digest.store import Store, open_store  # noqa: E402
from digest.transports.sendgrid.transport import SendGridTransport  # noqa: E402
from tests.benchmarks.bench_fanout import LINKS, NOW, SLUG, make_issue  # noqa: E402
from tests.benchmarks.fanout_parts import delete_prefix  # noqa: E402
from tests.support.sendgrid_standin import API_KEY, StandIn, serve_standin  # noqa: E402

GB = 2**30
EVENT_ID_DAYS = 7  # EVENT_ID_SECONDS in digest/store/events.py


def usage(client: redis.Redis, key: str) -> int:
    return int(client.memory_usage(key, samples=0) or 0)


def mean_usage(client: redis.Redis, keys: list[str]) -> float:
    return sum(usage(client, k) for k in keys) / len(keys)


def populate(store: Store, count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "people.csv"
        csv.write_text(
            "email,name\n" + "".join(f"reader{n}@example.com,Reader {n} Example\n" for n in range(count))
        )
        import_csv(store, SLUG, csv, now=NOW)


def events_for(ids: list[str]) -> list[ProviderEvent]:
    """What SendGrid posts about one issue: processed and delivered for all, opens and clicks for some."""
    out = []
    for n, sid in enumerate(ids):
        email, at = f"reader{sid}@example.com", NOW + timedelta(minutes=5)
        for kind in ("processed", "delivered"):
            out.append(ProviderEvent(uuid.uuid4().hex[:22], kind, email, at, f"{SLUG}-1", sid))
        if n % 10 < 3:
            out.append(ProviderEvent(uuid.uuid4().hex[:22], "open", email, at, f"{SLUG}-1", sid))
        if n % 20 == 0:
            url = f"https://example.com/news/{n % 10}"
            out.append(ProviderEvent(uuid.uuid4().hex[:22], "click", email, at, f"{SLUG}-1", sid, url=url))
    return out


def measure(store: Store, client: redis.Redis, count: int) -> dict[str, float]:
    k, sizes = store.keys, {}
    store.lists.create(MailingList(SLUG, "Bench Brief", "Bench Brief <brief@example.com>", NOW))
    store.lists.set_branding(SLUG, {"address": "1 Harbour Street, 12345 Port Town"})
    populate(store, count)
    ids = [str(n) for n in range(1, count + 1)]
    sizes["subscriber"] = (
        mean_usage(client, [k.subscriber(s) for s in ids[:2000]])
        + mean_usage(client, [k.subscriber_lists(s) for s in ids[:2000]])
        + usage(client, k.subscriber_by_email()) / count
        + usage(client, k.list_subscriptions(SLUG)) / count
        + usage(client, k.list_active(SLUG)) / count
    )
    make_issue(store, 1)
    sizes["issue (hash, rendered body)"] = usage(client, k.issue(SLUG, 1))
    sizes["article"] = mean_usage(client, [k.article(f"a{i}") for i in range(10)])
    with serve_standin(StandIn(validate_every=50, keep_bodies=False)) as (_, url):
        sender = Sender(store, SendGridTransport(API_KEY, host=url), LINKS, lambda: NOW, Unlimited())
        report = send_now(sender, SLUG, 1)
    assert report.sent == count, report
    sizes["delivery record"] = usage(client, k.issue_deliveries(SLUG, 1)) / count
    sizes["snapshot entry"] = usage(client, k.issue_recipients(SLUG, 1)) / count
    events = events_for(ids)
    for start in range(0, len(events), 1000):
        apply_events(store, EventBatch(events[start : start + 1000], 0), NOW + timedelta(minutes=6))
    sizes["latest event (per delivery)"] = usage(client, k.issue_events(SLUG, 1)) / count
    who = [k.issue_people(SLUG, 1, kind) for kind in ("processed", "delivered", "open", "click")]
    members = sum(int(client.scard(name)) for name in who)
    sizes["unique person per kind"] = sum(usage(client, name) for name in who) / members
    sizes["people entries per delivery"] = members / count
    sizes["click dedup (per delivery)"] = usage(client, k.issue_clickers(SLUG, 1)) / count
    sizes["event id (7 days)"] = mean_usage(client, [k.webhook_event(e.event_id) for e in events[:2000]])
    sizes["events per delivery"] = len(events) / count
    feed = store.feeds.add("https://example.com/feed.xml")
    identities = [
        (f"https://example.com/news/{n}#entry-{uuid.uuid4().hex[:8]}", f"a{n}") for n in range(2000)
    ]
    store.feeds.mark_seen_many(feed.id, identities, NOW)
    sizes["entry identity"] = usage(client, k.feed_seen(feed.id)) / len(identities)
    sizes["feed index entry"] = usage(client, k.feed_articles(feed.id)) / len(identities)
    sizes["feed"] = usage(client, k.feed(feed.id))
    return sizes


def per_recipient(sizes: dict[str, float], keep: Retention) -> dict[str, float]:
    """Bytes one daily issue holds per recipient, by kind, once every kind has reached its retention."""
    people = sizes["people entries per delivery"] * sizes["unique person per kind"]
    events = sizes["latest event (per delivery)"] + people + sizes["click dedup (per delivery)"]
    return {
        "deliveries": keep.deliveries * sizes["delivery record"],
        "events": keep.events * events,
        "snapshots": keep.snapshots * sizes["snapshot entry"],
        "event ids": EVENT_ID_DAYS * sizes["events per delivery"] * sizes["event id (7 days)"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis, decode_responses=True)
    prefix = f"bench-capacity-{uuid.uuid4().hex[:8]}"
    try:
        sizes = measure(open_store(client, prefix), client, args.subscribers)
    finally:
        print(f"(cleanup: deleted {delete_prefix(client, prefix)} keys under {prefix}:)")
    print(f"bytes per item, {args.subscribers} subscribers (Redis {client.info('server')['redis_version']}):")
    for name, size in sizes.items():
        print(f"  {name:32s} {size:10.1f}")
    keep = Retention()
    parts = per_recipient(sizes, keep)
    daily = sum(parts.values())
    print(
        f"a daily issue, kept as the defaults say (deliveries {keep.deliveries} d, events {keep.events} d, "
        f"snapshots {keep.snapshots} d, event ids {EVENT_ID_DAYS} d): {daily:,.0f} B per subscriber"
    )
    print("  " + ", ".join(f"{kind} {size:,.0f}" for kind, size in parts.items()))
    for gb in (1, 8, 64):
        people = gb * GB * 0.75 / (sizes["subscriber"] + daily)
        print(f"  {gb:3d} GB (75 % of it for data): {people:,.0f} subscribers of a daily list")
    feed = keep.articles * 20 * (sizes["article"] + sizes["feed index entry"]) + sizes["feed"]
    print(
        f"a feed of 20 entries a day: {feed / 2**20:.1f} MiB (articles {keep.articles} d), and its entry "
        f"identities {365 * 20 * sizes['entry identity'] / 2**20:.1f} MiB more each year it is read"
    )


if __name__ == "__main__":
    main()
