"""Thin tasks over the pipeline: poll feeds, build an issue, fan its send out in chunks."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task

from digest import scheduling
from digest.deliver import deliver_chunk, start_send
from digest.errors import NotFound, TransportError
from digest.pipeline import collect_feed
from digest.runtime import Runtime, utcnow
from worker import heartbeat  # noqa: F401  (connects the liveness signal handlers)
from worker.app import app

log = logging.getLogger(__name__)
_runtime: Runtime | None = None


def runtime() -> Runtime:
    """One Runtime per worker process, built on first use (after the fork, so connections are not shared)."""
    global _runtime
    if _runtime is None:
        _runtime = Runtime.from_env()
    return _runtime


@app.task(name="digest.poll_feed", bind=True, max_retries=3, default_retry_delay=60)
def poll_feed(self: Task, feed_id: str) -> dict[str, Any]:
    rt = runtime()
    report = collect_feed(rt.store, rt.fetcher, feed_id, utcnow())
    return {"feed": report.url, "new": len(report.new_articles), "error": report.error}


@app.task(name="digest.poll_list")
def poll_list(slug: str) -> int:
    """Queue one poll per feed, so a slow feed never holds the others up."""
    feed_ids = runtime().store.feeds.ids_for_list(slug)
    for feed_id in feed_ids:
        poll_feed.delay(feed_id)
    return len(feed_ids)


@app.task(name="digest.poll_all")
def poll_all() -> int:
    """Beat's periodic poll: one task per feed of every list."""
    feed_ids = runtime().store.feeds.all_ids()
    for feed_id in feed_ids:
        poll_feed.delay(feed_id)
    return len(feed_ids)


@app.task(name="digest.tick")
def tick(slug: str, cadence: str, force: bool = False) -> str:
    """Beat's per-minute look at one list's cadence: build and send its issue when a slot is due."""
    rt = runtime()
    try:
        rt.store.schedules.get(slug, cadence)
    except NotFound:
        # The list or its edition was deleted while beat still held its entry: drop the entry.
        from worker import beat

        beat.remove(slug, cadence)
        return "removed"
    outcome = scheduling.tick(
        rt.store, rt.fetcher, slug, cadence, utcnow(), force=force, archive_url=rt.archive_url(slug)
    )
    for issue in outcome.issues:
        send_issue.delay(slug, issue.number)
        log.info("list %s/%s: slot %s built %s", slug, cadence, outcome.slot, issue.id)
    if not outcome.issues and outcome.status not in ("not-due", "paused"):
        log.info("list %s/%s: slot %s %s", slug, cadence, outcome.slot, outcome.status)
    return outcome.status


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
