"""Transactional emails to a list's people, rendered with the digest's template family: the double
opt-in confirmation, the one reminder to confirm, and the optional welcome.

Joining (digest.audience.subscribe) tells this module two things, `awaiting_confirmation` and
`confirmed`; what follows from them is decided here and sent by the workers' follow-up tick
(`send_due`), so no web request waits on a mail server for a welcome, and a reminder a day later
needs no request at all. Each notice is claimed in Redis before it is sent: two workers never send the
same one, and a person is reminded once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from digest.delivery.fanout import LinkContext, recipient_for
from digest.delivery.letters import batch_of
from digest.delivery.links import make_confirm_token
from digest.issues.listtemplates import render_notice_for_list
from digest.issues.render import greeting_name
from digest.issues.templatenotices import render_notice
from digest.models import IssueStatus, MailingList, RenderedIssue, SubscriberStatus
from digest.store import Store
from digest.transports.base import Transport

log = logging.getLogger(__name__)
REMIND_AFTER = timedelta(hours=24)


def _render(
    store: Store | None,
    kind: str,
    mailing_list: MailingList,
    values: dict[str, str],
    *,
    isolated: bool = True,
) -> RenderedIssue:
    """The list's own email of this kind when it has one that renders whole (with a store to read it
    from), else the default one: a template never stops an email."""
    if store is None:
        return render_notice(kind, mailing_list, values)
    return render_notice_for_list(store, mailing_list, kind, values, isolated=isolated)


def render_confirmation(
    mailing_list: MailingList, *, name: str, confirm_url: str, store: Store | None = None
) -> RenderedIssue:
    """Rendered in the sandbox without the isolating child: the web process sends it (see
    render_notice_for_list)."""
    values = {"name": greeting_name(name), "confirm_url": confirm_url}
    return _render(store, "confirm", mailing_list, values, isolated=False)


def awaiting_confirmation(store: Store, slug: str, subscriber_id: str, now: datetime) -> None:
    """A confirmation link went out: the one reminder falls due a day later (asking again does not
    move it)."""
    store.notices.awaiting(slug, subscriber_id, now)


def confirmed(store: Store, slug: str, subscriber_id: str, now: datetime) -> None:
    """No reminder any more; a welcome when the list sends one."""
    store.notices.stop_awaiting(slug, subscriber_id)
    if store.notices.welcome_on(slug):
        store.notices.owe_welcome(slug, subscriber_id, now)


@dataclass
class NoticeReport:
    welcomed: int = 0
    reminded: int = 0
    skipped: int = 0
    failed: int = 0


def latest_issue_url(store: Store, slug: str, base_url: str) -> str:
    """The archive page of the list's latest issue that went out, else the archive itself."""
    for number in reversed(store.issues.numbers(slug)[-20:]):
        issue = store.issues.get(slug, number)
        if issue.status is IssueStatus.SENT and not issue.catch_up:
            return f"{base_url}/archive/{slug}/{number}"
    return f"{base_url}/archive/{slug}"


def send_due(
    store: Store, transport: Transport, links: LinkContext, slug: str, now: datetime
) -> NoticeReport:
    """Welcomes owed and reminders due for one list. Whoever is no longer pending (for a reminder) or
    active (for a welcome), or whose address is suppressed, is skipped and forgotten."""
    report = NoticeReport()
    mailing_list = store.lists.get(slug)
    for subscriber_id in store.notices.welcomes_due(slug, now):
        if store.notices.take_welcome(slug, subscriber_id):
            _send(store, transport, links, mailing_list, subscriber_id, "welcome", report)
    for subscriber_id in store.notices.awaiting_since_before(slug, now - REMIND_AFTER):
        if store.notices.mark_reminded(slug, subscriber_id):
            _send(store, transport, links, mailing_list, subscriber_id, "reminder", report)
    return report


def _send(
    store: Store,
    transport: Transport,
    links: LinkContext,
    mailing_list: MailingList,
    subscriber_id: str,
    kind: str,
    report: NoticeReport,
) -> None:
    slug = mailing_list.slug
    wanted = SubscriberStatus.ACTIVE if kind == "welcome" else SubscriberStatus.PENDING
    current = store.subscribers.subscription(slug, subscriber_id)
    people = store.subscribers.get_many([subscriber_id])
    person = people.get(subscriber_id)
    if current is None or current.status is not wanted or person is None:
        report.skipped += 1
        store.notices.stop_awaiting(slug, subscriber_id)  # nothing more to remind them of
        return
    if store.suppression.contains_many([person.email]):
        report.skipped += 1
        return
    recipient = recipient_for(links, subscriber_id, person.email, person.name, slug)
    if kind == "welcome":
        context = {
            "name": greeting_name(person.name),
            "latest_url": latest_issue_url(store, slug, links.base_url),
            "unsubscribe_url": recipient.unsubscribe_url,
            "preferences_url": recipient.preferences_url,
        }
    else:
        token = make_confirm_token(links.secret, subscriber_id, slug)
        context = {"name": greeting_name(person.name), "confirm_url": f"{links.base_url}/confirm/{token}"}
    rendered = _render(store, kind, mailing_list, context)
    batch = batch_of(
        f"{kind}-{subscriber_id}",
        mailing_list.from_addr,
        rendered,
        [recipient],
        reply_to=mailing_list.reply_to,
        headers={"X-Digest-Kind": kind},
    )
    try:
        (result,) = transport.send_batch(batch)
    except Exception as exc:  # one person's notice never stops the others'
        log.warning("list %s: %s to subscriber %s failed: %s", slug, kind, subscriber_id, exc)
        report.failed += 1
        return
    if not result.ok:
        log.warning("list %s: %s to subscriber %s failed: %s", slug, kind, subscriber_id, result.error)
        report.failed += 1
    elif kind == "welcome":
        report.welcomed += 1
    else:
        report.reminded += 1
