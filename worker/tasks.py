"""Thin tasks over the pipeline: poll feeds, build an issue, fan its send out in chunks."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task

from digest.backoff import is_due
from digest.collect import collect_feed
from digest.deliver import deliver_chunk, start_send
from digest.errors import TransportError
from digest.pipeline import build_issue
from digest.poller import Poller, PollOptions, plan_batches
from digest.runtime import Runtime, utcnow
from worker.app import app

log = logging.getLogger(__name__)
_runtime: Runtime | None = None


def runtime() -> Runtime:
    """One Runtime per worker process, built on first use (after the fork, so connections are not shared)."""
    global _runtime
    if _runtime is None:
        _runtime = Runtime.from_env()
    return _runtime


POLL_BATCH_SIZE = 200  # feeds per task: big enough to overlap waiting, small enough to spread


@app.task(name="digest.poll_feed")
def poll_feed(feed_id: str) -> dict[str, Any]:
    """One feed, now (backoff is for scheduled polls; whoever queues this one asked for it)."""
    rt = runtime()
    report = collect_feed(rt.store, rt.fetcher, feed_id, utcnow())
    return {"feed": report.url, "new": len(report.new_articles), "error": report.error}


@app.task(name="digest.poll_batch")
def poll_batch(feed_ids: list[str]) -> dict[str, int]:
    """Many feeds at once in this worker process: threads wait on the network; parsing runs here,
    and Celery's prefork children spread the batches over the cores."""
    rt = runtime()
    with Poller(rt.store, rt.fetcher, PollOptions()) as poller:
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
    """Poll every feed some list reads: what beat fires every few minutes."""
    return _fan_out(runtime().store.feeds.all_ids())


@app.task(name="digest.build_and_send")
def build_and_send(slug: str) -> str | None:
    """Build the list's next issue from what is collected, and queue its send."""
    rt = runtime()
    issue = build_issue(rt.store, slug, utcnow(), archive_url=rt.archive_url(slug))
    if issue is None:
        log.info("list %s: nothing new, no issue", slug)
        return None
    send_issue.delay(slug, issue.number)
    return issue.id


@app.task(name="digest.send_issue")
def send_issue(slug: str, number: int) -> int:
    """Freeze the recipients and fan out one task per chunk (no chord: chunks report into Redis)."""
    chunks = start_send(runtime().store, slug, number, utcnow())
    for chunk in chunks:
        send_chunk.delay(slug, number, chunk[0], chunk[1])
    return len(chunks)


@app.task(name="digest.send_chunk", bind=True, max_retries=5, acks_late=True, reject_on_worker_lost=True)
def send_chunk(self: Task, slug: str, number: int, start: int, stop: int) -> dict[str, int]:
    rt = runtime()
    try:
        report = deliver_chunk(rt.store, rt.transport(), rt.links, slug, number, (start, stop), utcnow)
    except TransportError as exc:
        if exc.permanent:
            log.error("issue %s-%s paused: %s", slug, number, exc)
            return {"failed": stop - start + 1}
        raise self.retry(exc=exc, countdown=min(300, 10 * 2**self.request.retries)) from exc
    return {"sent": report.sent, "failed": report.failed, "skipped": report.skipped}
