"""Mailing lists: create, describe, update, delete."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from digest.addresses import check_from, display_name, normalise
from digest.admin.branding import branding_overview
from digest.admin.review import review_overview
from digest.errors import InvalidInput
from digest.models import Grouping, IssueStatus, MailingList
from digest.schedules.cron import next_runs
from digest.store import Store
from digest.store.issues import issue_id

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")  # whole string (fullmatch): a slug is part of keys


def create_list(
    store: Store,
    slug: str,
    *,
    name: str,
    from_addr: str,
    now: datetime,
    reply_to: str = "",
    description: str = "",
) -> MailingList:
    if not _SLUG.fullmatch(slug):
        raise InvalidInput(
            f"list slug {slug!r} is not valid: use 1-40 lower-case letters, digits, '-' or '_', "
            "e.g. morning-brief"
        )
    if reply_to:
        normalise(reply_to)
    mailing_list = MailingList(
        slug=slug,
        name=display_name(name, "--name") or slug,
        from_addr=check_from(from_addr),
        created_at=now,
        reply_to=reply_to.strip(),
        description=description.strip(),
    )
    store.lists.create(mailing_list)
    return mailing_list


def update_list(
    store: Store,
    slug: str,
    *,
    name: str | None = None,
    from_addr: str | None = None,
    reply_to: str | None = None,
    description: str | None = None,
    greeting: bool | None = None,
    utm: bool | None = None,
    images: bool | None = None,
    group_by: Grouping | None = None,
) -> MailingList:
    """Change the given fields only; an empty --reply-to or --description clears it."""
    fields: dict[str, str] = {}
    if name is not None:
        if not display_name(name, "--name"):
            raise InvalidInput("--name must not be empty: the name is the digest's masthead")
        fields["name"] = display_name(name, "--name")
    if from_addr is not None:
        fields["from_addr"] = check_from(from_addr)
    if reply_to is not None:
        if reply_to.strip():
            normalise(reply_to)
        fields["reply_to"] = reply_to.strip()
    if description is not None:
        fields["description"] = description.strip()
    if greeting is not None:
        fields["greeting"] = "on" if greeting else "off"
    if utm is not None:
        fields["utm"] = "on" if utm else "off"
    if images is not None:
        fields["images"] = "on" if images else "off"
    if group_by is not None:
        fields["group_by"] = Grouping(group_by).value
    if not fields:
        raise InvalidInput(
            "nothing to change: give at least one of --name, --from, --reply-to, --description, "
            "--greeting, --utm, --images, --group-by"
        )
    return store.lists.update(slug, fields)


def next_scheduled_run(store: Store, slug: str, now: datetime | None = None) -> datetime | None:
    """When the list's next issue is due, over its editions that are not paused."""
    moment = now or datetime.now(UTC)
    runs = [
        run
        for schedule in store.schedules.for_list(slug)
        if not schedule.paused
        for run in next_runs(schedule.cron, schedule.tz, moment, 1)
    ]
    return min(runs) if runs else None


def editions_overview(store: Store, slug: str) -> list[dict[str, Any]]:
    """Each edition's schedule and its skipped slots (a slot with nothing new builds no issue)."""
    overview = []
    for schedule in store.schedules.for_list(slug):
        skipped, last_skipped = store.schedules.skips(slug, schedule.edition)
        overview.append(
            {
                "edition": schedule.edition,
                "spec": schedule.spec,
                "tz": schedule.tz,
                "paused": schedule.paused,
                "skipped_slots": skipped,
                "last_skipped": last_skipped,
            }
        )
    return overview


def list_overview(store: Store, mailing_list: MailingList) -> dict[str, Any]:
    """What `lists list` and `lists show` print: fields, subscriber counts by status, issues."""
    slug = mailing_list.slug
    numbers = store.issues.numbers(slug)
    return {
        "slug": slug,
        "name": mailing_list.name,
        "from": mailing_list.from_addr,
        "reply_to": mailing_list.reply_to,
        "description": mailing_list.description,
        "greeting": mailing_list.greeting,
        "branding": branding_overview(mailing_list),
        "utm": mailing_list.utm,
        "images": mailing_list.images,
        "group_by": mailing_list.group_by.value,
        "created_at": mailing_list.created_at,
        "subscribers": {s.value: n for s, n in store.subscribers.counts(slug).items()},
        "feeds": len(store.feeds.ids_for_list(slug)),
        "issues": len(numbers),
        "last_issue": issue_id(slug, numbers[-1]) if numbers else None,
        "last_cutoff": store.lists.last_cutoff(slug),
        "next_run": next_scheduled_run(store, slug),
        "editions": editions_overview(store, slug),
        **review_overview(store, slug),
    }


def delete_list(store: Store, slug: str) -> int:
    """Delete the list and everything tagged with it; refused while one of its issues is sending.

    Subscribers stay (they are shared with other lists), as do feeds other lists may read; a feed
    only this list read leaves the poll, as `feeds remove` would have it.
    """
    store.lists.get(slug)
    numbers = store.issues.numbers(slug)
    for number in reversed(numbers):
        issue = store.issues.get(slug, number)
        if issue.status is IssueStatus.SENDING:
            raise InvalidInput(
                f"list {slug!r} has a send in progress (issue {issue.id}): wait until "
                f"`digest issue status {issue.id}` says it is done, then delete"
            )
    for schedule in store.schedules.for_list(slug):
        store.schedules.delete(slug, schedule.edition)  # its entry in the global index of schedules
    for feed_id in store.feeds.ids_for_list(slug):
        store.feeds.detach(slug, feed_id)  # else the feed's readers keep naming a list that is gone
    return store.lists.delete(slug, [issue_id(slug, n) for n in numbers])
