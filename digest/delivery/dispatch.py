"""Send now or queue: the one way every face starts a send (`issue send`, `issue resume`, `issue resend`,
`schedule run-now`, the demo), inline in its own process or handed to the workers.

Sending here always goes through a Sender, and the faces get theirs from the composition root
(Runtime.sender), whose limiter is the account's shared token bucket: an inline send keeps
DIGEST_SEND_RATE exactly as the workers' chunks do, whichever command started it. The Sender is asked
for only when sending here, so a queued send builds no transport. Queueing is the caller's function
(digest/cli/queue.py names the task), which keeps this use case free of Celery.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from digest.delivery.fanout import ChunkReport, Sender, deliver_ids, resend_unconfirmed, start_send

# Hands one issue of a list (slug, number) to the workers.
Queue = Callable[[str, int], None]


def send_now(sender: Sender, slug: str, number: int) -> ChunkReport:
    """Every chunk of the issue in this process, through the sender and its rate limiter; a chunk that
    stops the send (a permanent provider error, a pause, a cancel) stops the rest too."""
    total = ChunkReport()
    for start, stop in start_send(sender.store, slug, number, sender.clock()):
        ids = sender.store.issues.recipient_ids(slug, number, start, stop)
        part = deliver_ids(sender, slug, number, ids, owner=uuid.uuid4().hex)
        total.add(part)
        if part.stopped:
            break
    return total


def send_or_queue(
    slug: str, number: int, *, inline: bool, sender: Callable[[], Sender], queue: Queue
) -> ChunkReport | None:
    """Send the issue here when `inline`, else queue it; None when it was queued."""
    if not inline:
        queue(slug, number)
        return None
    return send_now(sender(), slug, number)


def resend_or_queue(
    slug: str, number: int, *, inline: bool, sender: Callable[[], Sender], queue: Queue
) -> ChunkReport | None:
    """Resend, deliberately, to the issue's unconfirmed recipients: here when `inline`, else queued."""
    if not inline:
        queue(slug, number)
        return None
    return resend_unconfirmed(sender(), slug, number)
