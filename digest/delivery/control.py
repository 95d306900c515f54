"""Operating a running issue: pause, resume, cancel, and how far along it is.

Pause and cancel are a status in Redis that every chunk reads before each batch, so they take effect
within one batch on every worker; resume sets the issue sending again and the caller re-queues its
chunks, whose claims make the second pass skip everyone already settled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from digest.errors import InvalidInput
from digest.models import IssueStatus
from digest.store import Store

_RUNNING = (IssueStatus.QUEUED, IssueStatus.SENDING)


def pause_issue(store: Store, slug: str, number: int, reason: str = "paused by an operator") -> None:
    changed, before = store.issues.transition(slug, number, IssueStatus.PAUSED, _RUNNING, reason)
    if not changed:
        raise InvalidInput(f"issue {slug}-{number} is {before.value}, not sending: nothing to pause")


def resume_issue(store: Store, slug: str, number: int, now: datetime) -> None:
    """Mark a paused issue sending again, or take over an inline send whose process died (its lease
    ran out: what it had in flight becomes unconfirmed); the caller then sends or queues its chunks."""
    changed, before = store.issues.transition(slug, number, IssueStatus.SENDING, (IssueStatus.PAUSED,))
    if changed:
        return
    if before is IssueStatus.SENDING:
        orphan = store.issues.orphaned_sender(slug, number)
        if orphan:
            store.issues.settle_orphan(slug, number, orphan, now)
            return
        raise InvalidInput(
            f"issue {slug}-{number} is being sent (by a running process or the workers): nothing to "
            f"resume; follow it with `digest issue status {slug}-{number}`"
        )
    raise InvalidInput(f"issue {slug}-{number} is {before.value}, not paused: nothing to resume")


def cancel_issue(store: Store, slug: str, number: int) -> None:
    allowed = (*_RUNNING, IssueStatus.PAUSED)
    changed, before = store.issues.transition(
        slug, number, IssueStatus.CANCELLED, allowed, "cancelled by an operator"
    )
    if not changed:
        raise InvalidInput(f"issue {slug}-{number} is {before.value}: only a queued, sending or paused one")


@dataclass(frozen=True)
class Progress:
    done: int
    pending: int
    rate: float  # recipients settled per second since the send started
    eta_seconds: float | None  # None when finished, stopped, or nothing settled yet

    def as_dict(self) -> dict[str, Any]:
        return {
            "done": self.done,
            "pending": self.pending,
            "rate": self.rate,
            "eta_seconds": self.eta_seconds,
        }


def progress(
    recipients: int,
    counts: dict[str, int],
    status: IssueStatus,
    started_at: datetime | None,
    finished_at: datetime | None,
    now: datetime,
) -> Progress:
    """Pure: rate over the send so far and the time left at that rate, while it is running."""
    done = sum(counts.values())
    pending = max(0, recipients - done)
    end = finished_at or now
    elapsed = (end - started_at).total_seconds() if started_at else 0.0
    rate = done / elapsed if elapsed > 0 else 0.0
    running = status is IssueStatus.SENDING and pending > 0
    eta = pending / rate if running and rate > 0 else None
    return Progress(done, pending, round(rate, 1), None if eta is None else round(eta, 1))
