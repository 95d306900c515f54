"""Send now or queue: the one way every face starts a send (`issue send`, `issue resume`, `issue resend`,
`schedule run-now`, the demo), inline in its own process or handed to the workers.

Sending here always goes through a Sender, and the faces get theirs from the composition root
(Runtime.sender), whose limiter is the account's shared token bucket: an inline send keeps
DIGEST_SEND_RATE exactly as the workers' chunks do, whichever command started it. The Sender is asked
for only when sending here, so a queued send builds no transport. Queueing is the caller's function
(digest/cli/queue.py names the task), which keeps this use case free of Celery.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from digest.delivery.fanout import ChunkReport, Sender, deliver_ids, resend_unconfirmed, start_send
from digest.delivery.testcopy import send_test_copy
from digest.errors import DigestError, InvalidInput
from digest.issues import review
from digest.models import Issue, IssueStatus, SendResult

log = logging.getLogger(__name__)

# Hands one issue of a list (slug, number) to the workers.
Queue = Callable[[str, int], None]


def send_now(sender: Sender, slug: str, number: int) -> ChunkReport:
    """Every chunk of the issue in this process, through the sender and its rate limiter; a chunk that
    stops the send (a permanent provider error, a pause, a cancel) stops the rest too.

    The send holds a lease while it runs (digest/store/takeover.py): a second inline send of the same
    issue is refused, and if this process is killed, `issue resume` takes over once the lease runs out.
    """
    store = sender.store
    lease = store.issues.send_lease(slug, number, sender.lease_seconds)
    if not lease.take():
        raise InvalidInput(
            f"issue {slug}-{number} is being sent by another running process: "
            f"follow it with `digest issue status {slug}-{number}`"
        )
    total = ChunkReport()
    try:
        store.issues.note_inline_sender(slug, number, lease.holder)
        with lease.kept_alive():
            for start, stop in start_send(store, slug, number, sender.clock()):
                ids = store.issues.recipient_ids(slug, number, start, stop)
                part = deliver_ids(sender, slug, number, ids, owner=lease.holder)
                total.add(part)
                if part.stopped:
                    break
    finally:
        store.issues.forget_inline_sender(slug, number, lease.holder)
        lease.release()
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


def send_or_hold(
    issue: Issue,
    *,
    inline: bool,
    sender: Callable[[], Sender],
    queue: Queue,
    archive_url: str = "",
) -> ChunkReport | None:
    """What every face does with an issue it just built: a draft is held, and its editors mailed a
    copy to review; any other issue is sent here or queued."""
    if issue.status is IssueStatus.DRAFT:
        mail_editors(sender(), issue, archive_url=archive_url)
        return None
    return send_or_queue(issue.list_slug, issue.number, inline=inline, sender=sender, queue=queue)


def mail_editors(sender: Sender, issue: Issue, *, archive_url: str = "") -> list[SendResult]:
    """A test copy of the draft to each editor, headed by what to do with it. A failure is returned,
    not raised: the draft waits all the same, and `digest issue list` shows it."""
    store = sender.store
    policy = store.review.policy(issue.list_slug)
    if not policy.editors:
        return []
    articles = review.articles_of(store, issue)
    deadline = store.review.deadline(issue.list_slug, issue.number)
    banner = review.editor_banner(issue, articles, deadline, policy.on_timeout)
    rendered = review.render_copy(store, issue, banner, archive_url=archive_url)
    mailing_list = store.lists.get(issue.list_slug)
    try:
        results = send_test_copy(sender, mailing_list, issue.number, rendered, policy.editors)
    except DigestError as exc:
        results = [SendResult("", ok=False, error=str(exc))]
    for result in results:
        if not result.ok:
            log.warning("draft %s: a copy for its editors was not sent: %s", issue.id, result.error)
    return results
