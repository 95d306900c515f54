"""Thin tasks over the pipeline: poll feeds, build an issue, fan its send out in chunks."""

from __future__ import annotations

import logging
from typing import Any

import redis
from celery import Task

from digest.admin import retention
from digest.audience import notices
from digest.collect.backoff import is_due
from digest.collect.collector import collect_feed
from digest.collect.poller import Poller, PollOptions, plan_batches
from digest.delivery.dispatch import send_or_hold
from digest.delivery.fanout import Sender, deliver_ids, resend_unconfirmed, start_send
from digest.errors import NotFound, TransportError
from digest.issues import review
from digest.runtime import utcnow
from digest.schedules import tick as scheduling
from digest.store.health import wait_for_redis
from worker import heartbeat  # noqa: F401  (connects the liveness signal handlers)
from worker.app import app, runtime

log = logging.getLogger(__name__)
REDIS_LOST_ATTEMPTS = 3
REDIS_WAIT_SECONDS = 60.0
_sender: Sender | None = None


def sender() -> Sender:
    """The transport and rate limiter are built once per worker process, like the runtime."""
    global _sender
    if _sender is None:
        _sender = runtime().sender()
    return _sender


POLL_BATCH_SIZE = 200  # feeds per task: big enough to overlap waiting, small enough to spread


@app.task(name="digest.poll_feed")
def poll_feed(feed_id: str) -> dict[str, Any]:
    """One feed, now (backoff is for scheduled polls; whoever queues this one asked for it)."""
    rt = runtime()
    options = PollOptions.from_settings(rt.settings)  # the operator's interval and caps, as in a batch
    report = collect_feed(
        rt.store,
        rt.fetcher,
        feed_id,
        utcnow(),
        policy=options.policy,
        caps=options.caps,
        method=options.highlights_method,
    )
    return {"feed": report.url, "new": len(report.new_articles), "error": report.error}


@app.task(name="digest.poll_batch")
def poll_batch(feed_ids: list[str]) -> dict[str, int]:
    """Many feeds at once in this worker process: threads wait on the network; parsing runs here,
    and Celery's prefork children spread the batches over the cores."""
    rt = runtime()
    with Poller(rt.store, rt.fetcher, PollOptions.from_settings(rt.settings)) as poller:
        summary = poller.poll(feed_ids, utcnow)
    return {
        "polled": len(summary.reports),
        "failed": len(summary.failed),
        "skipped": len(summary.skipped),
        "new": sum(len(r.new_articles) for r in summary.reports),
    }


def _fan_out(feed_ids: list[str]) -> int:
    """Queue the due feeds in batches; one host's feeds share a batch, so its per-host cap holds."""
    rt = runtime()
    now = utcnow()
    due = [f for f in rt.store.feeds.get_many(feed_ids) if is_due(f, now)]
    batches = plan_batches(due, POLL_BATCH_SIZE)
    for batch in batches:
        poll_batch.delay(batch)
    return len(batches)


@app.task(name="digest.poll_list")
def poll_list(slug: str) -> int:
    """Poll the feeds of one list, in batches spread over the workers."""
    return _fan_out(runtime().store.feeds.ids_for_list(slug))


@app.task(name="digest.poll_all")
def poll_all() -> int:
    """Poll the feeds that are due of every list: what beat fires every minute."""
    return _fan_out(runtime().store.feeds.all_ids())


@app.task(name="digest.tick")
def tick(slug: str, edition: str, force: bool = False) -> str:
    """Beat's per-minute look at one list's edition: when a slot is due, build its issue and send it
    (or, under review, hold it as a draft and mail its editors a copy)."""
    rt = runtime()
    try:
        rt.store.schedules.get(slug, edition)
    except NotFound:
        # The list or its edition was deleted while beat still held its entry: drop the entry. Beat's
        # entries are named in one place, the CLI's queue room; imported here, on this rare path only,
        # so a worker does not load the CLI to start.
        from digest.cli.queue import remove_tick

        remove_tick(app, slug, edition)
        return "removed"
    outcome = scheduling.tick(
        rt.store,
        rt.fetcher,
        slug,
        edition,
        utcnow(),
        force=force,
        archive_url=rt.archive_url(slug),
        poll=PollOptions.from_settings(rt.settings),
        lease_seconds=rt.settings.lease_seconds,
    )
    for issue in outcome.issues:
        send_or_hold(issue, inline=False, sender=sender, queue=_queue_send, archive_url=rt.archive_url(slug))
        log.info("list %s/%s: slot %s built %s (%s)", slug, edition, outcome.slot, issue.id, issue.status)
    if not outcome.issues and outcome.status not in ("not-due", "paused"):
        log.info("list %s/%s: slot %s %s", slug, edition, outcome.slot, outcome.status)
    return outcome.status


