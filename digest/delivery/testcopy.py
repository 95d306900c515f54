"""Test copies: an issue (or the next one) sent to a few given addresses through the configured
transport, marked as a test, and spending nothing.

Nothing of a test copy is recorded in the list's history: no delivery record, no issue number, no
article marked used. Its links carry a subscriber id no person has (`test-…`), so the unsubscribe and
preferences links in it act on no one, even when the address is a subscriber's; the batch's id ends in
`-test`, which no issue id does, so a provider's events about it change nothing of any issue.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from digest.addresses import normalise
from digest.delivery.fanout import Sender, recipient_for
from digest.delivery.letters import batch_of
from digest.errors import DigestError, InvalidInput
from digest.issues import review
from digest.issues.build import preview_issue
from digest.models import IssueStatus, MailingList, Recipient, RenderedIssue, SendResult

SUBJECT_PREFIX = "[Test] "
TEST_HEADER = "X-Digest-Test"
MAX_ADDRESSES = 20  # a test copy is for a few people; a list is for many


def copy_recipient(sender: Sender, slug: str, address: str) -> Recipient:
    """A recipient at `address` whose links name no subscriber of any list."""
    pseudo = "test-" + hashlib.sha256(address.lower().encode("utf-8")).hexdigest()[:16]
    return recipient_for(sender.links, pseudo, address, "", slug)


def copy_id(slug: str, number: int) -> str:
    return f"{slug}-{number}-test"


def checked_addresses(sender: Sender, addresses: Sequence[str]) -> list[str]:
    """Valid, distinct, not suppressed: a test copy goes around no rule a real send keeps."""
    if not addresses:
        raise InvalidInput("no address to send the test copy to: give --to ADDRESS")
    if len(addresses) > MAX_ADDRESSES:
        raise InvalidInput(f"{len(addresses)} addresses for a test copy: at most {MAX_ADDRESSES}")
    found = list(dict.fromkeys(normalise(a) for a in addresses))
    blocked = sender.suppressed(found) if sender.suppressed else sender.store.suppression.contains_many(found)
    if blocked:
        first = sorted(blocked)[0]
        raise InvalidInput(
            f"{first} is on the suppression list: no mail goes to it, test copies included "
            f"(`digest suppress remove {first}` if that is wrong)"
        )
    return found


def send_test_copy(
    sender: Sender,
    mailing_list: MailingList,
    number: int,
    rendered: RenderedIssue,
    addresses: Sequence[str],
) -> list[SendResult]:
    """Send `rendered` (already bearing its banner) to each address; raises when none got it."""
    found = checked_addresses(sender, addresses)
    marked = dataclasses.replace(rendered, subject=SUBJECT_PREFIX + rendered.subject)
    recipients = [copy_recipient(sender, mailing_list.slug, address) for address in found]
    batch = batch_of(
        copy_id(mailing_list.slug, number),
        mailing_list.from_addr,
        marked,
        recipients,
        reply_to=mailing_list.reply_to,
        headers={TEST_HEADER: "1"},
    )
    sender.limiter.acquire(len(recipients))
    results = sender.transport.send_batch(batch)
    failed = [(r, result) for r, result in zip(recipients, results, strict=True) if not result.ok]
    if failed and len(failed) == len(results):
        recipient, result = failed[0]
        raise DigestError(f"the test copy to {recipient.email} was not sent: {result.error}")
    return results


@dataclass(frozen=True)
class CopySent:
    issue_id: str  # the issue copied, or the id the next issue would have
    stored: bool  # False: the next issue, rendered for the copy and not stored
    results: list[SendResult]


def banner(what: str) -> list[str]:
    return [
        f"Test copy of {what}, sent only to you: no subscriber has received it, and nothing was spent.",
        "Its unsubscribe and preferences links act on no one.",
    ]


def send_next_copy(
    sender: Sender,
    slug: str,
    addresses: Sequence[str],
    now: datetime,
    *,
    archive_url: str = "",
    new_only: bool = False,
) -> CopySent | None:
    """A test copy of what `digest issue send LIST` would send next: the oldest issue built and not
    sent yet (a draft, or one queued), else the next issue of new articles, rendered and not stored
    (only that with `new_only`: what `issue preview` shows). None when there is nothing to send."""
    store = sender.store
    mailing_list = store.lists.get(slug)
    found = checked_addresses(sender, addresses)
    for number in [] if new_only else store.issues.numbers(slug)[-10:]:
        issue = store.issues.get(slug, number)
        if issue.status in (IssueStatus.DRAFT, IssueStatus.QUEUED):
            what = f"{issue.id} ({issue.status.value})"
            rendered = review.render_copy(store, issue, banner(what), archive_url=archive_url)
            return CopySent(issue.id, True, send_test_copy(sender, mailing_list, number, rendered, found))
    preview = preview_issue(
        store, slug, now, archive_url=archive_url, banner=banner(f"the next issue of {mailing_list.name}")
    )
    if preview is None:
        return None
    issue = preview.issue
    return CopySent(
        issue.id, False, send_test_copy(sender, mailing_list, issue.number, preview.rendered, found)
    )