def _queue_send(slug: str, number: int) -> None:
    send_issue.delay(slug, number)


@app.task(name="digest.follow_up")
def follow_up() -> dict[str, int]:
    """Beat's regular look at what waits on time for every list: drafts whose review time ran out
    (sent or dropped as the list chose), welcomes owed, reminders to confirm a day on. One list's
    trouble is logged and the others go on."""
    rt = runtime()
    now = utcnow()
    totals = {"sent": 0, "welcomed": 0, "reminded": 0}
    for slug in rt.store.lists.slugs():
        try:
            for number in review.settle_due(rt.store, slug, now):
                send_issue.delay(slug, number)
                totals["sent"] += 1
            report = notices.send_due(rt.store, sender().transport, rt.links, slug, now)
        except (NotFound, redis.RedisError, TransportError) as exc:
            log.warning("follow-up of list %s: %s", slug, exc)
            continue
        totals["welcomed"] += report.welcomed
        totals["reminded"] += report.reminded
    return totals


@app.task(name="digest.send_issue")
def send_issue(slug: str, number: int) -> int:
    """Freeze the recipients and fan out one task per chunk (no chord: chunks report into Redis).

    Queued again by `digest issue resume`: the snapshot is kept and claims skip whoever is settled.
    """
    chunks = start_send(runtime().store, slug, number, utcnow())
    for chunk in chunks:
        send_chunk.delay(slug, number, chunk[0], chunk[1])
    return len(chunks)


@app.task(name="digest.send_chunk", bind=True, max_retries=5, acks_late=True, reject_on_worker_lost=True)
def send_chunk(self: Task, slug: str, number: int, start: int, stop: int) -> dict[str, Any]:
    """One chunk; its task id owns the claims, so a redelivery after a worker died flags, never resends."""
    out = sender()
    for attempt in range(REDIS_LOST_ATTEMPTS):
        try:
            ids = out.store.issues.recipient_ids(slug, number, start, stop)
            report = deliver_ids(out, slug, number, ids, owner=self.request.id)
            break
        except TransportError as exc:
            # Permanent errors pause the issue inside deliver_ids; what reaches here may pass on a retry.
            raise self.retry(exc=exc, countdown=min(300, 10 * 2**self.request.retries)) from exc
        except (redis.ConnectionError, redis.TimeoutError):
            # Redis restarting: the queue lives there too, so a Celery retry could not be published.
            # Wait here and run the chunk again; its own claims left in flight come back unconfirmed.
            log.warning("issue %s-%s chunk %s-%s lost Redis; waiting for it", slug, number, start, stop)
            if attempt == REDIS_LOST_ATTEMPTS - 1 or not wait_for_redis(out.store.redis, REDIS_WAIT_SECONDS):
                raise
    if report.stopped:
        log.warning("issue %s-%s chunk %s-%s stopped: %s", slug, number, start, stop, report.stopped)
    return {
        "sent": report.sent,
        "failed": report.failed,
        "skipped": report.skipped,
        "stopped": report.stopped,
    }


@app.task(name="digest.resend_unconfirmed", bind=True, acks_late=True, reject_on_worker_lost=True)
def resend(self: Task, slug: str, number: int) -> dict[str, int]:
    """Send, deliberately, to the recipients an earlier send left unconfirmed (`digest issue resend`)."""
    report = resend_unconfirmed(sender(), slug, number, owner=self.request.id)
    return {"sent": report.sent, "failed": report.failed, "unconfirmed": report.unconfirmed}


@app.task(name="digest.prune")
def prune() -> dict[str, Any]:
    """Beat's daily retention pass: what `digest prune` does, with the same settings."""
    rt = runtime()
    report = retention.prune(rt.store, rt.settings.retention, utcnow())
    log.info("prune freed %d bytes: %s", report.bytes, report.as_dict()["kinds"])
    return report.as_dict()
